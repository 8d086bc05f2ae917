import { z } from 'zod';
import { methods, type In } from '../../../../common/ipc/contract';
import { codedZodResolver } from '../../forms/coded-zod-resolver';

/**
 * The login form (react-hook-form) and its schema: the contract's own rules for `session.connect`
 * (common/ipc/contract.ts: an http(s) server URL without credentials, a user name), plus the two
 * choices about saving the connection, which only the form has.
 */
const Connect = methods['session.connect'].input.shape;

/** What the form holds; the names are the inputs' `name`s (react-hook-form finds fields by them). */
export interface LoginFormValues {
  serverUrl: string;
  user: string;
  password: string;
  verifyTls: boolean;
  /** Empty: the system's CAs. */
  caBundlePath: string;
  allowInsecure: boolean;
  saveProfile: boolean;
  rememberPassword: boolean;
}

/** What a valid form gives: the connect request, and whether to save it as a connection. */
export interface LoginRequest {
  connect: In<'session.connect'>;
  saveProfile: boolean;
  rememberPassword: boolean;
}

export const LoginFormSchema = z
  .object({
    serverUrl: Connect.serverUrl,
    user: Connect.user,
    password: Connect.password,
    verifyTls: Connect.verifyTls,
    caBundlePath: Connect.caBundlePath.unwrap().unwrap(),
    allowInsecure: z.boolean(),
    saveProfile: z.boolean(),
    rememberPassword: z.boolean(),
  })
  .transform((v): LoginRequest => ({
    connect: {
      serverUrl: v.serverUrl,
      user: v.user,
      password: v.password,
      verifyTls: v.verifyTls,
      allowInsecureHttp: v.allowInsecure,
      caBundlePath: v.caBundlePath === '' ? null : v.caBundlePath,
    },
    saveProfile: v.saveProfile,
    rememberPassword: v.rememberPassword,
  }));

export const loginFormResolver = codedZodResolver<LoginFormValues, LoginRequest>(LoginFormSchema);

/** The form's first values; after a mid-session 401 it comes back filled with the same server and user. */
export function initialLoginValues(session: {
  serverUrl?: string | null;
  user?: string | null;
}): LoginFormValues {
  return {
    serverUrl: session.serverUrl ?? 'https://',
    user: session.user ?? 'admin',
    password: '',
    verifyTls: true,
    caBundlePath: '',
    allowInsecure: false,
    saveProfile: false,
    rememberPassword: false,
  };
}
