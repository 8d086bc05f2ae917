import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const signaturesHandlers = (core: Core): Pick<Handlers, 'packages.signatureStatus'> => ({
  'packages.signatureStatus': ({ filenames }) => core.packageSignatures.statuses(filenames),
});
