import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Authenticator,
  parseBasic,
  parseCookies,
  requireAuth,
  SESSION_COOKIE,
  UNAUTHORIZED_BODY,
} from '../../auth/authenticator';
import { isoTimestamp } from '../../util';
import type { ServerContext } from '../context';
import { elapsedSeconds, failEnvelope, okEnvelope, sendJson, WaptError } from '../envelope';

/** /ping, login, logout, user_infos, change_password (server-api.md §2, §3.1). */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const ping = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'HEAD') return reply.code(200).send();
    return sendJson(
      reply,
      okEnvelope(
        {
          version: ctx.version,
          api_root: '/api/',
          api_version: 'v3',
          uuid: ctx.serverUuid,
          date: isoTimestamp(),
          application_root: '',
          edition: ctx.edition,
          git_hash: 'reference-server',
          platform: 'Linux',
          architecture: ['64bit', 'ELF'],
        },
        'WAPT Server running',
      ),
    );
  };
  app.get('/ping', ping);

  const hostsCount = () =>
    (ctx.db.prepare("SELECT value FROM counters WHERE name = 'hosts'").get() as { value: number }).value;

  const login = async (request: FastifyRequest, reply: FastifyReply) => {
    const t0 = performance.now();
    if (request.method === 'HEAD') return reply.code(200).send();
    let user: string | undefined;
    let password: string | undefined;
    const body = request.body;
    if (
      body !== null &&
      typeof body === 'object' &&
      !Buffer.isBuffer(body) &&
      typeof (body as { pipe?: unknown }).pipe !== 'function'
    ) {
      const b = body as Record<string, unknown>;
      if (b.user !== undefined && typeof b.user !== 'string')
        throw new WaptError('ewaptmissingparameter', 'user must be a string');
      if (b.password !== undefined && typeof b.password !== 'string')
        throw new WaptError('ewaptmissingparameter', 'password must be a string');
      user = b.user;
      password = b.password;
    }
    const query = request.query as Record<string, string | undefined>;
    user ??= query.user;
    password ??= query.password;
    if (user === undefined || password === undefined) {
      const basic = parseBasic(request.headers.authorization);
      if (basic !== null) ({ user, password } = basic);
    }
    // Clear then set: an old session never survives a login.
    ctx.auth.deleteSession(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
    const auth =
      user !== undefined && password !== undefined ? await ctx.auth.checkPassword(user, password) : null;
    if (auth === null) {
      ctx.auth.clearSessionCookie(reply);
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Basic realm="Login Required"')
        .type('text/plain; charset=utf-8')
        .send(UNAUTHORIZED_BODY);
    }
    ctx.auth.setSessionCookie(reply, auth);
    const result = {
      auth_result: {
        auth_method: auth.authMethod,
        user: auth.user,
        auth_date: auth.authDate,
        user_acls: auth.acls,
      },
      user_acls: auth.acls,
      token: Authenticator.token(ctx.secret, auth.user),
      server_uuid: ctx.serverUuid,
      version: ctx.version,
      hosts_count: hostsCount(),
      server_domain: ctx.serverDomain,
      edition: ctx.edition,
    };
    return sendJson(reply, okEnvelope(result, 'Authentication OK', elapsedSeconds(t0)));
  };
  for (const url of ['/api/v3/login', '/login'])
    app.route({ method: ['GET', 'HEAD', 'POST'], url, handler: login });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v3/logout',
    handler: async (request, reply) => {
      ctx.auth.deleteSession(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
      ctx.auth.clearSessionCookie(reply);
      return sendJson(reply, okEnvelope(null, 'logout'));
    },
  });

  // No auth decorator in WAPT: answers from the session only.
  app.get('/api/v3/user_infos', async (request, reply) => {
    const s = ctx.auth.sessionContext(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
    if (s === null) return sendJson(reply, failEnvelope('ewaptauthenticationfailure', 'Not logged in'));
    return sendJson(
      reply,
      okEnvelope(
        {
          user: s.user,
          user_fingerprint_sha1: s.fingerprintSha1,
          user_acls: s.acls,
          auth_method: s.authMethod,
          auth_date: s.authDate,
        },
        'User infos',
      ),
    );
  });

  app.post(
    '/api/v3/change_password',
    { preHandler: requireAuth(ctx.auth, ['admin']) },
    async (request, reply) => {
      const b = request.body as Record<string, unknown> | null;
      if (
        b === null ||
        typeof b !== 'object' ||
        typeof b.user !== 'string' ||
        typeof b.password !== 'string' ||
        typeof b.new_password !== 'string'
      ) {
        throw new WaptError('ewaptmissingparameter', 'user, password and new_password are required');
      }
      if ((await ctx.auth.checkPassword(b.user, b.password)) === null)
        throw new WaptError('ewaptauthenticationfailure', 'Bad user or password');
      if (b.new_password.length < 10)
        throw new WaptError('ewaptbadpassword', 'The new password must be at least 10 characters long');
      await ctx.auth.changePassword(b.user, b.new_password);
      return sendJson(reply, okEnvelope({ user: b.user }, 'Password changed'));
    },
  );
}
