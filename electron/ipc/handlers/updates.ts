import { ConsoleError } from '../../../common/errors';
import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

/**
 * Read-only mode (issue 5): while no admin key is unlocked, the console changes nothing on the
 * server from the Windows-updates and audit tabs. The renderer disables the actions; main refuses
 * them too, so a stale button or another bridge client cannot get round it.
 */
export async function requireUnlockedKey(core: Core): Promise<void> {
  const status = await core.adminKey.status();
  if (!status.unlocked)
    throw new ConsoleError('KEY_LOCKED', 'read-only mode: unlock your key to change the server', {
      details: { reason: 'READ_ONLY' },
    });
}

type UpdatesMethod =
  | 'updates.page'
  | 'updates.facets'
  | 'updates.download'
  | 'updates.deleteCached'
  | 'updates.downloadCab'
  | 'updates.tasks'
  | 'updates.cabHistory'
  | 'updates.deleteCabHistory'
  | 'updates.catalogHealth';

export const updatesHandlers = (core: Core): Pick<Handlers, UpdatesMethod> => ({
  'updates.page': (q) => core.updates.page(q),
  'updates.facets': () => core.updates.facets(),
  'updates.download': async ({ updateIds, force }) => {
    await requireUnlockedKey(core);
    return core.updates.download(updateIds, force);
  },
  'updates.deleteCached': async ({ updateIds }) => {
    await requireUnlockedKey(core);
    return core.updates.deleteCached(updateIds);
  },
  'updates.downloadCab': async ({ force }) => {
    await requireUnlockedKey(core);
    return core.updates.downloadCab(force);
  },
  'updates.tasks': ({ limit }) => core.updates.tasks(limit),
  'updates.cabHistory': ({ limit }) => core.updates.cabHistory(limit),
  'updates.deleteCabHistory': async ({ ids }) => {
    await requireUnlockedKey(core);
    return core.updates.deleteCabHistory(ids);
  },
  'updates.catalogHealth': () => core.updates.catalogHealth(),
});
