import './zod-setup';
import { z } from 'zod';
import { ServerCapabilities } from './server-capabilities';

export const SessionStatus = z.object({
  connected: z.boolean(),
  serverUrl: z.string().nullable(),
  user: z.string().nullable(),
  serverVersion: z.string().nullable(),
  /** `community` or `enterprise`, as the server reports it at login. */
  edition: z.string().nullable(),
  hostsCount: z.number().nullable(),
  /** http:// servers are allowed only on loopback or after an explicit opt-in, and are flagged. */
  insecure: z.boolean(),
  /** The server refused the credentials during the session (401): log in again. */
  expired: z.boolean(),
  /** What the server offers; null while disconnected (docs/server-capabilities.md). */
  capabilities: ServerCapabilities.nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;
