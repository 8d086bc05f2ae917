import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connection';
import { isoTimestamp } from '../util';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';

/**
 * Authentication and authorisation as WAPT 1.8.2 does it (docs/wapt-server-api.md §2): a session cookie
 * named `session`, set by login and refreshed by every authenticated call, or HTTP Basic against
 * the admin user; ACLs per perimeter; 401 and 403 with WAPT's exact plain-text bodies.
 *
 * Sessions are server-side rows (random 256-bit ids) instead of Flask's signed client cookie, so
 * logout really ends a session. Sliding lifetime 12 h.
 */
export interface AuthContext {
  user: string;
  authMethod: string;
  authDate: string;
  acls: Record<string, string[]>;
  fingerprintSha1: string | null;
  sessionId?: string;
}

export const SESSION_COOKIE = 'session';
const SESSION_LIFETIME_MS = 12 * 3600 * 1000;
const VERIFY_CACHE_MS = 5 * 60 * 1000;
export const UNAUTHORIZED_BODY = 'You have to login with proper credentials';
export const FORBIDDEN_BODY = 'Restricted access.\n';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}

interface UserRow {
  name: string;
  password_hash: string;
  acls: string;
  user_fingerprint_sha1: string | null;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    if (!(k in out)) out[k] = part.slice(i + 1).trim();
  }
  return out;
}

export function parseBasic(header: string | undefined): { user: string; password: string } | null {
  if (header === undefined) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (m === null) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? null : { user: text.slice(0, i), password: text.slice(i + 1) };
}

export class LoginThrottledError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('too many failed login attempts');
    this.name = 'LoginThrottledError';
  }
}

/** 429 in the style of the 401 (text/html, docs/wapt-server-api.md §9), with Retry-After in seconds. */
export async function sendLoginThrottled(reply: FastifyReply, err: LoginThrottledError): Promise<void> {
  const seconds = Math.max(1, Math.ceil(err.retryAfterMs / 1000));
  await reply
    .code(429)
    .header('Retry-After', String(seconds))
    .type('text/html; charset=utf-8')
    .send(`Too many failed login attempts: retry in ${seconds} s`);
}

export class Authenticator {
  /** Failed password checks per user and per address (not in WAPT 1.8.2). */
  readonly throttle = new LoginThrottle();
  /** HMAC(secret, user:password) of recently verified credentials: PBKDF2 on every Basic request would cost ~15 ms each. */
  private readonly verified = new Map<string, number>();
  private readonly cacheKey = randomBytes(32);
  private lastPurge = 0;
  /** The session cookie's `Path` (the server profile's; empty on a genuine 1.8.2 server). */
  cookiePath = '/';

  constructor(
    private readonly db: Db,
    readonly adminUser: string,
  ) {}

  /** Sets the admin password (waptserver.ini `wapt_password` semantics: configuration, applied at each start). */
  async setAdminPassword(password: string): Promise<void> {
    const hash = await hashPassword(password);
    const now = isoTimestamp();
    this.db
      .prepare(
        `INSERT INTO users (name, password_hash, acls, created_on, updated_on) VALUES (?, ?, '{"*":["admin"]}', ?, ?)
         ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, updated_on = excluded.updated_on`,
      )
      .run(this.adminUser, hash, now, now);
    this.verified.clear();
  }

  /**
   * Another console account (configuration, applied at each start). Stands for Enterprise's
   * directory (`ldap`) users, who log in with per-user ACLs; `{}` = no ACL at all.
   */
  async setUser(name: string, password: string, acls: Record<string, string[]>): Promise<void> {
    if (name === this.adminUser) throw new Error('the admin account is set by the admin password');
    const hash = await hashPassword(password);
    const now = isoTimestamp();
    this.db
      .prepare(
        `INSERT INTO users (name, password_hash, acls, created_on, updated_on) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, acls = excluded.acls, updated_on = excluded.updated_on`,
      )
      .run(name, hash, JSON.stringify(acls), now, now);
    this.verified.clear();
  }

  async changePassword(user: string, newPassword: string): Promise<void> {
    const hash = await hashPassword(newPassword);
    this.db
      .prepare('UPDATE users SET password_hash = ?, updated_on = ? WHERE name = ?')
      .run(hash, isoTimestamp(), user);
    this.verified.clear();
    this.db.prepare('DELETE FROM sessions WHERE user = ?').run(user);
  }

  private userRow(user: string): UserRow | undefined {
    return this.db
      .prepare('SELECT name, password_hash, acls, user_fingerprint_sha1 FROM users WHERE name = ?')
      .get(user) as UserRow | undefined;
  }

  private context(row: UserRow, authMethod: string, authDate: string): AuthContext {
    let acls: Record<string, string[]> = {};
    try {
      acls = JSON.parse(row.acls) as Record<string, string[]>;
    } catch {
      acls = {};
    }
    return { user: row.name, authMethod, authDate, acls, fingerprintSha1: row.user_fingerprint_sha1 };
  }

  /**
   * `admin` method for the configured admin user; the other accounts (setUser) as the `ldap`
   * method. Null when refused.
   */
  async checkPassword(user: string, password: string): Promise<AuthContext | null> {
    const row = this.userRow(user);
    if (row === undefined) return null;
    const key = createHmac('sha256', this.cacheKey)
      .update(`${user}\0${password}\0${row.password_hash}`)
      .digest('base64');
    const until = this.verified.get(key);
    if (until === undefined || until < Date.now()) {
      if (!(await verifyPassword(password, row.password_hash))) return null;
      if (this.verified.size > 1000) this.verified.clear();
      this.verified.set(key, Date.now() + VERIFY_CACHE_MS);
    }
    return this.context(row, user === this.adminUser ? 'admin' : 'ldap', isoTimestamp());
  }

  sessionContext(sessionId: string | undefined): AuthContext | null {
    if (sessionId === undefined || !/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return null;
    const s = this.db
      .prepare('SELECT user, auth_method, auth_date, expires_ms FROM sessions WHERE id = ?')
      .get(sessionId) as
      { user: string; auth_method: string; auth_date: string; expires_ms: number } | undefined;
    if (s === undefined || s.expires_ms < Date.now()) return null;
    const row = this.userRow(s.user);
    if (row === undefined) return null;
    return { ...this.context(row, s.auth_method, s.auth_date), sessionId };
  }

  createSession(ctx: AuthContext): string {
    const id = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO sessions (id, user, auth_method, auth_date, expires_ms) VALUES (?, ?, ?, ?, ?)')
      .run(id, ctx.user, ctx.authMethod, ctx.authDate, Date.now() + SESSION_LIFETIME_MS);
    this.purge();
    return id;
  }

  touchSession(id: string): void {
    this.db
      .prepare('UPDATE sessions SET expires_ms = ? WHERE id = ? AND expires_ms < ?')
      .run(Date.now() + SESSION_LIFETIME_MS, id, Date.now() + SESSION_LIFETIME_MS - 60_000);
  }

  deleteSession(id: string | undefined): void {
    if (id !== undefined) this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  private purge(): void {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    this.db.prepare('DELETE FROM sessions WHERE expires_ms < ?').run(Date.now());
  }

  /**
   * check_auth with methods session then admin (docs/wapt-server-api.md §2.1): the session is accepted only
   * when the Basic header names no other user.
   */
  async authenticate(request: FastifyRequest): Promise<AuthContext | null> {
    const basic = parseBasic(request.headers.authorization);
    const session = this.sessionContext(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
    if (session !== null && (basic === null || basic.user === session.user)) return session;
    if (basic !== null) return this.checkPasswordFrom(request.ip, basic.user, basic.password);
    return null;
  }

  /**
   * checkPassword behind the login throttle (login-throttle.ts): every password check that a
   * client provokes (login, Basic on any route) counts. Throws LoginThrottledError while the
   * user or the address must wait.
   */
  async checkPasswordFrom(address: string, user: string, password: string): Promise<AuthContext | null> {
    const wait = this.throttle.retryAfterMs(user, address);
    if (wait > 0) throw new LoginThrottledError(wait);
    const ctx = await this.checkPassword(user, password);
    if (ctx === null) this.throttle.failed(user, address);
    else this.throttle.succeeded(user);
    return ctx;
  }

  static hasAcl(ctx: AuthContext, acls: readonly string[]): boolean {
    return Object.values(ctx.acls).some((list) => Array.isArray(list) && list.some((a) => acls.includes(a)));
  }

  /** Sets (or refreshes) the session cookie for an authenticated request. */
  setSessionCookie(reply: FastifyReply, ctx: AuthContext): void {
    let id = ctx.sessionId;
    if (id === undefined) {
      id = this.createSession(ctx);
      ctx.sessionId = id;
    } else this.touchSession(id);
    reply.header('set-cookie', `${SESSION_COOKIE}=${id}; Path=${this.cookiePath}; HttpOnly; SameSite=Lax`);
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=; Path=${this.cookiePath}; HttpOnly; SameSite=Lax; Max-Age=0`,
    );
  }

  /** A login token (not accepted by the API, as in 1.8.2): HMAC-signed, timed. */
  static token(secret: string, user: string): string {
    const payload = Buffer.from(
      JSON.stringify({
        user,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 12 * 3600,
      }),
    ).toString('base64url');
    const sig = createHmac('sha256', secret).update(payload).digest('base64url');
    return `${payload}.${sig}`;
  }

  static verifyToken(secret: string, token: string): boolean {
    const [payload, sig] = token.split('.');
    if (payload === undefined || sig === undefined) return false;
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(sig, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Route guard: 401 without valid credentials, 403 without one of `acls` (docs/wapt-server-api.md §2.3). */
export function requireAuth(auth: Authenticator, acls: readonly string[] | 'any') {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    let ctx: AuthContext | null;
    try {
      ctx = await auth.authenticate(request);
    } catch (err) {
      if (err instanceof LoginThrottledError) return sendLoginThrottled(reply, err);
      throw err;
    }
    if (ctx === null) {
      await reply
        .code(401)
        .header('WWW-Authenticate', 'Basic realm="Login Required"')
        // Flask's default type: the genuine 401 is text/html (docs/wapt-server-api.md §9).
        .type('text/html; charset=utf-8')
        .send(UNAUTHORIZED_BODY);
      return;
    }
    if (acls !== 'any' && !Authenticator.hasAcl(ctx, acls)) {
      await reply.code(403).type('text/html; charset=utf-8').send(FORBIDDEN_BODY);
      return;
    }
    request.auth = ctx;
    auth.setSessionCookie(reply, ctx);
  };
}
