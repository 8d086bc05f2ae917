import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const keysHandlers = (
  core: Core,
): Pick<
  Handlers,
  'keys.status' | 'keys.configure' | 'keys.unlock' | 'keys.lock' | 'keys.create' | 'keys.choosePath'
> => ({
  'keys.status': () => core.adminKey.status(),
  'keys.configure': ({ keyPath, certificatePath }) => core.adminKey.configure(keyPath, certificatePath),
  'keys.unlock': ({ password }) => core.adminKey.unlock(password),
  'keys.lock': () => core.adminKey.lock(),
  'keys.create': (req) => core.keyCreation.create(req),
  'keys.choosePath': ({ purpose, title }) => core.keyCreation.choosePath(purpose, title),
});
