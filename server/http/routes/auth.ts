import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Authenticator,
  LoginThrottledError,
  parseBasic,
  sendLoginThrottled,
  type AuthContext,
  parseCookies,
  requireAuth,
  SESSION_COOKIE,
  UNAUTHORIZED_BODY,
} from '../../auth/authenticator';
import { isoTimestamp } from '../../util';
import type { ServerContext } from '../context';
import { elapsedSeconds, failEnvelope, okEnvelope, sendJson, WaptError } from '../envelope';

/** `/ping`'s `result.version` on the genuine 1.8.2 server (docs/wapt-server-api.md §9), unlike login's `version`. */
const GENUINE_PING_VERSION = '1.8.2';
/** A fixed, plausible git hash: the genuine server reports the commit it was built from. */
const GENUINE_GIT_HASH = '0000000000000000000000000000000000000000';

/** /ping, login, logout, user_infos, change_password (docs/wapt-server-api.md §2, §3.1). */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const ping = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'HEAD') return reply.code(200).send();
    if (ctx.profile.genuinePing) {
      // Exactly what the genuine 1.8.2 server answered (docs/wapt-server-api.md §9); no extension list.
      return sendJson(reply, {
        msg: 'WAPT Server running',
        result: {
          version: GENUINE_PING_VERSION,
          api_version: 'v3',
          edition: ctx.profile.edition,
          uuid: ctx.serverUuid,
          git_hash: GENUINE_GIT_HASH,
        },
        success: true,
        request_time: null,
      });
    }
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
          // How this server says what it adds to the 1.8.2 API (docs/server-api-extensions.md);
          // a genuine server never sends this key.
          reference_extensions: [...ctx.profile.extensions],
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
    let auth: AuthContext | null = null;
    // A repeated query parameter arrives as a list: not a credential.
    if (typeof user === 'string' && typeof password === 'string') {
      try {
        auth = await ctx.auth.checkPasswordFrom(request.ip, user, password);
      } catch (err) {
        if (err instanceof LoginThrottledError) return sendLoginThrottled(reply, err);
        throw err;
      }
    }
    if (auth === null) {
      ctx.auth.clearSessionCookie(reply);
      return (
        reply
          .code(401)
          .header('WWW-Authenticate', 'Basic realm="Login Required"')
          // Flask's default type: the genuine 401 is text/html (docs/wapt-server-api.md §9).
          .type('text/html; charset=utf-8')
          .send(UNAUTHORIZED_BODY)
      );
    }
    ctx.auth.setSessionCookie(reply, auth);
    // The genuine server was seen sending `user_acls: null` and `hosts_count: null` (docs/wapt-server-api.md
    // §9). When exactly is not documented; the strict profile sends them for a user without any
    // ACL [inferred], so a console can be tested against both nulls.
    const noAcl = Object.values(auth.acls).every((l) => !Array.isArray(l) || l.length === 0);
    const nulls = ctx.profile.genuineNulls && noAcl;
    const result = {
      auth_result: {
        auth_method: auth.authMethod,
        user: auth.user,
        auth_date: auth.authDate,
        user_acls: nulls ? null : auth.acls,
      },
      user_acls: nulls ? null : auth.acls,
      token: Authenticator.token(ctx.secret, auth.user),
      server_uuid: ctx.serverUuid,
      version: ctx.version,
      hosts_count: nulls ? null : hostsCount(),
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
