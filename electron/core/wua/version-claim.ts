/**
 * The second half of the compare-and-swap that saves a rule package (docs/wua-rules.md, "No lost
 * edit"): after the upload, the repository's entry for that name and version must be our own
 * file, else another console saved the same version at the same moment and we report the
 * conflict instead of a success.
 *
 * Why a check after the upload: a genuine WAPT 1.8.2 server takes a second, different package
 * for an existing name and version without complaint (docs/wua-rules.md; the index then lists
 * both files, or only one, which is [inferred]: either way agents get one of them, silently). The
 * reference server refuses it with HTTP 409 instead, caught before this check.
 *
 * When both files are listed (genuine server, both uploads landed): every console runs the same
 * tie-break on the same entries (earliest `signature_date`, then lowest md5), the loser withdraws
 * its own file (`packages_delete`) and reports the conflict; the winner waits until the others
 * are gone. A winner that already confirmed (it saw only itself) never withdraws, so a console
 * that sees an entry confirmed before it came must lose: the tie-break winner waits at most
 * `settleMs`, then withdraws and reports the conflict too. At most one console reports success.
 */
import { createHash } from 'node:crypto';
import type { Control } from '../../../common/domain/control';
import { ConsoleError } from '../../../common/errors';

/** What this console just uploaded. */
export interface OwnUpload {
  package: string;
  version: string;
  md5: string;
  sha256: string;
  /** The control's `signature` attribute (base64): the signed claim that this edit is ours. */
  signature: string;
}

export interface ClaimDeps {
  /** Every entry of the repository `Packages` index, freshly read. */
  readIndex(): Promise<Control[]>;
  /** The bytes of `/wapt/<filename>`. */
  fetchFile(filename: string): Promise<Buffer>;
  /** Removes our own file from the repository; false when the server refused (ACL). */
  withdraw(filename: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export interface ClaimOptions {
  /** How long a tie-break winner waits for the other uploads to be withdrawn. */
  settleMs?: number;
  pollMs?: number;
}

const text = (v: string | number | null | undefined): string =>
  v === undefined || v === null ? '' : String(v);

function isOurs(entry: Control, own: OwnUpload): boolean {
  if (text(entry.md5sum).toLowerCase() !== own.md5.toLowerCase()) return false;
  const signature = text(entry.signature);
  return signature === '' || signature === own.signature;
}

/** The same order for every console: the first signed wins, md5 breaks ties. */
function tieBreakWinner(entries: readonly Control[]): Control {
  return [...entries].sort(
    (a, b) =>
      text(a.signature_date).localeCompare(text(b.signature_date)) ||
      text(a.md5sum).localeCompare(text(b.md5sum)),
  )[0]!;
}

export function versionTaken(
  own: Pick<OwnUpload, 'package' | 'version'>,
  theirs: Control | null,
  details: { baseVersion: string | null; withdrawn?: boolean; via: 'HTTP_409' | 'INDEX' },
): ConsoleError {
  const who = theirs ? ` by ${text(theirs.signer) || 'another signer'}` : '';
  const kept =
    details.withdrawn === false
      ? ' Your upload could not be withdrawn (the server refused the deletion): ask an administrator to remove it.'
      : '';
  return new ConsoleError(
    'CONFLICT',
    `${own.package} version ${own.version} was saved${who} at the same moment; your edit was not published. Merge with it or save as a new version.${kept}`,
    {
      details: {
        reason: 'VERSION_TAKEN',
        serverVersion: own.version,
        baseVersion: details.baseVersion,
        via: details.via,
        ...(details.withdrawn !== undefined ? { withdrawn: details.withdrawn } : {}),
        ...(theirs
          ? {
              theirs: {
                signer: text(theirs.signer) || null,
                signatureDate: text(theirs.signature_date) || null,
                md5sum: text(theirs.md5sum) || null,
              },
            }
          : {}),
      },
    },
  );
}

/**
 * Resolves with our repository file name once the version is ours alone and the served file is
 * byte for byte what we uploaded; throws CONFLICT / VERSION_TAKEN otherwise.
 */
export async function confirmVersionClaim(
  own: OwnUpload,
  deps: ClaimDeps,
  opts: ClaimOptions & { baseVersion: string | null },
): Promise<{ filename: string }> {
  const settleMs = opts.settleMs ?? 5_000;
  const pollMs = opts.pollMs ?? 250;
  const deadline = deps.now() + settleMs;
  for (;;) {
    const entries = (await deps.readIndex()).filter(
      (c) => c.package === own.package && c.version === own.version,
    );
    const ours = entries.filter((c) => isOurs(c, own));
    const theirs = entries.filter((c) => !isOurs(c, own));
    if (ours.length === 0)
      // Our file is not what the repository serves for that version: overwritten, or never indexed.
      throw versionTaken(own, theirs[0] ?? null, { baseVersion: opts.baseVersion, via: 'INDEX' });
    if (theirs.length === 0) {
      const filename = text(ours[0]!.filename);
      const served = await deps.fetchFile(filename);
      if (createHash('sha256').update(served).digest('hex') !== own.sha256.toLowerCase())
        throw versionTaken(own, null, { baseVersion: opts.baseVersion, via: 'INDEX' });
      return { filename };
    }
    const winner = tieBreakWinner(entries);
    if (!isOurs(winner, own) || deps.now() >= deadline) {
      let withdrawn = true;
      for (const c of ours) withdrawn = (await deps.withdraw(text(c.filename))) && withdrawn;
      const other = isOurs(winner, own) ? theirs[0]! : winner;
      throw versionTaken(own, other, { baseVersion: opts.baseVersion, withdrawn, via: 'INDEX' });
    }
    await deps.sleep(pollMs);
  }
}
