import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const settingsHandlers = (
  core: Core,
): Pick<
  Handlers,
  'settings.get' | 'settings.update' | 'settings.getGridState' | 'settings.setGridState'
> => ({
  'settings.get': () => core.settings.getSettings(),
  'settings.update': (patch) => core.settings.updateSettings(patch),
  'settings.getGridState': ({ gridId }) => core.settings.getGridState(gridId),
  'settings.setGridState': async ({ gridId, state }) => {
    await core.settings.setGridState(gridId, state);
    return null;
  },
});
