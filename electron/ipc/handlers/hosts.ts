import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const hostsHandlers = (
  core: Core,
): Pick<
  Handlers,
  | 'hosts.page'
  | 'hosts.list'
  | 'hosts.details'
  | 'hosts.packages'
  | 'hosts.softwares'
  | 'hosts.hardware'
  | 'hosts.groups'
  | 'hosts.tasks'
  | 'hosts.delete'
> => ({
  'hosts.page': (q) => core.hosts.page(q),
  'hosts.list': (q) => core.hosts.list(q),
  'hosts.packages': ({ uuid }) => core.hosts.packages(uuid),
  'hosts.softwares': ({ uuid }) => core.hosts.softwares(uuid),
  'hosts.hardware': ({ uuid }) => core.hosts.hardware(uuid),
  'hosts.details': ({ uuid, withUpdates }) => core.hosts.details(uuid, { withUpdates }),
  'hosts.groups': () => core.hosts.groups(),
  'hosts.tasks': ({ uuid }) => core.hosts.tasks(uuid),
  'hosts.delete': (req) => core.hosts.delete(req),
});
