import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { HostActionRow } from '../../../../common/ipc/methods/actions';
import type {
  ExplainTrace,
  RulePackageDetails,
  RulePackagesList,
  SavePreview,
} from '../../../../common/ipc/methods/wua-rules';
import { silentLogger } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ hosts: 60, speed: 500 });
});
afterAll(async () => server?.stop());

const PILOT = 'demo-waptwua-pilot';

describe('WUA rule packages against the reference server', () => {
  const tmp = useTempDirs();

  const connect = async (dir = tmp()) => {
    const { core } = makeTestCore(dir);
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(_e: E, _p: EventPayload<E>) => undefined,
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async <T = never>(m: string, input: unknown): Promise<T> => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as T;
    };
    await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    return { core, call, dir };
  };
  const unlock = async (call: Awaited<ReturnType<typeof connect>>['call']) => {
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
  };

  it('lists the seeded rule packages (section wsus only) and guesses the prefix', async () => {
    const { call } = await connect();
    const list = await call<RulePackagesList>('wuaRules.list', { lastVersionOnly: true });
    expect(list.rows.map((r) => r.package)).toEqual([
      'demo-waptwua-baseline',
      'demo-waptwua-pilot',
      'demo-waptwua-servers',
    ]);
    expect(
      list.rows.every(
        (r) => r.section === 'wsus' && typeof r.signer === 'string' && typeof r.filename === 'string',
      ),
    ).toBe(true);
    expect(list.prefix).toBe('demo');
    expect((await call<RulePackagesList>('wuaRules.list', { search: 'servers' })).rows).toHaveLength(1);
    const pilot = await call<RulePackageDetails>('wuaRules.get', { package: PILOT });
    expect(pilot).toMatchObject({
      version: '1',
      rules: { allowed_products: ['Windows 11', 'Microsoft Edge'], default_allow: true },
      serverVersions: ['1'],
    });
  });

  it('saves a pilot ring edit: preview (diff + impact from the shared merge code), KEY_LOCKED, sign, upload, conflict, scan, explain', async () => {
    const { call } = await connect();
    const carriers = await call<{ uuid: string; reachable: string | null }[]>('wuaRules.hosts', {
      package: PILOT,
    });
    expect(carriers.length).toBeGreaterThan(0);
    // An update that a pilot host may install today (allowed by default_allow or a product rule).
    const details = await call<{
      updates: { update_id: string; status: string | null; installed: boolean | null }[];
    }>('hosts.details', { uuid: carriers[0]!.uuid });
    const target = details.updates.find((u) => u.status === 'PENDING' || u.status === 'MISSING');
    expect(target, 'a pending/missing update on a pilot host').toBeDefined();
    const pilot = await call<RulePackageDetails>('wuaRules.get', { package: PILOT });
    const draft = {
      package: PILOT,
      baseVersion: pilot.version,
      description: 'Pilot ring (edited)',
      maturity: 'PROD',
      rules: { ...pilot.rules, forbidden_updates: [target!.update_id] },
    };

    const preview = await call<SavePreview>('wuaRules.preview', draft);
    expect(preview).toMatchObject({
      nextVersion: '2',
      serverVersion: '1',
      conflict: false,
      diffAgainst: '1',
    });
    expect(preview.diff.lists.forbidden_updates!.added).toEqual([target!.update_id]);
    expect(preview.diff.description).toEqual({
      from: 'Pilot ring: Windows 11 and Edge updates, everything else allowed',
      to: 'Pilot ring (edited)',
    });
    expect(preview.impact.hostsCarrying).toBe(carriers.length);
    expect(preview.impact.hostsChanged).toBeGreaterThanOrEqual(1);
    expect(preview.impact.transitions.every((t) => t.to === 'DISCARDED')).toBe(true);
    expect(
      preview.impact.examples.some((e) => e.uuid === carriers[0]!.uuid && e.updateId === target!.update_id),
    ).toBe(true);

    await expect(call('wuaRules.save', draft)).rejects.toMatchObject({ wire: { code: 'KEY_LOCKED' } });
    await unlock(call);
    const saved = await call<{ version: string; filename: string | null }>('wuaRules.save', draft);
    expect(saved.version).toBe('2');
    expect(saved.filename).toMatch(/^demo-waptwua-pilot_2_PROD_[0-9a-f]{32}\.wapt$/);
    const v2 = await call<RulePackageDetails>('wuaRules.get', { package: PILOT });
    expect(v2).toMatchObject({
      version: '2',
      serverVersions: ['1', '2'],
      rules: { forbidden_updates: [target!.update_id] },
      signer: pilot.signer,
    });
    const all = await call<RulePackagesList>('wuaRules.list', { lastVersionOnly: false, search: 'pilot' });
    expect(all.rows.map((r) => r.version)).toEqual(['2', '1']);

    // A second console still on version 1: detected, never overwritten silently.
    const other = { ...draft, rules: { ...pilot.rules, allowed_kbs: ['KB890830'] } };
    await expect(call('wuaRules.save', other)).rejects.toMatchObject({
      wire: { code: 'CONFLICT', details: { serverVersion: '2', baseVersion: '1' } },
    });
    const otherPreview = await call<SavePreview>('wuaRules.preview', other);
    expect(otherPreview).toMatchObject({ conflict: true, serverVersion: '2', nextVersion: '3' });
    // A new package whose name already exists is a conflict too.
    await expect(call('wuaRules.save', { ...draft, baseVersion: null })).rejects.toMatchObject({
      wire: { code: 'CONFLICT' },
    });

    // Scan the host: the agent picks up version 2; its state and the explain trace follow.
    const online = carriers.find((c) => c.reachable === 'OK') ?? carriers[0]!;
    const hostUuid = online.uuid;
    const upd = (
      await call<{ updates: { update_id: string; status: string | null }[] }>('hosts.details', {
        uuid: hostUuid,
      })
    ).updates.find((u) => u.status === 'PENDING' || u.status === 'MISSING');
    if (upd && upd.update_id !== target!.update_id) {
      // Make sure the scanned host has an update forbidden by version 3.
      await call('wuaRules.save', {
        ...draft,
        baseVersion: '2',
        rules: { ...draft.rules, forbidden_updates: [target!.update_id, upd.update_id] },
      });
    }
    const forbiddenOnHost = upd?.update_id ?? target!.update_id;
    const { jobId } = await call<{ jobId: string }>('actions.trigger', {
      action: 'waptwua_scan',
      hosts: [{ uuid: hostUuid, host: hostUuid }],
    });
    for (let i = 0; i < 400; i++) {
      const st = await call<{ finished: boolean; rows: HostActionRow[] }>('actions.status', { jobId });
      if (st.finished) {
        expect(st.rows[0]!.state).toBe('OK');
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const trace = await call<ExplainTrace>('wuaRules.explain', { hostUuid, updateId: forbiddenOnHost });
    expect(trace.reported.status).toBe('DISCARDED');
    expect(trace.decision).toMatchObject({
      status: 'DISCARDED',
      allowed: false,
      decidedBy: { kind: 'forbidden_updates', origin: 'package', package: PILOT, value: forbiddenOnHost },
    });
    expect(trace.differsFromReported).toBe(false);
    expect(trace.packages.find((p) => p.package === PILOT)).toMatchObject({ rulesFound: true });
    expect(trace.steps.find((s) => s.decisive)).toMatchObject({ kind: 'forbidden_updates', package: PILOT });
    expect(trace.agent.known).toBe(true);
  });

  it('explains default_allow and supersedence on a host that carries no forbidding rule', async () => {
    const { call } = await connect();
    const hosts = await call<{ rows: { uuid: string }[] }>('hosts.page', { offset: 0, limit: 20 });
    let checked = 0;
    for (const h of hosts.rows) {
      const d = await call<{ updates: { update_id: string; superseded_update_ids: string[] }[] }>(
        'hosts.details',
        { uuid: h.uuid },
      );
      const superseded = new Set(
        d.updates.flatMap((u) => u.superseded_update_ids.map((s) => s.split('_')[0]!.toLowerCase())),
      );
      const old = d.updates.find((u) => superseded.has(u.update_id.split('_')[0]!.toLowerCase()));
      if (!old) continue;
      const trace = await call<ExplainTrace>('wuaRules.explain', {
        hostUuid: h.uuid,
        updateId: old.update_id,
      });
      expect(trace.supersededBy.length).toBeGreaterThan(0);
      expect(trace.steps.filter((s) => s.decisive)).toHaveLength(1);
      expect(trace.differsFromReported).toBe(false);
      checked++;
      break;
    }
    expect(checked).toBe(1);
    await expect(
      call('wuaRules.explain', {
        hostUuid: hosts.rows[0]!.uuid,
        updateId: '00000000-0000-0000-0000-000000000000_1',
      }),
    ).rejects.toMatchObject({ wire: { code: 'NOT_FOUND' } });
  });

  it('keeps drafts in the user-data directory (atomic files), lists and deletes them', async () => {
    const { call, dir } = await connect();
    const draft = {
      package: 'demo-waptwua-ring2',
      baseVersion: null,
      description: 'Ring 2',
      maturity: 'DEV',
      rules: { allowed_kbs: ['KB5034441'] },
    };
    await call('wuaRules.saveDraft', { id: 'demo-waptwua-ring2', draft });
    await call('wuaRules.saveDraft', {
      id: 'demo-waptwua-ring2',
      draft: { ...draft, description: 'Ring 2 bis' },
    });
    expect(readdirSync(path.join(dir, 'wua-drafts'))).toEqual(['demo-waptwua-ring2.json']);
    const list = await call<{ id: string; draft: { description: string } }[]>('wuaRules.listDrafts', {});
    expect(list).toMatchObject([{ id: 'demo-waptwua-ring2', draft: { description: 'Ring 2 bis' } }]);
    // A second console instance (same user data) sees the draft: survives a restart/crash.
    const again = await connect(dir);
    expect(await again.call('wuaRules.listDrafts', {})).toHaveLength(1);
    await call('wuaRules.deleteDraft', { id: 'demo-waptwua-ring2' });
    expect(existsSync(path.join(dir, 'wua-drafts', 'demo-waptwua-ring2.json'))).toBe(false);
    await expect(call('wuaRules.saveDraft', { id: '../x', draft })).rejects.toMatchObject({
      wire: { code: 'VALIDATION' },
    });
  });
});
