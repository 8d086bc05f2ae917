import { ConsoleError } from '../../common/errors';
import {
  isMethod,
  methods,
  type EventName,
  type EventPayload,
  type Method,
  type Out,
  type Parsed,
} from '../../common/ipc/contract';
import { zodIssueParams } from '../../common/domain/issue-codes';
import { errorToWire, fail, ok, type WireResult } from '../../common/ipc/wire';
import type { Logger } from '../core/ports';

/** Who is calling: used to route job events back to the requester only. */
export interface CallContext {
  readonly transport: 'electron' | 'browser';
  /** Sends an event to the caller's renderer only. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handlers = { [M in Method]: (input: Parsed<M>, ctx: CallContext) => Promise<Out<M>> };

export type Dispatch = (method: string, raw: unknown, ctx: CallContext) => Promise<WireResult<unknown>>;

/**
 * The transport-independent heart of the router: unknown method → UNKNOWN_METHOD, input checked
 * by the contract's zod schema → VALIDATION, output re-parsed so nothing outside the declared
 * schema (a stray secret field, say) ever crosses to the renderer, and every exception turned
 * into an envelope: nothing throws across IPC or HTTP.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, raw, ctx) => {
    if (!isMethod(method))
      // Electron IPC can carry any cloneable value here: name its type, never stringify it.
      return fail(
        'UNKNOWN_METHOD',
        typeof method === 'string'
          ? `unknown method ${JSON.stringify(method).slice(0, 80)}`
          : `the method name must be a string, not ${method === null ? 'null' : typeof method}`,
      );
    const spec = methods[method];
    const parsed = spec.input.safeParse(raw ?? {});
    if (!parsed.success) {
      // Each issue carries its zod code and the schema's limits, so the renderer can say it in the
      // user's language (docs/i18n.md); the English message stays as the fallback.
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        ...zodIssueParams(i),
      }));
      const first = issues[0];
      return fail('VALIDATION', first ? `${first.path || 'input'}: ${first.message}` : 'invalid input', {
        reason: 'SCHEMA',
        issues,
      });
    }
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, ctx);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log.error('ipc.output-schema', { method, issue: out.error.issues[0]?.message });
        return fail('INTERNAL', `${method}: the main process produced an invalid answer`);
      }
      return ok(out.data);
    } catch (err) {
      if (err instanceof ConsoleError) {
        if (err.code === 'INTERNAL') log.error('ipc.internal', { method, message: err.message });
        // What an administrator needs to diagnose a refusal: the method and the error's code.
        else if (err.code !== 'CANCELLED')
          log.warn('ipc.failed', { method, code: err.code, reason: err.details?.reason ?? null });
        return errorToWire(err);
      }
      log.error('ipc.unexpected', { method, message: (err as Error)?.message, stack: (err as Error)?.stack });
      return fail('INTERNAL', `${method} failed unexpectedly; see the log for details`);
    }
  };
}
