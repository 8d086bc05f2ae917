import type { FastifyInstance } from 'fastify';
import { ConsoleError } from '../../../common/errors';
import { verifyClaim, type Certificate } from '../../../wapt/signing/index';
import { requireAuth } from '../../auth/authenticator';
import { ClaimReplayGuard } from '../../auth/claim-replay';
import { text } from '../../util';
import type { ServerContext } from '../context';
import { elapsedSeconds, failEnvelope, genuineError, okEnvelope, sendJson, WaptError } from '../envelope';

interface HostRef {
  id: number;
  uuid: string;
  computer_fqdn: string | null;
  listening_protocol: string | null;
  server_uuid: string | null;
  mac_addresses: string | null;
}

/** Actions that need more signed attributes than the common ones (docs/wapt-server-api.md §5.1). */
const EXTRA_SIGNED: Record<string, string[]> = {
  trigger_install_packages: ['packages'],
  trigger_remove_packages: ['packages'],
  trigger_forget_packages: ['packages'],
  trigger_change_description: ['computer_description'],
};

/** One agent's answer to a relayed action (the `action_results` extension). */
interface ActionAnswer {
  uuid: string;
  status: 'OK' | 'SKIPPED' | 'ERROR';
  msg: string;
  task: { id: number; classname: string; description: string } | null;
}

/**
 * Why the host's agent would refuse a claim (docs/wapt-server-api.md §5.1: trusted chain, signed attributes,
 * clock skew ≤ 6 h, its own uuid), or null when it accepts it. The simulated agents trust the
 * server's trusted signers.
 */
function agentRefusal(
  a: Record<string, unknown>,
  hostUuid: string,
  trusted: ReturnType<ServerContext['trustedCertificates']>,
  verifiedChains: Map<string, Certificate>,
): string | null {
  if (a.uuid !== undefined && a.uuid !== hostUuid) return 'the action is for another host';
  try {
    verifyClaim(a, {
      trusted,
      verifiedChains,
      maxAgeSeconds: 6 * 3600,
      requiredAttributes: EXTRA_SIGNED[String(a.action)] ?? [],
    });
    return null;
  } catch (err) {
    return err instanceof ConsoleError
      ? `${err.message}${err.reason ? ` (${err.reason})` : ''}`
      : String(err);
  }
}

/** A verified claim's signature_date (UTC, no zone) plus the accepted skew: when it expires. */
function claimExpiry(signatureDate: unknown): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,3})?\d*$/.exec(text(signatureDate));
  const signed = m === null ? Number.NaN : Date.parse(`${m[1]}${m[2] ?? ''}Z`);
  // Unreadable here (verifyClaim read it): remember for the longest possible validity.
  return (Number.isFinite(signed) ? signed : Date.now() + CLAIM_MAX_AGE_MS) + CLAIM_MAX_AGE_MS;
}
const CLAIM_MAX_AGE_MS = 6 * 3600 * 1000;

/** trigger_host_action, host_tasks_status, reset_hosts_sid, trigger_wakeonlan (docs/wapt-server-api.md §5). */
export function registerActionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const claimGuard = new ClaimReplayGuard();
  const host = (uuid: string) =>
    ctx.db
      .prepare(
        'SELECT id, uuid, computer_fqdn, listening_protocol, server_uuid, mac_addresses FROM hosts WHERE uuid = ?',
      )
      .get(uuid) as HostRef | undefined;
  const connected = (h: HostRef) => h.listening_protocol === 'websockets' && h.server_uuid === ctx.serverUuid;
  // An agent that never had an event answers `last_event_id: null` on a genuine server (§9).
  const eventId = (n: number): number | null => (n === 0 && ctx.profile.genuineNulls ? null : n);

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
      // One signer's chain is checked once per request, however many claims it signed.
      const verifiedChains = new Map<string, Certificate>();
      // The genuine server only checks that a signature is there (docs/wapt-server-api.md §5.2, §9).
      const unsigned = (actions as Array<Record<string, unknown>>).some(
        (a) => typeof a.signature !== 'string' || a.signature === '',
      );
      if (unsigned && ctx.profile.pythonErrors)
        throw genuineError('EWaptBadSignature', 'Action is not signed, not relayed');
      for (const a of ctx.profile.serverVerifiesActions ? (actions as Array<Record<string, unknown>>) : []) {
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
            verifiedChains,
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
        // Routing uses signed fields only: the signed `uuid` (an agent accepts a claim for its own
        // uuid only, docs/wapt-server-api.md §5.1). `uuids` / `organizational_units` are not signed.
        if (typeof a.uuid !== 'string' || a.uuid === '')
          return sendJson(
            reply,
            failEnvelope(
              'ewaptbadsignature',
              `Refused action ${String(a.action)}: its signed uuid names no host (a signed action is for one host; unsigned uuids or organizational_units are not used)`,
              elapsedSeconds(t0),
            ),
          );
      }
      if (ctx.profile.serverVerifiesActions) {
        // Each claim is accepted once while it is valid (server/auth/claim-replay.ts).
        const replay = claimGuard.acceptAll(
          (actions as Array<Record<string, unknown>>).map((a) => ({
            signature: String(a.signature),
            expiresMs: claimExpiry(a.signature_date),
          })),
        );
        if (replay !== null)
          return sendJson(reply, failEnvelope('ewaptbadsignature', `Refused: ${replay}`, elapsedSeconds(t0)));
      }
      let launched = 0;
      let errors = 0;
      let skipped = 0;
      const serverErrors = 0;
      const user = request.auth!.user;
      // The `action_results` extension: what each targeted agent answered (docs/server-api-extensions.md).
      const answers: ActionAnswer[] = [];
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
          const counts = ctx.profile.countsUnreachableTargets;
          if (h === undefined) {
            if (counts) errors++;
            answers.push({ uuid, status: 'ERROR', msg: `Host ${uuid} not found in database`, task: null });
            continue;
          }
          if (!connected(h)) {
            if (counts) skipped++;
            answers.push({ uuid, status: 'SKIPPED', msg: 'Host not connected', task: null });
            continue;
          }
          // Relayed without a server-side check: the simulated agent verifies, as a real one does,
          // and refuses silently (its answer is never relayed by a genuine server).
          const refusal = ctx.profile.serverVerifiesActions
            ? null
            : agentRefusal(a, h.uuid, trusted, verifiedChains);
          if (refusal === null) {
            const task = ctx.simulator.enqueue(h, a, user);
            answers.push({
              uuid,
              status: 'OK',
              msg: `Task ${task.id} queued`,
              task: { id: task.id, classname: task.classname, description: task.description },
            });
          } else {
            ctx.log(`agent ${h.uuid} refused ${String(a.action)}: ${refusal}`);
            answers.push({ uuid, status: 'ERROR', msg: refusal, task: null });
          }
          if (a.notify_server !== false && a.notify_server !== 0) launched++;
        }
      }
      return sendJson(reply, {
        success: errors === 0,
        msg: `${launched} actions launched, ${errors} errors, ${skipped} skipped, ${serverErrors} server errors`,
        result: [],
        request_time: elapsedSeconds(t0),
        ...(ctx.profile.extensions.has('action_results') ? { action_results: answers } : {}),
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
      if (h === undefined && ctx.profile.pythonErrors)
        throw genuineError('EWaptUnknownHost', `Host ${q.uuid} not found in database`);
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
              { last_event_id: eventId(ctx.simulator.lastEventId(h.id)) },
              'No new event',
              elapsedSeconds(t0),
            ),
          );
      }
      const status = ctx.simulator.status(h.id, h.uuid);
      status.last_event_id = eventId(Number(status.last_event_id));
      return sendJson(reply, okEnvelope(status, 'Tasks status', elapsedSeconds(t0)));
    },
  );

  /*
   * The `action_results` extension, second half: the state of tasks it relayed, for many hosts in
   * one request (docs/server-api-extensions.md). A genuine server has no such route; the console
   * then reads each host's host_tasks_status.
   */
  if (ctx.profile.extensions.has('action_results'))
    app.post(
      '/api/v3/action_results',
      { preHandler: requireAuth(ctx.auth, ['admin', 'view']) },
      async (request, reply) => {
        const t0 = performance.now();
        const body = request.body as { tasks?: unknown } | null;
        const tasks = Array.isArray(body?.tasks) ? (body.tasks as unknown[]) : null;
        if (
          tasks === null ||
          tasks.length > 5000 ||
          tasks.some(
            (t) =>
              t === null ||
              typeof t !== 'object' ||
              typeof (t as { uuid?: unknown }).uuid !== 'string' ||
              !Number.isInteger((t as { task_id?: unknown }).task_id),
          )
        )
          throw new WaptError(
            'ewaptmissingparameter',
            'tasks must be a list of at most 5000 {uuid, task_id}',
          );
        const result = (tasks as { uuid: string; task_id: number }[]).map(({ uuid, task_id }) => {
          const h = host(uuid);
          if (h === undefined) return { uuid, task_id, state: 'UNKNOWN_HOST', progress: null, summary: null };
          if (!connected(h)) return { uuid, task_id, state: 'UNREACHABLE', progress: null, summary: null };
          const { state, task } = ctx.simulator.taskState(h.id, h.uuid, task_id);
          return {
            uuid,
            task_id,
            state,
            progress: task?.progress ?? null,
            summary: task?.summary || null,
            description: task?.description ?? null,
          };
        });
        return sendJson(reply, okEnvelope(result, `${result.length} tasks`, elapsedSeconds(t0)));
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
