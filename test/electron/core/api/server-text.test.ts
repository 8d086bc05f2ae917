/**
 * Issue 12 point 7: no server temporary path in a message. A genuine 1.8.2 server lists the
 * failing uploads by their server path in `errors` (docs/wapt-server-api.md §4.3); the console shows names.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutServerPaths } from '../../../../electron/core/api/server-text';
import { uploadPackageFile } from '../../../../electron/core/api/uploads';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { tempDir } from '../../../wapt/packages/helpers';

const tmp = tempDir('wapt-srvtext-');
afterAll(() => tmp.cleanup());

describe('withoutServerPaths', () => {
  it.each([
    ['/var/www/wapt/tmp/tmpab12.part: control invalid', 'tmpab12.part: control invalid'],
    ['C:\\wapt\\waptserver\\repository\\wapt\\x.wapt', 'x.wapt'],
    ['IOError(2, \'No such file: "/opt/wapt/tmp/up-123"\')', 'IOError(2, \'No such file: "up-123"\')'],
    ['multi\nline\n  text', 'multi line text'],
  ])('%j → %j', (input, out) => expect(withoutServerPaths(input)).toBe(out));

  it.each([
    'see https://www.wapt.fr/en/doc/x.html',
    'version 1.2/3',
    "EWaptUnknownHost('Host NOPE not found',)",
  ])('keeps %j', (text) => expect(withoutServerPaths(text)).toBe(text));
});

describe('upload refusal message', () => {
  // The genuine answer (success false, the path in msg) and a lenient one (success true, the
  // path only in `errors`): both reach the person without the server's path.
  it.each([false, true])('names the file, not the server temporary path (success %s)', async (success) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            success,
            msg: '0 Packages uploaded, 1 errors.\n/var/www/wapt-tmp/tmpQx81z_upload.part: bad zip',
            result: { done: [], errors: ['/var/www/wapt-tmp/tmpQx81z_upload.part'] },
            request_time: 0.01,
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const client = new WaptClient({
        baseUrl: `http://127.0.0.1:${port}`,
        user: 'a',
        password: 'b',
        verifyTls: true,
      });
      const file = path.join(tmp.dir, 'x.wapt');
      writeFileSync(file, 'PK');
      const err = await uploadPackageFile(client, file).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).not.toContain('/var/www');
      expect((err as Error).message).not.toMatch(/\n/);
      expect((err as Error).message).toContain('tmpQx81z_upload.part');
    } finally {
      server.close();
    }
  });
});
