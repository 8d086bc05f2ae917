import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { bundledIsccPath } from '../../../../electron/core/agent-build/iscc-runner';
import { silentLogger } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { useTempDirs } from '../../../support/temp-dir';

describe('agent build tools come from the settings main saved', () => {
  const tmp = useTempDirs();
  it('ISCC and the WAPT base directory chosen through the native dialog are the ones the build uses', async () => {
    const dir = tmp();
    const base = await createDemoBaseDir(path.join(dir, 'my-wapt'));
    const iscc = bundledIsccPath()!;
    const { core } = makeTestCore(dir, {
      pathPicker: { pickFile: async () => iscc, pickFolder: async () => base },
    });
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

    await call('agent.chooseIscc', {});
    await call('agent.chooseBaseDir', {});
    const after = (await call('agent.loadConfig', {})) as {
      baseDir: { path: string; demo: boolean };
      isccPath: string | null;
    };
    expect(after.isccPath).toBe(iscc);
    expect(after.baseDir).toMatchObject({ path: base, demo: false });
    expect(await core.agentBuild.verifiedIsccPath()).toBe(iscc);

    // Back to the defaults.
    await call('agent.resetTool', { tool: 'iscc' });
    await call('agent.resetTool', { tool: 'baseDir' });
    const reset = (await call('agent.loadConfig', {})) as {
      baseDir: { demo: boolean };
      isccPath: string | null;
    };
    expect(reset.baseDir.demo).toBe(true);
    expect(reset.isccPath).toBe(before.isccPath);
  });
});
