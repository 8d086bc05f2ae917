import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoBaseDir } from '../../../electron/core/agent-build/base-dir';
import { silentLogger } from '../../../electron/core/ports';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createHandlers } from '../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../support/fake-core';
import { useTempDirs } from '../../support/temp-dir';

describe('agent build tools come from the settings', () => {
  const tmp = useTempDirs();
  it('ISCC path and WAPT base directory set in the settings are the ones the build uses', async () => {
    const dir = tmp();
    const { core } = makeTestCore(dir);
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async (m: string, input: unknown) => {
      const r = await dispatch(m, input, { transport: 'browser', emit: () => undefined });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as never;
    };
    const before = (await call('agent.loadConfig', {})) as {
      baseDir: { demo: boolean };
      isccPath: string | null;
    };
    expect(before.baseDir.demo).toBe(true);

    const base = await createDemoBaseDir(path.join(dir, 'my-wapt'));
    await call('settings.update', { isccPath: '/opt/innosetup/ISCC.exe', waptBaseDir: base });
    const after = (await call('agent.loadConfig', {})) as {
      baseDir: { path: string; demo: boolean };
      isccPath: string | null;
    };
    expect(after.isccPath).toBe('/opt/innosetup/ISCC.exe');
    expect(after.baseDir).toMatchObject({ path: base, demo: false });

    // Back to the defaults.
    await call('settings.update', { isccPath: null, waptBaseDir: null });
    const reset = (await call('agent.loadConfig', {})) as {
      baseDir: { demo: boolean };
      isccPath: string | null;
    };
    expect(reset.baseDir.demo).toBe(true);
    expect(reset.isccPath).toBe(before.isccPath);
  });
});
