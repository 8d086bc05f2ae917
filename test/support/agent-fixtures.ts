/**
 * Shared material for the agent build tests: an admin identity (encrypted key + CA/code-signing
 * certificate on disk), the demo WAPT base directory, and the "needles" that leak tests search
 * every output for.
 */
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import {
  createKeyAndCertificate,
  createSigner,
  loadPrivateKey,
  type PackageSigner,
} from '../../wapt/signing/index';

export const KEY_PASSWORD = 'correct horse battery staple';

export interface AdminIdentity {
  keyPath: string;
  certPath: string;
  keyPem: string;
  certPem: string;
  signer: PackageSigner;
  sha1Sign: (data: Uint8Array) => Uint8Array;
  needles: Buffer[];
}

export async function createAdminIdentity(
  dir: string,
  name = 'admin',
  opts: { days?: number; isCA?: boolean; now?: Date } = {},
): Promise<AdminIdentity> {
  const created = await createKeyAndCertificate({
    commonName: name,
    codeSigning: true,
    isCA: opts.isCA ?? true,
    password: KEY_PASSWORD,
    ...(opts.days ? { days: opts.days } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const keyPath = path.join(dir, `${name}.pem`);
  const certPath = path.join(dir, `${name}.crt`);
  writeFileSync(keyPath, created.keyPem);
  writeFileSync(certPath, created.certificatePem);
  const key = loadPrivateKey(created.keyPem, KEY_PASSWORD);
  const clear = createPrivateKey({ key: created.keyPem, passphrase: KEY_PASSWORD });
  const der = clear.export({ format: 'der', type: 'pkcs8' });
  const clearPem = clear.export({ format: 'pem', type: 'pkcs8' }).toString();
  const pkcs1Pem = clear.export({ format: 'pem', type: 'pkcs1' }).toString();
  const bodyLine = (pem: string) => pem.split('\n')[2]!; // a full base64 line from the key's middle
  return {
    keyPath,
    certPath,
    keyPem: created.keyPem,
    certPem: created.certificatePem,
    signer: createSigner({ key, certificateChain: [created.certificate] }),
    sha1Sign: (data) => nodeSign('sha1', data, clear),
    needles: [
      Buffer.from('PRIVATE KEY'),
      Buffer.from(KEY_PASSWORD),
      Buffer.from(bodyLine(created.keyPem)),
      Buffer.from(bodyLine(clearPem)),
      Buffer.from(bodyLine(pkcs1Pem)),
      der.subarray(der.length - 64),
    ],
  };
}

/** Fails naming the file when any needle occurs in any of the given buffers / files / folders (recursively). */
export function expectNoKeyMaterial(
  needles: readonly Buffer[],
  targets: Array<string | { name: string; data: Buffer | string }>,
): void {
  const check = (name: string, data: Buffer) => {
    for (const n of needles)
      expect(
        data.includes(n),
        `${name} contains private key material (${n.subarray(0, 12).toString('latin1')}…)`,
      ).toBe(false);
  };
  for (const t of targets) {
    if (typeof t !== 'string') {
      check(t.name, Buffer.isBuffer(t.data) ? t.data : Buffer.from(t.data));
      continue;
    }
    const st = statSync(t);
    if (st.isDirectory()) {
      for (const e of readdirSync(t)) expectNoKeyMaterial(needles, [path.join(t, e)]);
    } else check(t, readFileSync(t));
  }
}

/** The fixture laid out like a WAPT 1.8.2 installation (test/fixtures/wapt-base-install), copied to `dest`. */
export const INSTALLATION_FIXTURE = path.resolve('test/fixtures/wapt-base-install');

export function copyInstallationFixture(dest: string): string {
  cpSync(INSTALLATION_FIXTURE, dest, { recursive: true });
  return dest;
}

/**
 * The folders the fixture's script packs ([Files] of common.iss and wapt.iss), each with a file
 * name its wildcard matches: where the tests plant keys.
 */
export const PACKED_PLANT_SITES = [
  'notes.py',
  'python28.dll',
  'DLLs/unicodedata.pyd',
  'lib/site-packages/six.py',
  'waptservice/static.css',
  'waptservice/sub/deeper/images.dat',
  'templates/footer.html',
  'languages/waptself.de.po',
  'waptsetup/extra.iss',
  'waptupgrade/WAPT/icon.png',
  'waptupgrade/readme.txt',
] as const;
