import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

type HostPackagesMethod =
  | 'hostPackages.get'
  | 'hostPackages.edit'
  | 'hostPackages.retryFailed'
  | 'hostPackages.status'
  | 'groups.list'
  | 'groups.save'
  | 'repository.list'
  | 'repository.details'
  | 'repository.upload'
  | 'repository.delete'
  | 'repository.download';

export const hostPackagesHandlers = (core: Core): Pick<Handlers, HostPackagesMethod> => ({
  'hostPackages.get': ({ uuid }) => core.hostPackages.get(uuid),
  'hostPackages.edit': async (req, ctx) => core.hostPackages.start(req, ctx.emit.bind(ctx)),
  'hostPackages.retryFailed': async ({ jobId }, ctx) =>
    core.hostPackages.retryFailed(jobId, ctx.emit.bind(ctx)),
  'hostPackages.status': async ({ jobId }) => core.hostPackages.status(jobId),
  'groups.list': () => core.groups.list(),
  'groups.save': (req) => core.groups.save(req),
  'repository.list': (q) => core.repository.list(q),
  'repository.details': ({ filename }) => core.repository.details(filename),
  'repository.upload': ({ path }) => core.repository.upload(path),
  'repository.delete': ({ filenames }) => core.repository.delete(filenames),
  'repository.download': ({ filename, directory }) => core.repository.download(filename, directory),
});
