import '../zod-setup';
import { z } from 'zod';
import { SessionStatus } from '../session-status';

/** A saved server connection. Its password, when saved, lives in the OS secret store, never here. */
export const ServerProfile = z.object({
  id: z.string().regex(/^[a-z0-9-]{4,64}$/),
  name: z.string().trim().min(1).max(100),
  serverUrl: z.string(),
  user: z.string(),
  verifyTls: z.boolean(),
  caBundlePath: z.string().nullable(),
  allowInsecureHttp: z.boolean(),
  /** True when a password is kept for it in the OS secret store (Electron safeStorage). */
  remembered: z.boolean(),
});
export type ServerProfile = z.infer<typeof ServerProfile>;

export const profilesMethods = {
  'profiles.list': {
    input: z.object({}).strict(),
    output: z.object({ profiles: z.array(ServerProfile), canRemember: z.boolean() }),
  },
  /** Saves the connection that just succeeded (or updates the profile with the same URL and user). */
  'profiles.save': {
    input: z
      .object({
        name: z.string().trim().min(1).max(100),
        serverUrl: z.string().url(),
        user: z.string().trim().min(1).max(256),
        verifyTls: z.boolean(),
        caBundlePath: z.string().trim().max(4096).nullable(),
        allowInsecureHttp: z.boolean(),
        password: z.string().max(1024).nullable(),
      })
      .strict(),
    output: ServerProfile,
  },
  'profiles.delete': { input: z.object({ id: z.string() }).strict(), output: z.null() },
  /** Connects with a saved profile: the given password, or the one in the secret store when null. */
  'profiles.connect': {
    input: z.object({ id: z.string(), password: z.string().max(1024).nullable() }).strict(),
    output: SessionStatus,
  },
} as const;
