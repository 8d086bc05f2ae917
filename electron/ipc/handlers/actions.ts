import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const actionsHandlers = (
  core: Core,
): Pick<
  Handlers,
  | 'actions.trigger'
  | 'actions.retryFailed'
  | 'actions.status'
  | 'actions.queueSkipped'
  | 'actions.queueList'
  | 'actions.queueCancel'
> => ({
  'actions.trigger': async (req, ctx) => core.actions.start(req, ctx.emit.bind(ctx)),
  'actions.retryFailed': async ({ jobId }, ctx) => core.actions.retryFailed(jobId, ctx.emit.bind(ctx)),
  'actions.status': async ({ jobId }) => core.actions.status(jobId),
  'actions.queueSkipped': async ({ jobId, uuids, expiryHours }) => ({
    queued: await core.actionQueue.queueSkipped(jobId, expiryHours, uuids),
  }),
  'actions.queueList': async () => ({ entries: await core.actionQueue.list() }),
  'actions.queueCancel': async ({ ids }) => ({ entries: await core.actionQueue.cancel(ids) }),
});
