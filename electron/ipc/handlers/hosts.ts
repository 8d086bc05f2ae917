import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const hostsHandlers = (
  core: Core,
): Pick<Handlers, 'hosts.page' | 'hosts.details' | 'hosts.groups' | 'hosts.tasks'> => ({
  'hosts.page': (q) => core.hosts.page(q),
  'hosts.details': ({ uuid }) => core.hosts.details(uuid),
  'hosts.groups': () => core.hosts.groups(),
  'hosts.tasks': ({ uuid }) => core.hosts.tasks(uuid),
});
