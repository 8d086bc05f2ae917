import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const auditHandlers = (core: Core): Pick<Handlers, 'audit.summary'> => ({
  'audit.summary': ({ filter }) => core.audit.summary(filter),
});
