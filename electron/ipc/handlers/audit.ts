import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const auditHandlers = (
  core: Core,
): Pick<Handlers, 'audit.summary' | 'audit.startFleetScan' | 'audit.fleetScanStatus'> => ({
  'audit.summary': ({ filter }) => core.audit.summary(filter),
  'audit.startFleetScan': async (_input, ctx) => core.fleetScan.start(ctx.emit.bind(ctx)),
  'audit.fleetScanStatus': async () => core.fleetScan.status(),
});
