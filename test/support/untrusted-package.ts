import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createControl } from '../../common/domain/control';
import { buildPackageFromFiles } from '../../wapt/packages/index';
import {
  createKeyAndCertificate,
  createSigner,
  loadCertificates,
  loadPrivateKey,
} from '../../wapt/signing/index';

/**
 * Puts into a reference server's repository a package whose signature is valid but whose signer
 * nobody trusts: the server refuses uploads from untrusted signers, so the stranger's certificate
 * is added to its trusted signers (`POST /api/v3/trusted_signers_certificates`) for the upload
 * only, then removed (`DELETE`, by SHA-1). Real HTTP, real signatures.
 */
export async function uploadUntrustedPackage(opts: {
  serverUrl: string;
  adminPassword: string;
  outDir: string;
  packageName: string;
  signerCn?: string;
}): Promise<{ filename: string; signerFingerprint: string; certificatePem: string }> {
  const stranger = await createKeyAndCertificate({
    commonName: opts.signerCn ?? 'Stranger signer',
    codeSigning: true,
    keyBits: 2048,
    days: 30,
  });
  const built = await buildPackageFromFiles({
    signer: createSigner({ key: loadPrivateKey(stranger.keyPem), certificateChain: [stranger.certificate] }),
    control: createControl({ package: opts.packageName, version: '1', description: 'Signed by a stranger' }),
    files: [{ path: 'readme.txt', content: 'nobody trusts my signer' }],
    outDir: opts.outDir,
  });
  const auth = `Basic ${Buffer.from(`admin:${opts.adminPassword}`).toString('base64')}`;
  const call = async (path: string, init: RequestInit) => {
    const r = await fetch(`${opts.serverUrl}${path}`, {
      ...init,
      headers: { Authorization: auth, ...init.headers },
    });
    const body = (await r.json()) as { success: boolean; result: unknown; msg?: string };
    if (!body.success) throw new Error(`${path}: ${body.msg ?? r.status}`);
    return body.result;
  };
  const sha1 = createHash('sha1').update(loadCertificates(stranger.certificatePem)[0]!.der).digest('hex');
  await call('/api/v3/trusted_signers_certificates', {
    method: 'POST',
    body: stranger.certificatePem,
    headers: { 'Content-Type': 'application/x-pem-file' },
  });
  try {
    const result = (await call('/api/v3/upload_packages', {
      method: 'POST',
      body: readFileSync(built.path),
      headers: { 'Content-Type': 'binary/octet-stream' },
    })) as { done: Array<{ filename: string }> };
    return {
      filename: result.done[0]!.filename,
      signerFingerprint: stranger.certificate.fingerprintSha256,
      certificatePem: stranger.certificatePem,
    };
  } finally {
    await call('/api/v3/trusted_signers_certificates', {
      method: 'DELETE',
      body: JSON.stringify([sha1]),
      headers: { 'Content-Type': 'application/json' },
    });
  }
}
