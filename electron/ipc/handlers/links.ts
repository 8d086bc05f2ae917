import { intentToUrl } from '../../core/links/link-intents';
import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const linksHandlers = (core: Core): Pick<Handlers, 'links.open'> => ({
  'links.open': async (intent) => {
    const url = intentToUrl(intent);
    return { opened: await core.links.open(url), url };
  },
});
