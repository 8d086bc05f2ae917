import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, GridState, Settings } from '../../../common/ipc/contract';
import { ConsoleError } from '../../../common/errors';
import { writeFileAtomic } from '../../../wapt/fs/atomic-write';
import type { Logger } from '../ports';

export const StoredProfile = z.object({
  id: z.string(),
  name: z.string(),
  serverUrl: z.string(),
  user: z.string(),
  verifyTls: z.boolean(),
  caBundlePath: z.string().nullable(),
  allowInsecureHttp: z.boolean(),
});
export type StoredProfile = z.infer<typeof StoredProfile>;

const StoredFile = z.object({
  schemaVersion: z.literal(1),
  settings: Settings.partial().default({}),
  grids: z.record(z.string(), GridState).default({}),
  /** Where the administrator's key and certificate files are (paths only; no key material is ever stored here). */
  adminKey: z
    .object({ keyPath: z.string().nullable(), certificatePath: z.string().nullable() })
    .default({ keyPath: null, certificatePath: null }),
  /** Saved server connections, without passwords (those are in the SecretStore). */
  profiles: z.array(StoredProfile).default([]),
});
type StoredFile = z.infer<typeof StoredFile>;
const EMPTY: StoredFile = {
  schemaVersion: 1,
  settings: {},
  grids: {},
  adminKey: { keyPath: null, certificatePath: null },
  profiles: [],
};

/**
 * User preferences and grid layouts in one JSON file under the user-data directory. Secrets never
 * go here (they go to the SecretStore). A corrupt file is set aside, not silently overwritten, so
 * the user can recover it.
 */
export class JsonSettingsStore {
  private loading: Promise<StoredFile> | undefined;
  private cache: StoredFile | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  static inDirectory(dir: string, log: Logger): JsonSettingsStore {
    return new JsonSettingsStore(path.join(dir, 'settings.json'), log);
  }

  private load(): Promise<StoredFile> {
    if (this.cache) return Promise.resolve(this.cache);
    // One read even when many callers arrive before it completes.
    this.loading ??= this.readFromDisk().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async readFromDisk(): Promise<StoredFile> {
    let raw: string | undefined;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new ConsoleError('IO', `cannot read settings: ${(err as Error).message}`);
    }
    if (raw === undefined) return (this.cache = EMPTY);
    try {
      this.cache = StoredFile.parse(JSON.parse(raw));
    } catch {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await writeFileAtomic(aside, raw);
      this.log.warn('settings.corrupt-file-set-aside', { aside });
      this.cache = EMPTY;
    }
    return this.cache;
  }

  /** Read-modify-write steps run one at a time, so concurrent updates never lose each other. */
  private mutate(change: (current: StoredFile) => StoredFile): Promise<void> {
    const step = this.queue.then(async () => {
      const next = change(await this.load());
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.cache = next;
    });
    this.queue = step.catch(() => undefined);
    return step;
  }

  async getSettings(): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...(await this.load()).settings };
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    await this.mutate((current) => ({ ...current, settings: { ...current.settings, ...patch } }));
    return this.getSettings();
  }

  async getGridState(gridId: string): Promise<GridState | null> {
    return (await this.load()).grids[gridId] ?? null;
  }

  setGridState(gridId: string, state: GridState | null): Promise<void> {
    return this.mutate((current) => {
      const grids = { ...current.grids };
      if (state === null) delete grids[gridId];
      else grids[gridId] = state;
      return { ...current, grids };
    });
  }

  async getAdminKeyPaths(): Promise<{ keyPath: string | null; certificatePath: string | null }> {
    return { ...(await this.load()).adminKey };
  }

  setAdminKeyPaths(paths: { keyPath: string | null; certificatePath: string | null }): Promise<void> {
    return this.mutate((current) => ({ ...current, adminKey: { ...paths } }));
  }

  async getProfiles(): Promise<StoredProfile[]> {
    return [...(await this.load()).profiles];
  }

  setProfiles(profiles: StoredProfile[]): Promise<void> {
    return this.mutate((current) => ({ ...current, profiles: [...profiles] }));
  }
}
