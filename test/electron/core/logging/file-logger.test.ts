import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createFileLogger,
  LOG_FILE_STEM,
  logDirectory,
  type FileLogger,
} from '../../../../electron/core/logging/file-logger';
import { useTempDirs } from '../../../support/temp-dir';

const makeTempDir = useTempDirs('wapt-log-');

const open: FileLogger[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

function start(dir: string, extra: Partial<Parameters<typeof createFileLogger>[0]> = {}) {
  const log = createFileLogger({ userDataDir: dir, src: 'test', ...extra });
  open.push(log);
  return log;
}

function logFiles(dir: string): string[] {
  return readdirSync(logDirectory(dir))
    .filter((f) => f.startsWith(`${LOG_FILE_STEM}.`) && f.endsWith('.log'))
    .sort();
}

function records(dir: string): Array<Record<string, unknown>> {
  return logFiles(dir).flatMap((f) =>
    readFileSync(path.join(logDirectory(dir), f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

describe('the log file', () => {
  it('writes one JSON line per record in <user data>/logs, including records logged before it opened', async () => {
    const dir = makeTempDir();
    const log = start(dir);
    log.info('app.start', { version: '1.2.3', mode: 'electron' });
    await log.ready;
    log.warn('ipc.failed', { method: 'hosts.list', code: 'NOT_CONNECTED' });
    await log.flush();
    const lines = records(dir);
    expect(lines.map((r) => [r.level, r.event, r.src])).toEqual([
      ['info', 'app.start', 'test'],
      ['warn', 'ipc.failed', 'test'],
    ]);
    expect(lines[1]).toMatchObject({ method: 'hosts.list', code: 'NOT_CONNECTED' });
    expect(typeof lines[0]!.time).toBe('string');
    // Readable by its owner only.
    if (process.platform !== 'win32')
      expect(statSync(path.join(logDirectory(dir), logFiles(dir)[0]!)).mode & 0o077).toBe(0);
  });

  it('never writes a password or a PEM private key given to it, wherever they are in the record', async () => {
    const dir = makeTempDir();
    const log = start(dir);
    const password = 'S3cret-Passw0rd!';
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    }) as string;
    // Cross-check: openssl reads these as private keys, so the test plants real key material.
    execFileSync('openssl', ['pkey', '-noout'], { input: pem });
    execFileSync('openssl', ['rsa', '-noout', '-check'], { input: pkcs1 });
    log.info('session.connect', {
      user: 'admin',
      password,
      serverUrl: `https://admin:${password}@wapt.example`,
    });
    log.error('keys.unlock-failed', {
      message: `could not read ${pkcs1}`,
      nested: { passphrase: password, keyPem: pem, list: [{ token: 'abc123token' }] },
      bytes: Buffer.from(pem),
    });
    log.warn(`event with a key ${pem}`, { query: `user=admin&password=${password}` });
    await log.flush();
    const text = logFiles(dir)
      .map((f) => readFileSync(path.join(logDirectory(dir), f), 'utf8'))
      .join('');
    expect(text).not.toContain(password);
    expect(text).not.toContain('abc123token');
    expect(text).not.toMatch(/PRIVATE KEY/);
    for (const key of [pem, pkcs1]) {
      const body = key.split('\n')[1]!; // one base64 line of the key
      expect(text).not.toContain(body);
    }
    // What is needed to diagnose stays.
    const [first, second] = records(dir);
    expect(first).toMatchObject({ user: 'admin', serverUrl: 'https://admin:[redacted]@wapt.example' });
    expect(second).toMatchObject({ bytes: `[${Buffer.byteLength(pem)} bytes]` });
    expect(String(second!.message)).toContain('could not read [redacted private key]');
  });

  it('starts a new file past the size limit and keeps only the newest files', async () => {
    const dir = makeTempDir();
    const log = start(dir, { maxFileSize: '1k', keepFiles: 2 });
    await log.ready;
    for (let i = 0; i < 60; i++) {
      log.info('job.progress', { i, filler: 'x'.repeat(200) });
      await log.flush();
    }
    log.info('last');
    await log.flush();
    // Rotated at least once, and the oldest removed (pino-roll removes them after it rotates).
    expect(logFiles(dir).length).toBeGreaterThan(1);
    await vi.waitFor(() => expect(logFiles(dir).length).toBeLessThanOrEqual(3));
    const kept = records(dir);
    expect(kept.at(-1)).toMatchObject({ event: 'last' });
    expect(kept.some((r) => r.i === 0)).toBe(false);
    expect(kept.some((r) => r.i === 59)).toBe(true);
  });

  it('keeps the console running when the folder cannot be created, and says so on its echo', async () => {
    const dir = makeTempDir();
    // A file where the logs folder should be: mkdir fails.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(logDirectory(dir), 'not a folder');
    const echoed: string[] = [];
    const echo = { info: () => {}, warn: (e: string) => echoed.push(e), error: () => {} };
    const log = start(dir, { echo });
    await log.ready;
    log.info('still.running');
    await log.flush();
    expect(echoed).toContain('log.file-unavailable');
  });
});
