import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import type { AdminKeyStatus, CertificateSummary } from '../../../common/ipc/methods/keys';
import type { JsonSettingsStore } from '../settings/json-settings-store';
import {
  certificateInfo,
  KeyVault,
  loadCertificates,
  loadPrivateKey,
  type CertificateInfo,
  type PackageSigner,
} from '../../../wapt/signing/index';

const KEY_FILE_LIMIT = 1024 * 1024;
const PKCS12 = /\.(p12|pfx)$/i;

function summary(info: CertificateInfo): CertificateSummary {
  const { cn, subject, issuer, notBefore, notAfter, serial, fingerprintSha256, codeSigning, isCA } = info;
  return { cn, subject, issuer, notBefore, notAfter, serial, fingerprintSha256, codeSigning, isCA };
}

async function readSmallFile(file: string, what: string): Promise<Buffer> {
  let st;
  try {
    st = await stat(file);
  } catch {
    throw new ConsoleError('IO', `the ${what} file was not found: ${file}`, {
      details: { reason: 'NOT_FOUND', file },
    });
  }
  if (!st.isFile())
    throw new ConsoleError('IO', `the ${what} path is not a file: ${file}`, {
      details: { reason: 'NOT_A_FILE', file },
    });
  if (st.size > KEY_FILE_LIMIT)
    throw new ConsoleError('VALIDATION', `the ${what} file is too large to be a ${what}: ${file}`, {
      details: { reason: 'TOO_LARGE' },
    });
  return readFile(file);
}

/**
 * The administrator's personal key and certificate (WAPT's `personal_certificate_path` and its
 * key). Paths live in settings; the key is read and decrypted only on unlock, kept in a KeyVault
 * that locks after the configured idle time, and never returned by any method.
 */
export class AdminKeyService {
  private readonly vault: KeyVault;

  constructor(
    private readonly settings: JsonSettingsStore,
    vault?: KeyVault,
  ) {
    this.vault = vault ?? new KeyVault({ idleMs: 15 * 60_000 });
  }

  private paths(): Promise<{ keyPath: string | null; certificatePath: string | null }> {
    return this.settings.getAdminKeyPaths();
  }

  async status(): Promise<AdminKeyStatus> {
    const { keyPath, certificatePath } = await this.paths();
    const vs = this.vault.status();
    let certificate: CertificateSummary | null = vs.certificate ? summary(vs.certificate) : null;
    if (certificate === null && certificatePath !== null) {
      try {
        certificate = summary(
          certificateInfo(loadCertificates(await readSmallFile(certificatePath, 'certificate'))[0]!),
        );
      } catch {
        certificate = null;
      }
    }
    return {
      configured: keyPath !== null,
      keyPath,
      certificatePath,
      certificate,
      unlocked: vs.unlocked,
      lockAt: vs.lockAt === undefined ? null : new Date(vs.lockAt).toISOString(),
    };
  }

  /** Checks the files look right (certificate readable, key file holds a private key) before saving the paths. */
  async configure(keyPath: string, certificatePath: string | null): Promise<AdminKeyStatus> {
    const key = path.resolve(keyPath);
    const isP12 = PKCS12.test(key);
    const keyBytes = await readSmallFile(key, 'private key');
    if (!isP12) {
      if (certificatePath === null)
        throw new ConsoleError('VALIDATION', 'a certificate file is required with a PEM or DER key', {
          details: { reason: 'CERTIFICATE_REQUIRED' },
        });
      try {
        loadPrivateKey(keyBytes);
      } catch (err) {
        // An encrypted key cannot be checked further without its password: that happens on unlock.
        if (!(err instanceof ConsoleError && err.reason === 'PASSWORD_REQUIRED')) throw err;
      }
    }
    let cert: string | null = null;
    if (certificatePath !== null) {
      cert = path.resolve(certificatePath);
      loadCertificates(await readSmallFile(cert, 'certificate'));
    }
    this.vault.lock();
    await this.settings.setAdminKeyPaths({ keyPath: key, certificatePath: cert });
    return this.status();
  }

  async unlock(password: string): Promise<AdminKeyStatus> {
    const { keyPath, certificatePath } = await this.paths();
    if (keyPath === null)
      throw new ConsoleError(
        'VALIDATION',
        'no private key is configured: choose your key and certificate first',
        { details: { reason: 'NOT_CONFIGURED' } },
      );
    const keyBytes = await readSmallFile(keyPath, 'private key');
    this.vault.setIdleTime((await this.settings.getSettings()).keyIdleMinutes * 60_000);
    if (PKCS12.test(keyPath)) this.vault.unlock({ pkcs12: keyBytes, password });
    else
      this.vault.unlock({
        key: keyBytes,
        password,
        certificates: await readSmallFile(certificatePath!, 'certificate'),
      });
    return this.status();
  }

  async lock(): Promise<AdminKeyStatus> {
    this.vault.lock();
    return this.status();
  }

  /** A signer for packages and claims; throws KEY_LOCKED while the key is locked. */
  requireSigner(): PackageSigner {
    return this.vault.signer();
  }

  /** The signer certificate chain in PEM (public material). */
  certificatePem(): string {
    return this.vault.signer().certificatePem;
  }
}
