/**
 * Build+sign of a 200 MB package source tree (half random bytes, half text) against what two
 * standard tools need for the same work in the same run: `zip -qr` (deflate) plus `sha256sum` of
 * every file. Goal: no slower than both together.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPackage } from '../wapt/packages/index';
import { createKeyAndCertificate, createSigner, loadPrivateKey } from '../wapt/signing/index';
import { timeOnce, type BenchCase } from './lib';

const MB = 1024 * 1024;

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** Pseudo-natural text: compresses like source code and logs do (about 3–4×). */
function textChunk(bytes: number, seed: number): Buffer {
  const words = [
    'install',
    'package',
    'windows',
    'update',
    'the',
    'of',
    'registry',
    'HKLM',
    'Software',
    'version',
    'error',
    'file',
    'path',
    'C:\\Program Files',
    'uninstall',
    'silent',
    '/S',
    'msiexec',
    'def',
    'return',
  ];
  const parts: string[] = [];
  let size = 0;
  let x = seed;
  while (size < bytes) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const w = `${words[x % words.length]}${x % 7 === 0 ? `_${x % 1000}` : ''}${x % 13 === 0 ? '\n' : ' '}`;
    parts.push(w);
    size += w.length;
  }
  return Buffer.from(parts.join('').slice(0, bytes));
}

function makeTree(root: string): void {
  mkdirSync(path.join(root, 'WAPT'), { recursive: true });
  writeFileSync(
    path.join(root, 'WAPT/control'),
    'package: bench-big\nversion: 1.0-1\ndescription: 200 MB benchmark\n',
  );
  writeFileSync(path.join(root, 'setup.py'), 'def install():\n    pass\n');
  mkdirSync(path.join(root, 'bin'));
  for (let i = 0; i < 20; i++) writeFileSync(path.join(root, 'bin', `blob${i}.bin`), randomBytes(5 * MB));
  mkdirSync(path.join(root, 'docs'));
  for (let i = 0; i < 100; i++) writeFileSync(path.join(root, 'docs', `doc${i}.txt`), textChunk(MB, i + 1));
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out;
}

const bench: BenchCase = {
  name: 'package build + sign, 200 MB tree (half random, half text)',
  async run() {
    if (!hasTool('zip') || !hasTool('sha256sum')) {
      console.log(
        '  skipped: the reference needs `zip` and `sha256sum` (install with: apt-get install -y zip coreutils)',
      );
      return [];
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wapt-bench-'));
    try {
      const src = path.join(dir, 'src');
      makeTree(src);
      const created = await createKeyAndCertificate({ commonName: 'Bench', codeSigning: true, isCA: true });
      const signer = createSigner({
        key: loadPrivateKey(created.keyPem),
        certificateChain: [created.certificate],
      });
      // Warm the page cache for both contenders.
      execFileSync('sh', [
        '-c',
        `cat ${JSON.stringify(src)}/bin/* ${JSON.stringify(src)}/docs/* > /dev/null`,
      ]);
      const files = listFiles(src);

      const zipMs = await timeOnce(() =>
        execFileSync('zip', ['-qr', path.join(dir, 'ref.zip'), '.'], { cwd: src }),
      );
      const shaMs = await timeOnce(() => execFileSync('sha256sum', files, { maxBuffer: 64 * MB }));
      let out = '';
      const buildMs = await timeOnce(async () => {
        out = (await buildPackage({ sourceDir: src, outDir: path.join(dir, 'out'), signer })).path;
      });
      console.log(
        `  zip -qr: ${zipMs.toFixed(0)} ms, sha256sum: ${shaMs.toFixed(0)} ms, built ${path.basename(out)}`,
      );
      return [
        {
          subject: { label: 'buildPackage', ms: buildMs },
          reference: { label: 'zip -qr + sha256sum', ms: zipMs + shaMs },
          goal: 1,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
