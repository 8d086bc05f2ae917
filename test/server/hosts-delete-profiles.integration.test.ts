import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../support/reference-server';
import { basic, client } from './helpers';

/**
 * `hosts_delete` as the genuine 1.8.2 server reads its body (docs/wapt-server-api.md §3.5, docs/host-actions.md):
 * `uuids` through ensure_list (a csv string is a list), the two options by Python truth, and no
 * `uuids`/`filter` is a Python exception. The default profile keeps its stricter checks, so each
 * assertion is shown to be able to fail.
 */
type Server = Awaited<ReturnType<typeof startTestServer>>;
let strict: Server;
let reference: Server;
beforeAll(async () => {
  [strict, reference] = await Promise.all([
    startTestServer({ hosts: 8, profile: 'wapt-1.8.2' }),
    startTestServer({ hosts: 8 }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([strict?.stop(), reference?.stop()]);
});

const api = (s: Server) => client(s.url, basic('admin', TEST_ADMIN_PASSWORD));
const uuids = async (s: Server) =>
  ((await api(s).get<Array<{ uuid: string }>>('/api/v1/hosts?columns=uuid&limit=100')).json.result ?? []).map(
    (h) => h.uuid,
  );

describe('hosts_delete body as each profile reads it', () => {
  it('strict: csv uuids and truthy options delete; the default profile refuses a string', async () => {
    const [a, b] = await uuids(strict);
    const r = await api(strict).post('/api/v3/hosts_delete', { uuids: `${a}, ${b}`, delete_inventory: 1 });
    expect(r.json).toMatchObject({ success: true, msg: '2 hosts removed from DB' });
    expect(await uuids(strict)).not.toContain(a);

    const [c] = await uuids(reference);
    const refused = await api(reference).post('/api/v3/hosts_delete', { uuids: c, delete_inventory: true });
    expect(refused.json).toMatchObject({ success: false, error_code: 'ewaptmissingparameter' });
    expect(await uuids(reference)).toContain(c);
  });

  it('strict: a false option (0, "", []) deletes nothing; neither uuids nor filter is an Exception', async () => {
    const [a] = await uuids(strict);
    const r = await api(strict).post('/api/v3/hosts_delete', {
      uuids: [a],
      delete_inventory: 0,
      delete_packages: '',
    });
    expect(r.json).toMatchObject({ success: true, msg: '' });
    expect(await uuids(strict)).toContain(a);
    const none = await api(strict).post('/api/v3/hosts_delete', { delete_inventory: true });
    expect(none.json).toMatchObject({ success: false, error_code: 'exception' });
    expect(none.json.msg).toMatch(/Neither uuid nor filter provided in query/);
  });
});
