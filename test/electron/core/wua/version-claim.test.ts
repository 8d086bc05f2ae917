/**
 * The post-upload check of a rule package save (electron/core/wua/version-claim.ts), path by path,
 * with a scripted repository index. The real race between two processes and a real server is
 * test/electron/core/wua/wua-save-race.integration.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Control } from '../../../../common/domain/control';
import {
  confirmVersionClaim,
  type ClaimDeps,
  type OwnUpload,
} from '../../../../electron/core/wua/version-claim';

const bytes = Buffer.from('our package bytes');
const own: OwnUpload = {
  package: 'demo-rules',
  version: '3',
  md5: 'b'.repeat(32),
  sha256: createHash('sha256').update(bytes).digest('hex'),
  signature: 'OURSIG',
};
const entry = (md5: string, date: string, signature: string, extra: Partial<Control> = {}): Control => ({
  package: 'demo-rules',
  version: '3',
  md5sum: md5,
  signature_date: date,
  signature,
  filename: `demo-rules_3_PROD_${md5}.wapt`,
  signer: signature === 'OURSIG' ? 'Us' : 'Them',
  ...extra,
});
const ours = entry(own.md5, '2026-11-30T08:00:01', 'OURSIG');

function deps(indexes: Control[][], opts: { withdrawOk?: boolean; served?: Buffer } = {}) {
  let clock = 0;
  const withdrawn: string[] = [];
  const d: ClaimDeps = {
    readIndex: async () => (indexes.length > 1 ? indexes.shift()! : indexes[0]!),
    fetchFile: async () => opts.served ?? bytes,
    withdraw: async (f) => {
      withdrawn.push(f);
      return opts.withdrawOk ?? true;
    },
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { d, withdrawn };
}
const run = (d: ClaimDeps) => confirmVersionClaim(own, d, { baseVersion: '2', settleMs: 1000, pollMs: 250 });

describe('confirmVersionClaim', () => {
  it('wins when the only entry of the version is ours and the served file is byte-identical', async () => {
    const { d, withdrawn } = deps([[ours, entry('c'.repeat(32), '2026-01-01', 'X', { version: '2' })]]);
    await expect(run(d)).resolves.toEqual({ filename: ours.filename });
    expect(withdrawn).toEqual([]);
  });

  it('loses when the index serves another file for the version (overwritten)', async () => {
    const theirs = entry('a'.repeat(32), '2026-11-30T08:00:00', 'THEIRSIG');
    const { d, withdrawn } = deps([[theirs]]);
    await expect(run(d)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: {
        reason: 'VERSION_TAKEN',
        serverVersion: '3',
        baseVersion: '2',
        via: 'INDEX',
        theirs: { signer: 'Them' },
      },
    });
    expect(withdrawn).toEqual([]);
  });

  it('an entry with our md5 but another signature is not ours', async () => {
    const { d } = deps([[entry(own.md5, '2026-11-30T08:00:01', 'FORGED')]]);
    await expect(run(d)).rejects.toMatchObject({ details: { reason: 'VERSION_TAKEN' } });
  });

  it('loses when the served file differs from what we uploaded', async () => {
    const { d } = deps([[ours]], { served: Buffer.from('something else') });
    await expect(run(d)).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'VERSION_TAKEN' } });
  });

  it('both listed, the other signed first: withdraws ours and reports the conflict', async () => {
    const theirs = entry('f'.repeat(32), '2026-11-30T08:00:00', 'THEIRSIG');
    const { d, withdrawn } = deps([[theirs, ours]]);
    await expect(run(d)).rejects.toMatchObject({ details: { reason: 'VERSION_TAKEN', withdrawn: true } });
    expect(withdrawn).toEqual([ours.filename]);
  });

  it('both listed with the same date: the lower md5 wins the tie', async () => {
    const theirs = entry('a'.repeat(32), ours.signature_date as string, 'THEIRSIG');
    const { d, withdrawn } = deps([[ours, theirs]]);
    await expect(run(d)).rejects.toMatchObject({ details: { reason: 'VERSION_TAKEN' } });
    expect(withdrawn).toEqual([ours.filename]);
  });

  it('both listed, we signed first: waits until the other is withdrawn, then wins', async () => {
    const theirs = entry('a'.repeat(32), '2026-11-30T08:00:02', 'THEIRSIG');
    const { d, withdrawn } = deps([[ours, theirs], [ours, theirs], [ours]]);
    await expect(run(d)).resolves.toEqual({ filename: ours.filename });
    expect(withdrawn).toEqual([]);
  });

  it('both listed, we signed first, but the other never goes (it already confirmed): withdraws after settleMs', async () => {
    const theirs = entry('a'.repeat(32), '2026-11-30T08:00:02', 'THEIRSIG');
    const { d, withdrawn } = deps([[ours, theirs]]);
    await expect(run(d)).rejects.toMatchObject({ details: { reason: 'VERSION_TAKEN', withdrawn: true } });
    expect(withdrawn).toEqual([ours.filename]);
  });

  it('says so when our upload could not be withdrawn', async () => {
    const theirs = entry('f'.repeat(32), '2026-11-30T08:00:00', 'THEIRSIG');
    const { d } = deps([[theirs, ours]], { withdrawOk: false });
    const err = await run(d).catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { withdrawn: false } });
    expect((err as Error).message).toMatch(/could not be withdrawn/);
  });
});
