import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const profilesHandlers = (
  core: Core,
): Pick<Handlers, 'profiles.list' | 'profiles.save' | 'profiles.delete' | 'profiles.connect'> => ({
  'profiles.list': () => core.profiles.list(),
  'profiles.save': (input) => core.profiles.save(input),
  'profiles.delete': async ({ id }) => {
    await core.profiles.remove(id);
    return null;
  },
  'profiles.connect': ({ id, password }) => core.profiles.connect(id, password),
});
