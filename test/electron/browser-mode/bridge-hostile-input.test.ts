/**
 * Issue 12 point 7: whatever a local page posts to the browser-mode bridge, the answer is never an
 * HTTP 500 or a stack trace. A body that is not a call (`{"method":{}}`, `null`, an array…) is a
 * 400 with the typed error envelope; a well-formed call to an unknown method or with bad input is
 * the dispatcher's own envelope.
 */
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridgeServer, type RunningBridge } from '../../../electron/browser-mode/bridge-server';
import { silentLogger } from '../../../electron/core/ports';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createHandlers } from '../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../support/fake-core';
import { useTempDirs } from '../../support/temp-dir';

function post(port: number, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/__bridge/invoke',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, type: String(res.headers['content-type']) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('bridge: hostile request bodies', () => {
  const tmp = useTempDirs();
  let bridge: RunningBridge | undefined;
  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
  });

  const start = async () => {
    const dir = tmp();
    const rendererRoot = path.join(dir, 'renderer');
    mkdirSync(rendererRoot);
    writeFileSync(path.join(rendererRoot, 'index.html'), '<html><body></body></html>');
    writeFileSync(path.join(dir, 'web-bridge.js'), 'window.x=1');
    const { core } = makeTestCore(path.join(dir, 'user-data'));
    bridge = await startBridgeServer({
      rendererRoot,
      webBridgeScript: path.join(dir, 'web-bridge.js'),
      dispatch: createDispatcher(createHandlers(core), silentLogger),
      log: silentLogger,
      token: 'test-token-0123456789abcdef',
    });
    const b = bridge;
    const headers = {
      Host: `127.0.0.1:${b.port}`,
      Origin: b.origin,
      'X-Console-Token': b.token,
      'Content-Type': 'application/json',
    };
    return (body: string) => post(b.port, headers, body);
  };

  const notACall: Array<[string, string]> = [
    ['method is an object', '{"method":{}}'],
    ['method is an array', '{"method":["settings.get"]}'],
    ['method is a number', '{"method":42}'],
    ['method is null', '{"method":null}'],
    ['method is missing', '{"input":{}}'],
    ['method is empty', '{"method":""}'],
    ['method is 10 kB long', JSON.stringify({ method: 'x'.repeat(10_000) })],
    ['body is null', 'null'],
    ['body is an array', '[]'],
    ['body is a string', '"settings.get"'],
    ['body is a number', '7'],
    ['body is true', 'true'],
    ['body is empty', ''],
    ['body is not JSON', '{method:'],
    ['body has a NUL byte', '{"method":"settings.get\u0000"}'],
    ['__proto__ as the call', '{"__proto__":{"method":"settings.get"}}'],
  ];

  it.each(notACall)('%s: 400 with a VALIDATION envelope', async (_name, body) => {
    const invoke = await start();
    const res = await invoke(body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/json/);
    const envelope = JSON.parse(res.body) as {
      ok: boolean;
      error: { code: string; message: string; details?: { reason?: string } };
    };
    expect(envelope.ok).toBe(false);
    expect(envelope.error.code).toBe('VALIDATION');
    expect(envelope.error.details?.reason).toMatch(/^(BAD_BRIDGE_REQUEST|MALFORMED_JSON)$/);
    expect(envelope.error.message).not.toMatch(/\n|at .*\.ts|TypeError/);
  });

  it.each([
    ['unknown method', '{"method":"no.such"}', 'UNKNOWN_METHOD'],
    ['prototype name as method', '{"method":"constructor"}', 'UNKNOWN_METHOD'],
    ['__proto__ as method', '{"method":"__proto__"}', 'UNKNOWN_METHOD'],
    ['input of the wrong type', '{"method":"settings.get","input":"x"}', 'VALIDATION'],
    ['input with an unknown key', '{"method":"settings.get","input":{"x":1}}', 'VALIDATION'],
  ])('%s: the dispatcher envelope, never a 500', async (_name, body, code) => {
    const invoke = await start();
    const res = await invoke(body);
    expect(res.status).toBeLessThan(500);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('dispatcher: a method name that is not a string (Electron IPC carries any cloneable value)', () => {
  const tmp = useTempDirs();
  it.each([[{}], [null], [42], [['settings.get']]])('%j: UNKNOWN_METHOD naming the type', async (method) => {
    const { core } = makeTestCore(path.join(tmp(), 'user-data'));
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const r = await dispatch(
      method as unknown as string,
      {},
      { transport: 'electron', emit: () => undefined },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(!r.ok && r.error.message).toMatch(/^the method name must be a string, not (object|null|number)$/);
  });
});
