import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const jobsHandlers = (core: Core): Pick<Handlers, 'jobs.list' | 'jobs.cancel'> => ({
  'jobs.list': async () => core.jobs.list(),
  'jobs.cancel': async ({ jobId }) => ({ cancelled: core.jobs.cancel(jobId) }),
});
