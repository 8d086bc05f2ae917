import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../common/domain/canonical-json';
import {
  batches,
  claimFields,
  pool,
  Semaphore,
  signHostClaims,
} from '../../../../electron/core/fleet/action-batches';
import { signClaim, verifyClaim, type PackageSigner } from '../../../../wapt/signing/index';
import { makeIdentity, openssl, tempDir, writeTemp } from '../../../wapt/packages/helpers';

const NO_ARGS = { updateIds: [], packages: [] };

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
      { updateIds: ['0d7e1b6f-2c1a-4a33-9a2b-1f5d5b0f7e11_1'], packages: [] },
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
    const fast = signHostClaims('upgrade', uuids, NO_ARGS, signer, now);
    for (const [i, uuid] of uuids.entries())
      expect(fast[i]!.claim).toEqual(signClaim(claimFields('upgrade', uuid, NO_ARGS), signer, { now }));
  });

  it('claim fields: the agent action name, the host uuid, notify_server; update ids only to uninstall', () => {
    expect(claimFields('update', 'H', { updateIds: ['x'], packages: [] })).toEqual({
      action: 'trigger_host_update',
      uuid: 'H',
      notify_server: true,
      force: false,
    });
    expect(claimFields('waptwua_uninstall', 'H', { updateIds: ['x'], packages: [] })).toMatchObject({
      update_ids: ['x'],
    });
  });

  // WAPT's console: install force=false, force install force=true, remove force=false, forget
  // force=true; `packages` = the package names of the selected rows (docs/host-actions.md).
  it.each([
    ['install_packages', 'trigger_install_packages', false],
    ['force_install_packages', 'trigger_install_packages', true],
    ['remove_packages', 'trigger_remove_packages', false],
    ['forget_packages', 'trigger_forget_packages', true],
    ['audit_packages', 'trigger_audit_packages', false],
  ] as const)('%s: claim %s with force=%s and the packages list', (kind, action, force) => {
    expect(claimFields(kind, 'H', { updateIds: [], packages: ['tis-7zip', 'tis-firefox'] })).toEqual({
      action,
      uuid: 'H',
      notify_server: true,
      force,
      packages: ['tis-7zip', 'tis-firefox'],
    });
  });

  it('package claims sign `packages`, so an agent that requires it accepts them (openssl-checked above)', async () => {
    const { signer, certPem } = await makeIdentity({ cn: 'Fleet Admin' });
    const now = new Date();
    const claims = signHostClaims(
      'remove_packages',
      ['HOST-A', 'HOST-B'],
      { updateIds: [], packages: ['tis-7zip'] },
      signer,
      now,
    );
    for (const c of claims) {
      const v = verifyClaim(c.claim, {
        trusted: [certPem],
        now,
        expectedUuid: c.uuid,
        requiredAttributes: ['packages'],
      });
      expect(v.claim).toMatchObject({
        action: 'trigger_remove_packages',
        packages: ['tis-7zip'],
        force: false,
      });
      expect(c.claim).toEqual(
        signClaim(claimFields('remove_packages', c.uuid, { updateIds: [], packages: ['tis-7zip'] }), signer, {
          now,
        }),
      );
    }
  });
});
