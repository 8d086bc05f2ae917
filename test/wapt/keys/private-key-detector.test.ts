import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findPrivateKeyMaterial,
  scanDirectoryForPrivateKeys,
  scanFileForPrivateKeyMaterial,
} from '../../../wapt/keys/private-key-detector';
import { bundledIsccPath } from '../../../electron/core/agent-build/iscc-runner';
import { privateKeySamples } from '../../support/private-key-samples';
import { useTempDirs } from '../../support/temp-dir';

const tmp = useTempDirs('key-detector-');
const samples = privateKeySamples();

describe('findPrivateKeyMaterial: every private key format, by content', () => {
  for (const s of samples.keys) {
    it(`finds ${s.label} alone and embedded in other bytes`, () => {
      expect(findPrivateKeyMaterial(s.bytes)?.format).toBe(s.format);
      // Appended to / inside unrelated binary data (a key hidden at the end of a DLL).
      const noise = randomBytes(3000);
      const embedded = Buffer.concat([noise, s.bytes, noise]);
      const hit = findPrivateKeyMaterial(embedded);
      expect(hit?.format).toBe(s.format);
      expect(hit!.offset).toBeGreaterThanOrEqual(noise.length - 8);
    });
  }

  for (const p of samples.publicOnly) {
    it(`does not flag public material: ${p.label}`, () => {
      expect(findPrivateKeyMaterial(p.bytes)).toBeNull();
    });
  }

  it('does not flag real binaries full of ASN.1 tables (libcrypto, ISCC.exe and its DLLs)', async () => {
    const files = ['/usr/lib/x86_64-linux-gnu/libcrypto.so.3'];
    const iscc = bundledIsccPath();
    if (iscc)
      for (const f of ['ISCC.exe', 'ISCmplr.dll', 'ISPP.dll', 'Setup.e32'])
        files.push(path.join(path.dirname(iscc), f));
    for (const f of files) expect(await scanFileForPrivateKeyMaterial(f), f).toBeNull();
  });
});

describe('file and directory scanning', () => {
  it('finds a DER key straddling the 4 MiB read windows of a large file', async () => {
    const dir = tmp();
    const der = samples.keys.find((k) => k.format === 'DER_PKCS1')!.bytes;
    const big = Buffer.alloc(9 * 1024 * 1024, 0x90);
    const at = 4 * 1024 * 1024 - 500;
    der.copy(big, at);
    writeFileSync(path.join(dir, 'python27.dll'), big);
    expect(await scanFileForPrivateKeyMaterial(path.join(dir, 'python27.dll'))).toEqual({
      format: 'DER_PKCS1',
      offset: at,
    });
  });

  it('names every offending file under innocent names, recursively, following symlinks', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    samples.keys.forEach((s, i) =>
      writeFileSync(path.join(dir, i % 2 ? 'a/b' : 'a', s.innocentName), s.bytes),
    );
    samples.publicOnly.forEach((p, i) => writeFileSync(path.join(dir, `public-${i}.crt`), p.bytes));
    const outside = tmp();
    writeFileSync(path.join(outside, 'secret.bin'), samples.keys[0]!.bytes);
    symlinkSync(path.join(outside, 'secret.bin'), path.join(dir, 'harmless.txt'));
    const findings = await scanDirectoryForPrivateKeys(dir);
    const expected = [
      ...samples.keys.map((s, i) => ({ file: `${i % 2 ? 'a/b' : 'a'}/${s.innocentName}`, format: s.format })),
      { file: 'harmless.txt', format: 'PEM' },
    ].sort((x, y) => x.file.localeCompare(y.file));
    expect(findings.sort((x, y) => x.file.localeCompare(y.file))).toEqual(expected);
  });
});
