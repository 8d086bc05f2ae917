import './zod-setup';
import { z } from 'zod';

/**
 * What the connected server offers, learned at login (docs/server-capabilities.md). The console
 * picks a strategy per feature from this and never assumes an extension a server did not
 * advertise: a genuine WAPT 1.8.2 server advertises none.
 */
export const ReferenceExtension = z.enum([
  /** `/api/v1/hosts` honours `offset`, `order_by`, `order_desc` and answers a `total`. */
  'hosts_paging',
  /** `wua_*_count` host columns and `hosts_*` counts on `/api/v2/windows_updates` rows. */
  'wua_host_counts',
  /** `trigger_host_action` relays the agent's answer (a genuine server never does). */
  'action_results',
]);
export type ReferenceExtension = z.infer<typeof ReferenceExtension>;

export const ServerCapabilities = z.object({
  /** From `/ping` (and the login answer): `community`, `enterprise`, or `unknown` when absent. */
  edition: z.enum(['community', 'enterprise', 'unknown']),
  /** Extensions the reference server advertised in `/ping` (`result.reference_extensions`). */
  extensions: z.array(ReferenceExtension),
  hostsPaging: z.boolean(),
  /** WUA routes exist (`/api/v2/windows_updates`…): enterprise edition only. */
  wua: z.boolean(),
  wuaHostCounts: z.boolean(),
  actionResults: z.boolean(),
});
export type ServerCapabilities = z.infer<typeof ServerCapabilities>;
