import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const appHandlers = (core: Core): Pick<Handlers, 'app.info' | 'app.quit'> => ({
  'app.info': async () => core.appInfo(),
  'app.quit': async () => {
    core.jobs.cancelAll();
    core.quit();
    return null;
  },
});
