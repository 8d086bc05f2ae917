/**
 * Private key leak checks of the agent build, on top of the reusable detector
 * (wapt/keys/private-key-detector.ts): everything the installer script packs is deployed
 * to every host, and the waptupgrade package is downloaded by every host (docs/agent-build.md
 * "Private key guarantee"). Findings name files and formats, never content.
 */
import path from 'node:path';
import { ConsoleError } from '../../common/errors';
import {
  scanDirectoryForPrivateKeys,
  scanFileForPrivateKeyMaterial,
  scanStreamForPrivateKeyMaterial,
  type PrivateKeyFormat,
} from './private-key-detector';
import { openPackageZip } from '../packages/index';

export type LeakKind = PrivateKeyFormat;

export interface LeakFinding {
  file: string;
  kind: LeakKind;
}

export async function scanFileForPrivateKey(file: string): Promise<LeakKind | undefined> {
  return (await scanFileForPrivateKeyMaterial(file))?.format;
}

/** Every file under `root` (recursively) that holds private key material. */
export async function scanTreeForPrivateKeys(root: string, signal?: AbortSignal): Promise<LeakFinding[]> {
  return (await scanDirectoryForPrivateKeys(root, signal)).map((f) => ({ file: f.file, kind: f.format }));
}

/** Every member of a package archive, scanned uncompressed (the .wapt deflates its members). */
export async function scanPackageForPrivateKeys(
  packagePath: string,
  signal?: AbortSignal,
): Promise<LeakFinding[]> {
  const zip = await openPackageZip(packagePath);
  try {
    const findings: LeakFinding[] = [];
    for (const m of zip.members) {
      const stream = await zip.openStream(m);
      const hit = await scanStreamForPrivateKeyMaterial(stream, signal).finally(() => stream.destroy());
      if (hit !== null) findings.push({ file: `${path.basename(packagePath)}:${m.name}`, kind: hit.format });
    }
    return findings;
  } finally {
    zip.close();
  }
}

export function leakError(findings: readonly LeakFinding[], what: string): ConsoleError {
  return new ConsoleError(
    'PRIVATE_KEY_LEAK',
    `refusing to continue: private key material in ${what} (${findings.map((f) => `${f.file} [${f.kind}]`).join(', ')}); it would be deployed to every host. Only public certificates may be included.`,
    {
      details: {
        reason: 'PRIVATE_KEY_IN_BUILD',
        files: findings.map((f) => f.file),
        kinds: findings.map((f) => f.kind),
      },
    },
  );
}

/** Refuses to go on when the build folder holds private key material; names the files, never their content. */
export async function assertNoPrivateKeys(root: string, what = 'the build folder'): Promise<void> {
  const findings = await scanTreeForPrivateKeys(root);
  if (findings.length > 0) throw leakError(findings, what);
}
