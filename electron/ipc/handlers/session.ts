import { ConsoleError } from '../../../common/errors';
import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

export const sessionHandlers = (core: Core): Pick<Handlers, 'session.status' | 'session.connect' | 'session.disconnect' | 'session.useDemoServer'> => ({
  'session.status': async () => core.session.current(),
  'session.connect': ({ serverUrl, user, password, verifyTls, allowInsecureHttp }) =>
    core.session.connect({ baseUrl: serverUrl, user, password, verifyTls, allowInsecureHttp }),
  'session.disconnect': () => core.session.disconnect(),
  'session.useDemoServer': async () => {
    if (!core.demoServer) throw new ConsoleError('NOT_FOUND', 'this build has no embedded demo server');
    const { url, user, password } = await core.demoServer.start();
    return core.session.connect({ baseUrl: url, user, password, verifyTls: true });
  },
});
