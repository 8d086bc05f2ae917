import { ConsoleError } from '../../../common/errors';
import type { Core } from '../../compose';
import { readCaBundle } from '../../core/session/profiles-service';
import type { Handlers } from '../dispatch';

export const sessionHandlers = (
  core: Core,
): Pick<Handlers, 'session.status' | 'session.connect' | 'session.disconnect' | 'session.useDemoServer'> => ({
  'session.status': async () => core.session.current(),
  'session.connect': async ({ serverUrl, user, password, verifyTls, allowInsecureHttp, caBundlePath }) => {
    const caPem = await readCaBundle(caBundlePath);
    return core.session.connect({
      baseUrl: serverUrl,
      user,
      password,
      verifyTls,
      allowInsecureHttp,
      ...(caPem ? { caPem } : {}),
    });
  },
  'session.disconnect': () => core.session.disconnect(),
  'session.useDemoServer': async (_input, ctx) => {
    if (!core.demoServer) throw new ConsoleError('NOT_FOUND', 'this build has no embedded demo server');
    // The first start generates the demo fleet: its steps go to the window that asked.
    const { url, user, password, demoSigner } = await core.demoServer.start((progress) =>
      ctx.emit('session.demoProgress', progress),
    );
    ctx.emit('session.demoProgress', { step: 'connecting', done: null, total: null });
    const status = await core.session.connect({ baseUrl: url, user, password, verifyTls: true });
    // First run against the demo: use the demo's signer (the server trusts it) unless a key is set up.
    if (demoSigner && !(await core.adminKey.status()).configured)
      await core.adminKey.configure(demoSigner.keyPath, demoSigner.certificatePath);
    return status;
  },
});
