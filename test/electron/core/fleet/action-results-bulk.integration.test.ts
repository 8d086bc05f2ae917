import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHostClaims } from '../../../../electron/core/fleet/action-batches';
import { client, demoSigner, startTestServer, until } from '../../../server/helpers';

type Row = Record<string, unknown>;
interface Outcome {
  uuid: string;
  task_id: number;
  state: string;
  summary: string | null;
}

/*
 * The reference server's side of issue 16: trigger_host_action takes a JSON array of claims in
 * both profiles (as WAPT does), and the `action_results` extension's bulk read of relayed tasks
 * exists only in the reference profile (docs/server-api-extensions.md).
 */
describe.each(['reference', 'wapt-1.8.2'] as const)('claims as arrays (%s profile)', (profile) => {
  let env: Awaited<ReturnType<typeof startTestServer>>;
  let api: ReturnType<typeof client>;
  let online: Row[];
  let offline: Row[];
  beforeAll(async () => {
    env = await startTestServer({ hosts: 30, profile, edition: 'enterprise' });
    api = client(env.server.url);
    const hosts = (await api.get<Row[]>('/api/v1/hosts?columns=reachable,listening_protocol&limit=1000')).json
      .result!;
    online = hosts.filter((h) => h.listening_protocol === 'websockets');
    offline = hosts.filter((h) => h.listening_protocol !== 'websockets');
  });
  afterAll(async () => env.cleanup());

  it('relays every claim of one array to its host', async () => {
    const targets = [...online.slice(0, 5), offline[0]!].map((h) => String(h.uuid));
    const claims = signHostClaims(
      'update',
      targets,
      { updateIds: [], packages: [] },
      demoSigner(env.dataDir),
    ).map((c) => c.claim);
    const res = await api.post<unknown[]>('/api/v3/trigger_host_action?timeout=10', claims);
    expect(res.json).toMatchObject({ success: true, result: [] });
    // 5 relayed; the offline host is counted as skipped by the reference profile, not at all by a genuine server.
    expect(res.json.msg).toBe(
      `5 actions launched, 0 errors, ${profile === 'reference' ? 1 : 0} skipped, 0 server errors`,
    );
    for (const uuid of targets.slice(0, 5)) {
      const st = await until(async () => {
        const r = (await api.get<{ done?: unknown[] }>(`/api/v3/host_tasks_status?uuid=${uuid}`)).json.result;
        return (r?.done?.length ?? 0) > 0 ? r : undefined;
      });
      expect(st?.done?.length).toBeGreaterThan(0);
    }
  });

  it(
    profile === 'reference'
      ? 'reads the relayed tasks’ states in bulk, and refuses a malformed list'
      : 'has no bulk read of task states (404), like a genuine server',
    async () => {
      const uuid = String(online[6]!.uuid);
      const claims = signHostClaims(
        'update',
        [uuid],
        { updateIds: [], packages: [] },
        demoSigner(env.dataDir),
      ).map((c) => c.claim);
      await api.post('/api/v3/trigger_host_action', claims);
      const body = {
        tasks: [
          { uuid, task_id: 1 },
          { uuid, task_id: 999 },
          { uuid: String(offline[0]!.uuid), task_id: 1 },
          { uuid: 'no-such-host', task_id: 1 },
        ],
      };
      if (profile !== 'reference') {
        expect((await api.post('/api/v3/action_results', body)).status).toBe(404);
        return;
      }
      const read = await until(async () => {
        const r = (await api.post<Outcome[]>('/api/v3/action_results', body)).json.result!;
        return r[0]!.state === 'DONE' ? r : undefined;
      });
      expect(read.map((r) => r.state)).toEqual(['DONE', 'UNKNOWN', 'UNREACHABLE', 'UNKNOWN_HOST']);
      expect(read[0]!.summary).toBeTruthy();
      const bad = await api.post('/api/v3/action_results', { tasks: [{ uuid }] });
      expect(bad.json).toMatchObject({ success: false, error_code: 'ewaptmissingparameter' });
    },
  );
});
