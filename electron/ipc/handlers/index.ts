import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';
import { actionsHandlers } from './actions';
import { appHandlers } from './app';
import { hostsHandlers } from './hosts';
import { jobsHandlers } from './jobs';
import { keysHandlers } from './keys';
import { linksHandlers } from './links';
import { sessionHandlers } from './session';
import { settingsHandlers } from './settings';

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
    ...hostsHandlers(core),
    ...actionsHandlers(core),
  };
}
