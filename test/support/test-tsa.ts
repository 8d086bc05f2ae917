/**
 * A real RFC 3161 time-stamping authority on loopback for tests: requests are answered by
 * `openssl ts -reply` with a throw-away TSA certificate (extended key usage timeStamping).
 */
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestTsa {
  url: string;
  /** The TSA certificate, to verify time stamps with (`osslsigncode verify -TSA-CAfile`). */
  caFile: string;
  requests: number;
  close(): Promise<void>;
}

const CONFIG = `[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = ./tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha1, sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

export async function startTestTsa(): Promise<TestTsa> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'test-tsa-'));
  writeFileSync(path.join(dir, 'tsa.cnf'), CONFIG);
  writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'tsa.key',
      '-subj',
      '/CN=test TSA',
      '-addext',
      'extendedKeyUsage=critical,timeStamping',
      '-days',
      '3',
      '-out',
      'tsa.crt',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = n++;
      tsa.requests++;
      const query = path.join(dir, `q${id}.tsq`);
      const reply = path.join(dir, `r${id}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      execFile(
        'openssl',
        [
          'ts',
          '-reply',
          '-config',
          'tsa.cnf',
          '-queryfile',
          query,
          '-inkey',
          'tsa.key',
          '-signer',
          'tsa.crt',
          '-out',
          reply,
        ],
        { cwd: dir },
        (err) => {
          if (err) {
            res.writeHead(500);
            res.end();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
          res.end(readFileSync(reply));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tsa: TestTsa = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    caFile: path.join(dir, 'tsa.crt'),
    requests: 0,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
  return tsa;
}
