import '../zod-setup';
import { z } from 'zod';

/**
 * Host actions the console can trigger (docs/host-actions.md). The Windows-update action names
 * sent to agents are INFERRED: `trigger_waptwua_scan|download|install|uninstall`; so is the
 * package audit's (`trigger_audit_packages`, Enterprise agents only).
 */
export const HostActionKind = z.enum([
  'waptwua_scan',
  'waptwua_download',
  'waptwua_install',
  'waptwua_uninstall',
  'update',
  'upgrade',
  'install_packages',
  'force_install_packages',
  'remove_packages',
  'forget_packages',
  'audit_packages',
]);
export type HostActionKind = z.infer<typeof HostActionKind>;

/** The actions on a host's packages: their claims carry the `packages` list (docs/host-actions.md). */
export const PACKAGE_ACTIONS: readonly HostActionKind[] = [
  'install_packages',
  'force_install_packages',
  'remove_packages',
  'forget_packages',
  'audit_packages',
];
export const isPackageAction = (a: HostActionKind): boolean => PACKAGE_ACTIONS.includes(a);

/** A package name as the packages grid shows it (the `package` field of a host's package rows). */
export const PackageName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+~-]*$/, 'a package name (letters, digits, . _ + ~ -)');

/**
 * SENT = relayed by the server, waiting for the agent's task; TIMEOUT = the agent showed no
 * outcome within the follow-up time (setting `hostActionTimeoutMinutes`).
 */
export const HostActionState = z.enum([
  'QUEUED',
  'SENT',
  'RUNNING',
  'OK',
  'ERROR',
  'TIMEOUT',
  'SKIPPED',
  'CANCELLED',
]);
export type HostActionState = z.infer<typeof HostActionState>;

const Params = z.record(z.string(), z.union([z.string(), z.number()]));
/** A sentence of main's own, as a step code (common/progress-steps.ts) the window translates. */
const RowNote = z.object({ step: z.string(), params: Params.optional() });
/** A failure, as code + reason + parameters the window translates (docs/i18n.md). */
const RowError = z.object({ code: z.string(), reason: z.string().nullable(), params: Params.optional() });

export const HostActionRow = z.object({
  uuid: z.string(),
  host: z.string(),
  state: HostActionState,
  progress: z.number().min(0).max(100).nullable(),
  /** The agent's own summary, or main's English sentence (for the CLI); see `note` and `error`. */
  message: z.string(),
  note: RowNote.optional(),
  error: RowError.optional(),
});
export type HostActionRow = z.infer<typeof HostActionRow>;

export const HostActionRun = z.object({
  jobId: z.string(),
  action: HostActionKind,
  rows: z.array(HostActionRow),
  finished: z.boolean(),
});
export type HostActionRun = z.infer<typeof HostActionRun>;

/**
 * An action waiting for a host that was not connected (docs/host-actions.md, "Queue"). WAITING
 * until the host connects or the entry expires; SENT once a claim went out (never sent again),
 * then the task's outcome as the console saw it.
 */
export const QueuedActionState = z.enum([
  'WAITING',
  'SENT',
  'OK',
  'ERROR',
  'TIMEOUT',
  'EXPIRED',
  'CANCELLED',
]);
export type QueuedActionState = z.infer<typeof QueuedActionState>;

export const QueuedAction = z.object({
  id: z.string(),
  action: HostActionKind,
  uuid: z.string(),
  host: z.string(),
  updateIds: z.array(z.string()),
  /** For the package actions: the packages named in the claim (absent in queues written before them). */
  packages: z.array(z.string()).default([]),
  /** ISO times (UTC). */
  queuedAt: z.string(),
  expiresAt: z.string(),
  sentAt: z.string().nullable(),
  state: QueuedActionState,
  /**
   * Only what the agent or the server said (the outcome's summary); main's own sentences are
   * `note` (an `actionQueue.*` or `hostAction.*` step code) and `error`, translated by the window.
   * Queues saved before the notes existed may hold English sentences here.
   */
  message: z.string(),
  note: RowNote.optional(),
  error: RowError.optional(),
});
export type QueuedAction = z.infer<typeof QueuedAction>;

/** Hours a queued action may wait for its host (chosen in the progress dialog). */
export const QUEUE_EXPIRY_HOURS = { min: 1, max: 168, default: 24 } as const;

export const actionsMethods = {
  'actions.trigger': {
    input: z
      .object({
        action: HostActionKind,
        hosts: z
          .array(z.object({ uuid: z.string().min(1).max(255), host: z.string().max(255) }))
          .min(1)
          .max(50_000),
        /** For waptwua_uninstall: the update ids to remove. */
        updateIds: z
          .array(z.string().regex(/^[0-9a-fA-F-]{36}(_\d+)?$/, 'update id like GUID_revision'))
          .max(1000)
          .default([]),
        /** For the package actions (install, force install, remove, forget, audit): package names. */
        packages: z.array(PackageName).max(500).default([]),
        concurrency: z.number().int().min(1).max(32).default(8),
      })
      .strict()
      .refine((v) => v.action !== 'waptwua_uninstall' || v.updateIds.length > 0, {
        message: 'choose the updates to uninstall',
        path: ['updateIds'],
      })
      .refine((v) => !isPackageAction(v.action) || v.packages.length > 0, {
        message: 'choose the packages',
        path: ['packages'],
      }),
    output: z.object({ jobId: z.string() }),
  },
  'actions.retryFailed': {
    input: z.object({ jobId: z.string() }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  'actions.status': { input: z.object({ jobId: z.string() }).strict(), output: HostActionRun },
  /** Queues the run's hosts that were skipped as not connected (all of them, or those listed). */
  'actions.queueSkipped': {
    input: z
      .object({
        jobId: z.string(),
        uuids: z.array(z.string().min(1).max(255)).max(50_000).optional(),
        expiryHours: z
          .number()
          .int()
          .min(QUEUE_EXPIRY_HOURS.min)
          .max(QUEUE_EXPIRY_HOURS.max)
          .default(QUEUE_EXPIRY_HOURS.default),
      })
      .strict(),
    output: z.object({ queued: z.number().int() }),
  },
  'actions.queueList': {
    input: z.object({}).strict(),
    output: z.object({ entries: z.array(QueuedAction) }),
  },
  /** Cancels waiting entries (those already sent are history and stay as they are). */
  'actions.queueCancel': {
    input: z.object({ ids: z.array(z.string()).min(1).max(50_000) }).strict(),
    output: z.object({ entries: z.array(QueuedAction) }),
  },
} as const;

export const actionsEvents = {
  /** Changed rows of a running host-action job (batched). */
  'actions.hostStatus': z.object({ jobId: z.string(), rows: z.array(HostActionRow) }),
} as const;
