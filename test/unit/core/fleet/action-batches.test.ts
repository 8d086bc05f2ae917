import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../common/domain/canonical-json';
import {
  batches,
  claimFields,
  pool,
  Semaphore,
  signHostClaims,
} from '../../../../electron/core/fleet/action-batches';
import { signClaim, verifyClaim, type PackageSigner } from '../../../../electron/core/signing/index';
import { makeIdentity, openssl, tempDir, writeTemp } from '../packages/helpers';

describe('batches', () => {
  it('cuts in order into batches of at most the size, the last one shorter', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const out = batches(items, 10);
    expect(out.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(out.flat()).toEqual(items);
    expect(batches([], 10)).toEqual([]);
    expect(batches([1, 2], 10)).toEqual([[1, 2]]);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => batches([1], 0)).toThrow(RangeError);
    expect(() => batches([1], 1.5)).toThrow(RangeError);
  });
});

describe('bounded concurrency', () => {
  const tick = () => new Promise((r) => setTimeout(r, 2));

  it('pool never runs more than its limit at once and does every item once', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await pool(
      Array.from({ length: 30 }, (_, i) => i),
      4,
      new AbortController().signal,
      async (i) => {
        active++;
        peak = Math.max(peak, active);
        await tick();
        seen.push(i);
        active--;
      },
    );
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('pool takes no new item once aborted', async () => {
    const ac = new AbortController();
    let done = 0;
    await pool(
      Array.from({ length: 20 }, (_, i) => i),
      2,
      ac.signal,
      async () => {
        done++;
        if (done === 3) ac.abort();
        await tick();
      },
    );
    expect(done).toBeLessThanOrEqual(4);
  });

  it('a semaphore bounds work started from many places, and frees its slot after a failure', async () => {
    const sem = new Semaphore(3);
    let active = 0;
    let peak = 0;
    const jobs = Array.from({ length: 12 }, (_, i) =>
      sem.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await tick();
        active--;
        if (i % 4 === 0) throw new Error('boom');
        return i;
      }),
    );
    const results = await Promise.allSettled(jobs);
    expect(peak).toBe(3);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    expect(await sem.run(async () => 'still usable')).toBe('still usable');
  });
});

describe('claims signed up front', () => {
  it('one claim per host, one signature date, each verifiable and checked by openssl', async () => {
    const { signer, certPem } = await makeIdentity({ cn: 'Fleet Admin' });
    let signatures = 0;
    const counting: PackageSigner = {
      ...signer,
      sign: (d) => (signatures++, signer.sign(d)),
    };
    const uuids = ['HOST-A', 'HOST-B', 'HOST-C'];
    const now = new Date();
    const claims = signHostClaims(
      'waptwua_uninstall',
      uuids,
      ['0d7e1b6f-2c1a-4a33-9a2b-1f5d5b0f7e11_1'],
      counting,
      now,
    );
    expect(signatures).toBe(3);
    expect(claims.map((c) => c.uuid)).toEqual(uuids);
    expect(new Set(claims.map((c) => c.claim.signature_date)).size).toBe(1);
    for (const c of claims) {
      const v = verifyClaim(c.claim, { trusted: [certPem], now, expectedUuid: c.uuid });
      expect(v.claim.action).toBe('trigger_waptwua_uninstall');
      expect(v.claim.update_ids).toEqual(['0d7e1b6f-2c1a-4a33-9a2b-1f5d5b0f7e11_1']);
    }
    // The payload of the second claim, verified by the openssl command line.
    const t = tempDir('wapt-claims-');
    try {
      const c = claims[1]!.claim;
      const payload = canonicalJson(Object.fromEntries(c.signed_attributes.map((n) => [n, c[n] ?? null])));
      const pub = openssl(['x509', '-pubkey', '-noout', '-in', writeTemp(t.dir, 'c.crt', certPem)]);
      const out = openssl([
        'dgst',
        '-sha256',
        '-verify',
        writeTemp(t.dir, 'pub.pem', pub),
        '-signature',
        writeTemp(t.dir, 'sig.bin', Buffer.from(c.signature, 'base64')),
        writeTemp(t.dir, 'payload.json', payload),
      ]);
      expect(out).toMatch(/Verified OK/);
    } finally {
      t.cleanup();
    }
  });

  it('gives exactly the claims signClaim gives, host by host (uuids needing escapes too)', async () => {
    const { signer } = await makeIdentity({ cn: 'Fleet Admin' });
    const now = new Date();
    const uuids = ['4C4C4544-004E-3510-8051-C7C04F325131', 'odd "uuid" é\\', 'x'];
    const fast = signHostClaims('upgrade', uuids, [], signer, now);
    for (const [i, uuid] of uuids.entries())
      expect(fast[i]!.claim).toEqual(signClaim(claimFields('upgrade', uuid, []), signer, { now }));
  });

  it('claim fields: the agent action name, the host uuid, notify_server; update ids only to uninstall', () => {
    expect(claimFields('update', 'H', ['x'])).toEqual({
      action: 'trigger_host_update',
      uuid: 'H',
      notify_server: true,
      force: false,
    });
    expect(claimFields('waptwua_uninstall', 'H', ['x'])).toMatchObject({ update_ids: ['x'] });
  });
});
