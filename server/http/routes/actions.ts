import type { FastifyInstance } from 'fastify';
import { ConsoleError } from '../../../common/errors';
import { verifyClaim } from '../../../electron/core/signing/index';
import { requireAuth } from '../../auth/authenticator';
import { text } from '../../util';
import type { ServerContext } from '../context';
import { elapsedSeconds, failEnvelope, okEnvelope, sendJson, WaptError } from '../envelope';

interface HostRef {
  id: number;
  uuid: string;
  computer_fqdn: string | null;
  listening_protocol: string | null;
  server_uuid: string | null;
  mac_addresses: string | null;
}

/** Actions that need more signed attributes than the common ones (server-api.md §5.1). */
const EXTRA_SIGNED: Record<string, string[]> = {
  trigger_install_packages: ['packages'],
  trigger_remove_packages: ['packages'],
  trigger_forget_packages: ['packages'],
  trigger_change_description: ['computer_description'],
};

/** trigger_host_action, host_tasks_status, reset_hosts_sid, trigger_wakeonlan (server-api.md §5). */
export function registerActionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const host = (uuid: string) =>
    ctx.db
      .prepare(
        'SELECT id, uuid, computer_fqdn, listening_protocol, server_uuid, mac_addresses FROM hosts WHERE uuid = ?',
      )
      .get(uuid) as HostRef | undefined;
  const connected = (h: HostRef) => h.listening_protocol === 'websockets' && h.server_uuid === ctx.serverUuid;

  app.post(
    '/api/v3/trigger_host_action',
    { preHandler: requireAuth(ctx.auth, ['admin', 'trigger_host_action', 'trigger_host_upgrade']) },
    async (request, reply) => {
      const t0 = performance.now();
      const body = request.body;
      const actions = Array.isArray(body) ? body : [body];
      if (
        actions.length === 0 ||
        actions.some(
          (a) =>
            a === null ||
            typeof a !== 'object' ||
            Array.isArray(a) ||
            typeof (a as { pipe?: unknown }).pipe === 'function',
        )
      ) {
        throw new WaptError('ewaptmissingparameter', 'body must be a signed action object or a list of them');
      }
      // Every action is checked before any is relayed: a request is launched whole or not at all.
      // Stricter than WAPT 1.8.2 (which only checks that `signature` is non-empty and lets agents
      // verify): the signature, the signed attributes, the age (6 h, an agent's default clock skew)
      // and the chain to the server's trusted signers are all verified here.
      const trusted = ctx.trustedCertificates();
      for (const a of actions as Array<Record<string, unknown>>) {
        if (typeof a.signature !== 'string' || a.signature === '') {
          return sendJson(
            reply,
            failEnvelope('ewaptbadsignature', 'Action is not signed', elapsedSeconds(t0)),
          );
        }
        if (trusted.length === 0)
          return sendJson(
            reply,
            failEnvelope(
              'ewaptbadsignature',
              'The server has no trusted signer certificate',
              elapsedSeconds(t0),
            ),
          );
        try {
          verifyClaim(a, {
            trusted,
            maxAgeSeconds: 6 * 3600,
            requiredAttributes: EXTRA_SIGNED[String(a.action)] ?? [],
          });
        } catch (err) {
          const why =
            err instanceof ConsoleError
              ? `${err.message}${err.reason ? ` (${err.reason})` : ''}`
              : String(err);
          return sendJson(
            reply,
            failEnvelope(
              'ewaptbadsignature',
              `Bad signature for action ${String(a.action)}: ${why}`,
              elapsedSeconds(t0),
            ),
          );
        }
      }
      let launched = 0;
      let errors = 0;
      let skipped = 0;
      const serverErrors = 0;
      const user = request.auth!.user;
      for (const a of actions as Array<Record<string, unknown>>) {
        let targets: string[] = [];
        if (typeof a.uuid === 'string') targets = [a.uuid];
        else if (Array.isArray(a.uuids)) targets = a.uuids.filter((u): u is string => typeof u === 'string');
        else if (Array.isArray(a.organizational_units)) {
          const childs = text(a.include_childs_ou, '1') !== '0';
          for (const ou of a.organizational_units.filter((o): o is string => typeof o === 'string')) {
            const rows = ctx.db
              .prepare(
                childs
                  ? "SELECT uuid FROM hosts WHERE lower(computer_ad_ou) = lower(?) OR lower(computer_ad_ou) LIKE '%,' || lower(?)"
                  : 'SELECT uuid FROM hosts WHERE lower(computer_ad_ou) = lower(?)',
              )
              .all(...(childs ? [ou, ou] : [ou])) as Array<{ uuid: string }>;
            targets.push(...rows.map((r) => r.uuid));
          }
        }
        for (const uuid of targets) {
          const h = host(uuid);
          if (h === undefined) {
            errors++;
            continue;
          }
          if (!connected(h)) {
            skipped++;
            continue;
          }
          ctx.simulator.enqueue(h, a, user);
          if (a.notify_server !== false && a.notify_server !== 0) launched++;
        }
      }
      return sendJson(reply, {
        success: errors === 0,
        msg: `${launched} actions launched, ${errors} errors, ${skipped} skipped, ${serverErrors} server errors`,
        result: [],
        request_time: elapsedSeconds(t0),
      });
    },
  );

  app.get(
    '/api/v3/host_tasks_status',
    { preHandler: requireAuth(ctx.auth, ['admin', 'view']) },
    async (request, reply) => {
      const t0 = performance.now();
      const q = request.query as Record<string, string | undefined>;
      if (!q.uuid) throw new WaptError('ewaptmissingparameter', 'uuid is required');
      const h = host(q.uuid);
      if (h === undefined)
        return sendJson(
          reply,
          failEnvelope('ewaptunknownhost', `Unknown host ${q.uuid}`, elapsedSeconds(t0)),
        );
      if (!connected(h))
        return sendJson(
          reply,
          failEnvelope(
            'ewapthostunreachable',
            `Host ${q.uuid} is not connected to this server`,
            elapsedSeconds(t0),
          ),
        );
      const timeoutS = Math.min(30, Math.max(0, Number(q.timeout ?? 0) || 0));
      const last =
        q.last_event_id !== undefined && q.last_event_id !== '' ? Number(q.last_event_id) : undefined;
      if (last !== undefined && Number.isFinite(last) && ctx.simulator.lastEventId(h.id) <= last) {
        if (timeoutS > 0) {
          const ac = new AbortController();
          request.raw.once('close', () => ac.abort());
          await ctx.simulator.waitForEvent(h.id, h.uuid, timeoutS * 1000, ac.signal);
        }
        if (ctx.simulator.lastEventId(h.id) <= last)
          return sendJson(
            reply,
            okEnvelope(
              { last_event_id: ctx.simulator.lastEventId(h.id) },
              'No new event',
              elapsedSeconds(t0),
            ),
          );
      }
      return sendJson(
        reply,
        okEnvelope(ctx.simulator.status(h.id, h.uuid), 'Tasks status', elapsedSeconds(t0)),
      );
    },
  );

  const uuidsOf = (body: unknown): string[] | null => {
    if (
      body === null ||
      body === undefined ||
      typeof body !== 'object' ||
      typeof (body as { pipe?: unknown }).pipe === 'function'
    )
      return null;
    const u = (body as Record<string, unknown>).uuids;
    return Array.isArray(u) ? u.filter((x): x is string => typeof x === 'string') : null;
  };

  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: '/api/v3/reset_hosts_sid',
    preHandler: requireAuth(ctx.auth, ['admin', 'view']),
    handler: async (request, reply) => {
      const uuids = uuidsOf(request.body);
      const n =
        uuids === null
          ? (
              ctx.db
                .prepare("SELECT COUNT(*) AS n FROM hosts WHERE listening_protocol = 'websockets'")
                .get() as { n: number }
            ).n
          : uuids.length;
      return sendJson(reply, okEnvelope(uuids ?? [], `${n} hosts sid reset`));
    },
  });

  app.post(
    '/api/v3/trigger_wakeonlan',
    { preHandler: requireAuth(ctx.auth, ['admin', 'trigger_host_action']) },
    async (request, reply) => {
      const uuids = uuidsOf(request.body);
      if (uuids === null) throw new WaptError('ewaptmissingparameter', 'uuids is required');
      const result = uuids
        .map(host)
        .filter((h): h is HostRef => h !== undefined)
        .map((h) => ({
          uuid: h.uuid,
          computer_fqdn: h.computer_fqdn,
          mac_addresses: h.mac_addresses ? (JSON.parse(h.mac_addresses) as unknown) : [],
        }));
      return sendJson(reply, okEnvelope(result, `Wakeonlan packets sent to ${result.length} machines.`));
    },
  );
}
