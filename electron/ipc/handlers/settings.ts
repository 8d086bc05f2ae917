import { ConsoleError } from '../../../common/errors';
import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const settingsHandlers = (
  core: Core,
): Pick<
  Handlers,
  'settings.get' | 'settings.update' | 'settings.getGridState' | 'settings.setGridState'
> => ({
  'settings.get': () => core.settings.getSettings(),
  'settings.update': (patch) => {
    // Paths main would execute (ISCC) or pack into every agent (the WAPT base directory) are chosen
    // through main's own file dialog (agent.chooseIscc / agent.chooseBaseDir) or the CLI/config,
    // never sent by the renderer.
    const refused = (['isccPath', 'waptBaseDir'] as const).filter((k) => k in patch);
    if (refused.length > 0)
      throw new ConsoleError(
        'FORBIDDEN',
        `${refused.join(' and ')} cannot be set from the window: choose them with Tools… (the system's file dialog)`,
        { details: { reason: 'TOOL_PATH_FROM_RENDERER' } },
      );
    return core.settings.updateSettings(patch);
  },
  'settings.getGridState': ({ gridId }) => core.settings.getGridState(gridId),
  'settings.setGridState': async ({ gridId, state }) => {
    await core.settings.setGridState(gridId, state);
    return null;
  },
});
