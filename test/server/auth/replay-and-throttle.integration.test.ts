import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signClaim, type PackageSigner } from '../../../wapt/signing/index';
import { ClaimReplayGuard } from '../../../server/auth/claim-replay';
import { LoginThrottle } from '../../../server/auth/login-throttle';
import { basic, client, demoSigner, startTestServer, ADMIN_PASSWORD } from '../helpers';

/**
 * Signed actions are accepted once and routed by their signed uuid only; password guessing is
 * slowed down per user and per address (docs/reference-server.md, "Signed actions", "Login
 * throttling").
 */
type Row = Record<string, unknown>;
let env: Awaited<ReturnType<typeof startTestServer>>;
let api: ReturnType<typeof client>;
let signer: PackageSigner;
let online: Row[];

beforeAll(async () => {
  env = await startTestServer({ hosts: 30 });
  api = client(env.server.url);
  signer = demoSigner(env.dataDir);
  online = (await api.get<Row[]>('/api/v1/hosts?columns=reachable&limit=1000')).json.result!.filter(
    (h) => h.reachable === 'OK',
  );
}, 120_000);
afterAll(async () => env.cleanup());

describe('signed actions (trigger_host_action)', () => {
  it('accepts a claim once: the same signed claim sent again is a refused replay', async () => {
    const claim = signClaim(
      { action: 'trigger_host_update', uuid: String(online[0]!.uuid), notify_server: true },
      signer,
    );
    const first = await api.post('/api/v3/trigger_host_action', claim);
    expect(first.json).toMatchObject({
      success: true,
      msg: '1 actions launched, 0 errors, 0 skipped, 0 server errors',
    });
    const again = await api.post('/api/v3/trigger_host_action', claim);
    expect(again.json).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
    expect(again.json.msg).toContain('already accepted (replay)');
    // Twice in one request is refused as a whole, nothing launched.
    const fresh = signClaim(
      { action: 'trigger_host_update', uuid: String(online[1]!.uuid), notify_server: true },
      signer,
    );
    const doubled = await api.post('/api/v3/trigger_host_action', [fresh, fresh]);
    expect(doubled.json).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
    // …and the refusal did not burn the claim: sent alone it is accepted once.
    expect((await api.post('/api/v3/trigger_host_action', fresh)).json.success).toBe(true);
  });

  it('refuses a claim whose signed uuid is null instead of routing it by an unsigned uuids list', async () => {
    const claim = signClaim({ action: 'trigger_host_update', uuid: null, notify_server: true }, signer);
    const withList = { ...claim, uuids: online.slice(0, 3).map((h) => h.uuid) };
    const r = await api.post('/api/v3/trigger_host_action', withList);
    expect(r.json).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
    expect(r.json.msg).toContain('signed uuid names no host');
    const ous = { ...claim, organizational_units: ['OU=Computers,DC=corp,DC=lan'] };
    expect((await api.post('/api/v3/trigger_host_action', ous)).json.success).toBe(false);
  });

  it('routes a signed uuid to that host only, ignoring an unsigned uuids list beside it', async () => {
    const target = String(online[2]!.uuid);
    const claim = signClaim({ action: 'trigger_host_update', uuid: target, notify_server: true }, signer);
    const r = await api.post('/api/v3/trigger_host_action', { ...claim, uuids: online.map((h) => h.uuid) });
    expect(r.json).toMatchObject({
      success: true,
      msg: '1 actions launched, 0 errors, 0 skipped, 0 server errors',
    });
  });
});

describe('ClaimReplayGuard memory bound', () => {
  it('forgets expired signatures and fails closed when full of valid ones', () => {
    let now = 1_000_000;
    const guard = new ClaimReplayGuard(2, () => now);
    expect(guard.acceptAll([{ signature: 'a', expiresMs: now + 10_000 }])).toBeNull();
    expect(guard.acceptAll([{ signature: 'b', expiresMs: now + 20_000 }])).toBeNull();
    expect(guard.acceptAll([{ signature: 'c', expiresMs: now + 20_000 }])).toMatch(/too many/);
    expect(guard.acceptAll([{ signature: 'a', expiresMs: now + 10_000 }])).toMatch(/replay/);
    now += 15_000; // 'a' expired: room again, and 'a' could no longer pass verifyClaim anyway
    expect(guard.acceptAll([{ signature: 'c', expiresMs: now + 20_000 }])).toBeNull();
    expect(guard.size).toBe(2);
  });
});

describe('login throttling', () => {
  it('answers 401 text/html for the first bad passwords, then 429 with Retry-After, even for the right password', async () => {
    const own = await startTestServer({ hosts: 0 });
    try {
      const url = own.server.url;
      const login = (password: string, user = 'admin') =>
        fetch(`${url}/api/v3/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user, password }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await login(`wrong-${i}`);
        statuses.push(r.status);
        if (r.status === 401) expect(r.headers.get('content-type')).toMatch(/^text\/html/);
        if (r.status === 429) {
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(await r.text()).toMatch(/^Too many failed login attempts: retry in \d+ s$/);
        }
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      expect((await login(ADMIN_PASSWORD)).status).toBe(429);
      // Basic on any route counts too.
      const viaBasic = await fetch(`${url}/api/v1/hosts`, {
        headers: { authorization: basic('admin', ADMIN_PASSWORD) },
      });
      expect(viaBasic.status).toBe(429);
      // Another user name from the same address is not locked yet (per-user threshold first).
      expect((await login('x', 'someone-else')).status).toBe(401);
    } finally {
      await own.cleanup();
    }
  }, 120_000);

  it('lets a correct password through once the delay (and then the window) has passed', () => {
    let now = 0;
    const t = new LoginThrottle({ now: () => now, windowMs: 60_000, baseDelayMs: 1000, maxUserFailures: 3 });
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
      t.failed('admin', '10.0.0.1');
    }
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(1000);
    t.failed('admin', '10.0.0.1'); // a 4th failure doubles the delay
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(2000);
    expect(t.retryAfterMs('admin', '10.0.0.2')).toBe(2000); // per user, whatever the address
    expect(t.retryAfterMs('bob', '10.0.0.3')).toBe(0);
    now += 2000;
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
    t.succeeded('admin');
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
    for (let i = 0; i < 5; i++) t.failed('admin', '10.0.0.1');
    now += 61_000; // the window has passed: forgotten
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
  });

  it('throttles one address across user names and bounds its memory', () => {
    let now = 0;
    const t = new LoginThrottle({ now: () => now, maxAddressFailures: 4, maxUserFailures: 100, maxKeys: 50 });
    for (let i = 0; i < 4; i++) t.failed(`user${i}`, '10.9.9.9');
    expect(t.retryAfterMs('fresh-name', '10.9.9.9')).toBeGreaterThan(0);
    for (let i = 0; i < 500; i++) t.failed(`spray${i}`, `10.1.${i >> 8}.${i & 255}`);
    expect((t as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(50);
    now += 1;
  });
});
