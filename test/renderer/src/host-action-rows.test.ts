import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../common/ipc/contract';
import type { HostActionRow } from '../../../common/ipc/methods/actions';
import type { HostPackagesRun } from '../../../common/ipc/methods/host-packages';
import { silentLogger } from '../../../electron/core/ports';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createHandlers } from '../../../electron/ipc/handlers/index';
import { translate, type Translate } from '../../../renderer/src/i18n/i18n';
import { hostRowText } from '../../../renderer/src/i18n/progress-text';
import { makeTestCore } from '../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { useTempDirs } from '../../support/temp-dir';

/*
 * Issue 14 point 3: what main writes in a host's row of a host action crosses the dispatcher as a
 * code (a step of common/progress-steps.ts, or an error's code + reason + parameters) and the
 * progress dialog says it in French. A real action on the reference server: one host online, one
 * offline (skipped, "Not connected" in main's English for the CLI).
 */
const fr: Translate = (k, p) => translate('fr', k, p);
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ hosts: 12, speed: 500 });
});
afterAll(async () => server?.stop());
const tmp = useTempDirs('host-rows-');

describe('host action rows', () => {
  it('main’s own sentences cross as codes and read in French', async () => {
    const { core } = makeTestCore(tmp());
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(_e: E, _p: EventPayload<E>) => undefined,
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async (m: string, input: unknown) => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as never;
    };
    await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
    const page = (await call('hosts.page', { offset: 0, limit: 100 })) as {
      rows: { uuid: string; computer_fqdn: string; reachable: string | null }[];
    };
    const online = page.rows.find((r) => r.reachable === 'OK')!;
    const offline = page.rows.find((r) => r.reachable !== 'OK')!;
    const { jobId } = (await call('actions.trigger', {
      action: 'waptwua_scan',
      hosts: [online, offline].map((h) => ({ uuid: h.uuid, host: h.computer_fqdn })),
    })) as { jobId: string };
    let rows: HostActionRow[] = [];
    // Waits on the run's state (it ends when both hosts have an outcome), never on a fixed time.
    for (let finished = false; !finished;) {
      const st = (await call('actions.status', { jobId })) as { finished: boolean; rows: HostActionRow[] };
      ({ finished, rows } = st);
      if (!finished) await new Promise((r) => setTimeout(r, 50));
    }
    const skipped = rows.find((r) => r.uuid === offline.uuid)!;
    // The CLI still prints main's English; the window reads the code.
    expect(skipped).toMatchObject({
      state: 'SKIPPED',
      message: 'Not connected',
      note: { step: 'hostAction.NOT_CONNECTED' },
    });
    expect(hostRowText(skipped, fr)).toBe('non connecté');
    const ok = rows.find((r) => r.uuid === online.uuid)!;
    expect(ok.state).toBe('OK');
    // The agent's own summary is shown as the agent wrote it; main's fallback is translated.
    expect(hostRowText(ok, fr)).toBe(ok.note ? translate('fr', 'progress.hostAction.DONE') : ok.message);
  });

  it('a host-package edit says each host’s outcome in French (uploaded, unknown host)', async () => {
    const { core } = makeTestCore(tmp());
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(_e: E, _p: EventPayload<E>) => undefined,
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async (m: string, input: unknown) => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as never;
    };
    await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
    const page = (await call('hosts.page', { offset: 0, limit: 100 })) as { rows: { uuid: string }[] };
    // The last host: the first test's action does not touch its host package.
    const known = page.rows.at(-1)!.uuid;
    const unknown = '00000000-DEAD-BEEF-0000-000000000000';
    const { jobId } = (await call('hostPackages.edit', {
      hosts: [known, unknown],
      depends: { add: ['demo-7zip'] },
      concurrency: 2,
    })) as { jobId: string };
    // Waits on the run's state, never on a fixed time.
    const status = async (): Promise<HostPackagesRun | null> => {
      try {
        const r: HostPackagesRun = await call('hostPackages.status', { jobId });
        return r;
      } catch {
        return null;
      }
    };
    let run = await status();
    while (!run?.finished) {
      await new Promise((r) => setTimeout(r, 50));
      run = await status();
    }
    const byUuid = new Map(run.rows.map((r) => [r.uuid, r]));
    const made = byUuid.get(known)!;
    expect(made.state).toBe('OK');
    expect(hostRowText(made, fr)).toBe(
      translate('fr', made.created ? 'progress.hostPackage.CREATED' : 'progress.hostPackage.UPLOADED', {
        version: made.version!,
      }),
    );
    expect(hostRowText(made, fr)).toMatch(/^version \S+ téléversée/);
    const missing = byUuid.get(unknown)!;
    // The CLI keeps `[CODE/REASON] message`; the window says the reason.
    expect(missing.message).toContain('UNKNOWN_HOST');
    expect(hostRowText(missing, fr)).toBe('le serveur ne connaît pas cette machine');
  });

  it('a failed host reads its error in French, a timeout its duration', () => {
    const failed: HostActionRow = {
      uuid: 'u',
      host: 'h',
      state: 'ERROR',
      progress: null,
      message: 'the signing key was locked; unlock it again',
      error: { code: 'KEY_LOCKED', reason: 'LOCKED', params: {} },
    };
    expect(hostRowText(failed, fr)).toBe(
      'la clé de signature a été verrouillée ; déverrouillez-la à nouveau',
    );
    const { error: _error, ...base } = failed;
    const noOutcome: HostActionRow = {
      ...base,
      state: 'TIMEOUT',
      message: 'no outcome from the agent within 10 min',
      note: { step: 'hostAction.NO_OUTCOME', params: { amount: 10, unit: 'min' } },
    };
    expect(hostRowText(noOutcome, fr)).toBe('aucun résultat de l’agent en 10 min');
  });
});
