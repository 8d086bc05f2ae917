import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { RulesDraftStored } from '../../../common/ipc/methods/wua-rules';
import { writeFileAtomic } from '../../../wapt/fs/atomic-write';

const ID = /^[a-z0-9][a-z0-9_.-]{0,199}$/;

/**
 * Unsaved rule-package edits, one JSON file per draft under `<userData>/wua-drafts/`, written
 * atomically (temp + fsync + rename) on every change, so a crash loses nothing. Drafts hold rules
 * only, never key material.
 */
export class RulesDraftsStore {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private file(id: string): string {
    if (!ID.test(id))
      throw new ConsoleError('VALIDATION', `invalid draft id ${JSON.stringify(id)}`, {
        details: { reason: 'DRAFT_ID' },
      });
    return path.join(this.dir, `${id}.json`);
  }

  async list(): Promise<RulesDraftStored[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: RulesDraftStored[] = [];
    for (const n of names.filter((f) => f.endsWith('.json')).sort()) {
      try {
        const parsed = RulesDraftStored.safeParse(JSON.parse(await readFile(path.join(this.dir, n), 'utf8')));
        // A damaged draft is skipped, never fatal: the user still gets the others.
        if (parsed.success) out.push(parsed.data);
      } catch {
        /* unreadable draft: skipped */
      }
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async save(id: string, draft: RulesDraftStored['draft']): Promise<RulesDraftStored> {
    const stored: RulesDraftStored = { id, savedAt: this.now().toISOString(), draft };
    await writeFileAtomic(this.file(id), `${JSON.stringify(stored, null, 1)}\n`);
    return stored;
  }

  async delete(id: string): Promise<null> {
    await rm(this.file(id), { force: true });
    return null;
  }
}
