import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const appHandlers = (
  core: Core,
): Pick<Handlers, 'app.info' | 'app.quit' | 'app.setUnsaved' | 'app.answerClose'> => ({
  'app.info': async () => core.appInfo(),
  'app.quit': async () => {
    core.jobs.cancelAll();
    core.quit();
    return null;
  },
  'app.setUnsaved': async ({ unsaved }) => {
    core.closeGuard.setUnsaved(unsaved);
    return null;
  },
  'app.answerClose': async ({ answer }) => {
    core.closeGuard.answer(answer);
    return null;
  },
});
