import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const appHandlers = (core: Core): Pick<Handlers, 'app.info'> => ({
  'app.info': async () => core.appInfo(),
});
