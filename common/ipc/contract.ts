/**
 * THE contract between the renderer and the main process. Every method and event is declared
 * here once, with zod schemas; the router (electron/ipc/router.ts), the browser bridge
 * (electron/browser-mode/bridge-server.ts), the preload bridge and the renderer client are all
 * typed from this object, so nobody restates it.
 *
 * Conventions: methods are `domain.verb` (lowerCamel), events `domain.noun|pastTense`; inputs are
 * objects; long work returns a JobRef at once and reports through `jobs.progress`/`jobs.finished`.
 * No output schema may carry key material, passphrases or server tokens (test/common/ipc/contract.test.ts).
 */
import './zod-setup';
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { actionsEvents, actionsMethods } from './methods/actions';
import { agentBuildMethods } from './methods/agent-build';
import { auditMethods } from './methods/audit';
import { hostPackagesEvents, hostPackagesMethods } from './methods/host-packages';
import { hostsMethods } from './methods/hosts';
import { keysMethods } from './methods/keys';
import { profilesMethods } from './methods/profiles';
import { signaturesMethods } from './methods/signatures';
import { demoServerEvents } from './methods/demo-server';
import { updatesMethods } from './methods/updates';
import { wuaRulesMethods } from './methods/wua-rules';

const Empty = z.object({}).strict();
const Void = z.null();

export const Language = z.enum(['en', 'fr']);
export type Language = z.infer<typeof Language>;
export const LanguagePreference = z.enum(['system', 'en', 'fr']);
export const ThemePreference = z.enum(['system', 'light', 'dark']);

/** A splitter's id: the page and the panes it separates (e.g. `hosts.details`). */
export const SplitterId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9.-]{1,63}$/, 'splitter id: lowercase letters, digits, dots, dashes');
/** A splitter never hides a pane: the first one keeps between 15 and 85 % of the page. */
export const SPLITTER_MIN = 15;
export const SPLITTER_MAX = 85;

export const Settings = z
  .object({
    language: LanguagePreference,
    theme: ThemePreference,
    /** Hosts per page requested from the server (server-side paging). */
    hostsPageSize: z.number().int().min(50).max(5000),
    /**
     * "Maximum hosts to display" for servers that do not page hosts (a genuine WAPT server): the
     * `limit` of the one hosts request (docs/hosts-listing.md). WAPT's own default is 2,000.
     */
    hostsDisplayLimit: z.number().int().min(1).max(50_000),
    /** Minutes an unlocked signing key stays usable without being used. */
    keyIdleMinutes: z.number().int().min(1).max(480),
    /** Minutes a host action waits for the agent's task to end, per host (then TIMEOUT). */
    hostActionTimeoutMinutes: z.number().int().min(1).max(240),
    /** WAPT's `default_package_prefix` (e.g. `tis`) for new packages; null = guessed from the repository. */
    packagePrefix: z
      .string()
      .trim()
      .regex(/^[a-z0-9]{1,16}$/, 'package prefix: 1 to 16 lower-case letters or digits')
      .nullable(),
    /** ISCC.exe for agent builds; null = the innosetup npm package's (under wine off Windows). */
    isccPath: z.string().trim().min(1).max(4096).nullable(),
    /** The WAPT installation agent files come from; null = a generated demo base directory. */
    waptBaseDir: z.string().trim().min(1).max(4096).nullable(),
    /**
     * Where each resizable splitter was left: the first pane's share of the page, in percent
     * (renderer/src/components/splitter.tsx), by splitter id.
     */
    splitters: z.record(SplitterId, z.number().min(SPLITTER_MIN).max(SPLITTER_MAX)),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  hostsPageSize: 500,
  hostsDisplayLimit: 2000,
  keyIdleMinutes: 15,
  hostActionTimeoutMinutes: 10,
  packagePrefix: null,
  isccPath: null,
  waptBaseDir: null,
  splitters: {},
};

export const GridId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9.-]{1,63}$/, 'grid id: lowercase letters, digits, dots, dashes');

/** Only the parts of AG Grid state worth restoring; never derived from header text. */
export const GridState = z
  .object({
    schemaVersion: z.literal(1),
    columnOrder: z.array(z.string()).optional(),
    columnSizing: z.record(z.string(), z.number().positive()).optional(),
    hiddenColumns: z.array(z.string()).optional(),
    pinnedLeft: z.array(z.string()).optional(),
    sort: z.array(z.object({ colId: z.string(), sort: z.enum(['asc', 'desc']) })).optional(),
    filter: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type GridState = z.infer<typeof GridState>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  /** True when this build can start the embedded reference server with a demo fleet. */
  demoServerAvailable: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const JobId = z.string().regex(/^job-[a-z0-9-]{4,64}$/);
export const JobRef = z.object({ jobId: JobId });
export const JobState = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export const JobSummary = z.object({
  jobId: JobId,
  kind: z.string(),
  title: z.string(),
  state: JobState,
  percent: z.number().min(0).max(100).nullable(),
  message: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const ServerUrl = z
  .string()
  .trim()
  .min(1, 'server URL is required')
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
      } catch {
        return false;
      }
    },
    // Its own issue code, so the login form and main's VALIDATION error say it in French too.
    { message: 'server URL must be an http(s) URL without credentials', params: { issue: 'SERVER_URL' } },
  );

export { SessionStatus } from './session-status';
import { SessionStatus } from './session-status';

export const LinkIntent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kb'), kb: z.string().regex(/^(KB)?\d{5,8}$/i, 'KB number like KB5034441') }),
  z.object({ kind: z.literal('docs') }),
]);

const WireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Closing the Electron window while a form holds unsaved changes (electron/windows/close-guard.ts):
 * main holds the first close back and sends `app.closeRequested`; the renderer answers `asking`
 * at once (it shows its question; main stops waiting for a sign of life), then `close` or `stay`
 * with the person's choice. `close` straight away when nothing is unsaved any more.
 */
export const CloseAnswer = z.enum(['asking', 'close', 'stay']);
export type CloseAnswer = z.infer<typeof CloseAnswer>;

/** Methods of the foundation; each feature declares its own in common/ipc/methods/<domain>.ts and is spread in below. */
const coreMethods = {
  'app.info': { input: Empty, output: AppInfo },
  /** Ctrl+Q: quits the app (Electron) or stops the local console process (browser mode). */
  'app.quit': { input: Empty, output: Void },
  /**
   * Whether a form holds unsaved changes, told whenever it changes: main then holds the window's
   * close back to ask first (Electron; nothing to do in browser mode, where beforeunload asks).
   */
  'app.setUnsaved': { input: z.object({ unsaved: z.boolean() }).strict(), output: Void },
  /** The renderer's answer to `app.closeRequested` (CloseAnswer). */
  'app.answerClose': { input: z.object({ answer: CloseAnswer }).strict(), output: Void },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: Settings.partial().strict(), output: Settings },
  'settings.getGridState': { input: z.object({ gridId: GridId }).strict(), output: GridState.nullable() },
  'settings.setGridState': {
    input: z.object({ gridId: GridId, state: GridState.nullable() }).strict(),
    output: Void,
  },
  'session.status': { input: Empty, output: SessionStatus },
  'session.connect': {
    input: z
      .object({
        serverUrl: ServerUrl,
        user: z.string().trim().min(1, 'user is required').max(256),
        password: z.string().max(1024),
        verifyTls: z.boolean(),
        /** A PEM CA bundle trusted for this server (WAPT's verify_cert=<path>). */
        caBundlePath: z.string().trim().max(4096).nullable().default(null),
        allowInsecureHttp: z.boolean().default(false),
      })
      .strict(),
    output: SessionStatus,
  },
  'session.disconnect': { input: Empty, output: SessionStatus },
  /** Starts (once) the embedded reference server with its demo fleet and connects to it. */
  'session.useDemoServer': { input: Empty, output: SessionStatus },
  'jobs.list': { input: Empty, output: z.array(JobSummary) },
  'jobs.cancel': { input: z.object({ jobId: JobId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  'links.open': { input: LinkIntent, output: z.object({ opened: z.boolean(), url: z.string() }) },
} as const;

export const methods = {
  ...coreMethods,
  ...keysMethods,
  ...profilesMethods,
  ...hostsMethods,
  ...actionsMethods,
  ...updatesMethods,
  ...auditMethods,
  ...agentBuildMethods,
  ...wuaRulesMethods,
  ...hostPackagesMethods,
  ...signaturesMethods,
} as const;

export const events = {
  'jobs.progress': z.object({
    jobId: JobId,
    percent: z.number().min(0).max(100).nullable(),
    /** English, for logs; the window says `step` (common/progress-steps.ts) when there is one. */
    message: z.string(),
    step: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    line: z.string().optional(),
  }),
  'jobs.finished': z.object({
    jobId: JobId,
    state: JobState,
    error: WireErrorSchema.optional(),
  }),
  /** Main held the window's close back because a form holds unsaved changes: ask, then `app.answerClose`. */
  'app.closeRequested': z.object({}).strict(),
  ...actionsEvents,
  ...hostPackagesEvents,
  ...demoServerEvents,
} as const;

export type Methods = typeof methods;
export type Method = keyof Methods;
export type EventName = keyof typeof events;
/** What the caller passes (before defaults are applied). */
export type In<M extends Method> = z.input<Methods[M]['input']>;
/** What the handler receives (after validation and defaults). */
export type Parsed<M extends Method> = z.output<Methods[M]['input']>;
export type Out<M extends Method> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const METHOD_NAMES = Object.keys(methods) as Method[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The one object the preload exposes as `window.consoleBridge` (and browser mode installs). */
export interface ConsoleBridge {
  invoke<M extends Method>(method: M, input: In<M>): Promise<import('./wire').WireResult<Out<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly version: string;
}
