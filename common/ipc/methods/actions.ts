import '../zod-setup';
import { z } from 'zod';

/**
 * Host actions the console can trigger. The Windows-update action names sent to agents are
 * INFERRED (server-api.md §5.3): `trigger_waptwua_scan|download|install|uninstall`.
 */
export const HostActionKind = z.enum([
  'waptwua_scan',
  'waptwua_download',
  'waptwua_install',
  'waptwua_uninstall',
  'update',
  'upgrade',
]);
export type HostActionKind = z.infer<typeof HostActionKind>;

export const HostActionState = z.enum(['QUEUED', 'SENT', 'RUNNING', 'OK', 'ERROR', 'SKIPPED', 'CANCELLED']);
export type HostActionState = z.infer<typeof HostActionState>;

export const HostActionRow = z.object({
  uuid: z.string(),
  host: z.string(),
  state: HostActionState,
  progress: z.number().min(0).max(100).nullable(),
  message: z.string(),
});
export type HostActionRow = z.infer<typeof HostActionRow>;

export const HostActionRun = z.object({
  jobId: z.string(),
  action: HostActionKind,
  rows: z.array(HostActionRow),
  finished: z.boolean(),
});
export type HostActionRun = z.infer<typeof HostActionRun>;

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
        concurrency: z.number().int().min(1).max(32).default(8),
      })
      .strict()
      .refine((v) => v.action !== 'waptwua_uninstall' || v.updateIds.length > 0, {
        message: 'choose the updates to uninstall',
        path: ['updateIds'],
      }),
    output: z.object({ jobId: z.string() }),
  },
  'actions.retryFailed': {
    input: z.object({ jobId: z.string() }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  'actions.status': { input: z.object({ jobId: z.string() }).strict(), output: HostActionRun },
} as const;

export const actionsEvents = {
  /** Changed rows of a running host-action job (batched). */
  'actions.hostStatus': z.object({ jobId: z.string(), rows: z.array(HostActionRow) }),
} as const;
