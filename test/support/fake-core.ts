import { createCore, type CoreDeps } from '../../electron/compose';
import { MemorySecretStore } from '../../electron/core/memory-secret-store';
import { silentLogger } from '../../electron/core/ports';

/** The real core with in-memory/no-op adapters, as browser mode builds it but without a demo server. */
export function makeTestCore(userDataDir: string, overrides: Partial<CoreDeps> = {}) {
  const opened: string[] = [];
  const core = createCore({
    mode: 'browser',
    userDataDir,
    log: silentLogger,
    secrets: new MemorySecretStore(),
    links: {
      open: async (url) => {
        opened.push(url);
        return true;
      },
    },
    ...overrides,
  });
  return { core, opened };
}
