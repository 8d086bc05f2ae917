import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';
import { actionsHandlers } from './actions';
import { agentBuildHandlers } from './agent-build';
import { appHandlers } from './app';
import { auditHandlers } from './audit';
import { hostPackagesHandlers } from './host-packages';
import { hostsHandlers } from './hosts';
import { jobsHandlers } from './jobs';
import { keysHandlers } from './keys';
import { linksHandlers } from './links';
import { profilesHandlers } from './profiles';
import { sessionHandlers } from './session';
import { settingsHandlers } from './settings';
import { signaturesHandlers } from './signatures';
import { updatesHandlers } from './updates';
import { wuaRulesHandlers } from './wua-rules';

/**
 * One object with a handler for every contract method: the `Handlers` type makes a missing or
 * misspelt method a compile error.
 */
export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...settingsHandlers(core),
    ...sessionHandlers(core),
    ...jobsHandlers(core),
    ...linksHandlers(core),
    ...keysHandlers(core),
    ...profilesHandlers(core),
    ...hostsHandlers(core),
    ...actionsHandlers(core),
    ...updatesHandlers(core),
    ...wuaRulesHandlers(core),
    ...auditHandlers(core),
    ...agentBuildHandlers(core),
    ...hostPackagesHandlers(core),
    ...signaturesHandlers(core),
  };
}
