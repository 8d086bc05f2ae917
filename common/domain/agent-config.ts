/**
 * The agent build configuration (CONFIG.json): one schema for the CLI, the wizard (validation as
 * you type) and the build engine. Field meanings and where each value lands: docs/wapt-agent-build.md §2, §8.
 * Environment-free.
 */
import '../ipc/zod-setup';
import { z } from 'zod';
import { zodIssueParams, type CodedIssue } from './issue-codes';

/** Control characters (line breaks above all) would end an ISPP `#define` line: refused in every value. */
export function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * ISCC writes `wapt-get.ini` in the ANSI code page (cp1252, docs/agent-build.md "Wine setup"): a character outside
 * it cannot reach the agent intact, so it is refused rather than silently mangled.
 */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function isCp1252(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) continue;
    if (!CP1252_EXTRA.has(ch)) return false;
  }
  return true;
}

const safeText = (what: string) =>
  z
    .string()
    .refine((s) => !hasControlChars(s), {
      message: `${what}: line breaks and control characters are not allowed`,
      params: { issue: 'CONTROL_CHARS', field: what },
    })
    .refine(isCp1252, {
      message: `${what}: only characters of the Windows-1252 code page can be written to wapt-get.ini`,
      params: { issue: 'NOT_CP1252', field: what },
    });

const httpUrl = (what: string, required: boolean) =>
  safeText(what)
    .transform((s) => s.trim())
    .refine(
      (s) => {
        if (s === '') return !required;
        try {
          const u = new URL(s);
          return (
            (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === ''
          );
        } catch {
          return false;
        }
      },
      required
        ? {
            message: `${what} must be an http(s) URL such as https://srvwapt.corp.lan${what.includes('repo') ? '/wapt' : ''}`,
            params: { issue: 'HTTP_URL', field: what },
          }
        : {
            message: `${what} must be empty or an http(s) URL`,
            params: { issue: 'HTTP_URL_OR_EMPTY', field: what },
          },
    );

/**
 * WAPT periods: a number and an optional unit s/m/h/d/w (docs/wapt-agent-build.md §8.3: "default unit
 * days"). Examples from the dialogs: 120m, 6h, 1d, 7d, 12h, 14d, 30d.
 */
export const PERIOD_PATTERN = /^\d{1,6}[smhdw]?$/;
const period = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => PERIOD_PATTERN.test(s), {
      message: `${what}: a number with an optional unit s, m, h, d or w, e.g. 1d, 12h, 120m`,
      params: { issue: 'PERIOD', field: what },
    });

const csvText = (what: string) =>
  safeText(what).refine((s) => !s.includes('"'), {
    message: `${what}: double quotes are not allowed in a comma-separated list`,
    params: { issue: 'NO_QUOTES', field: what },
  });

/** The [waptwua] keys of docs/wapt-agent-build.md §8.3, by their ini names. Absent = not written (leave the host's value). */
export const WaptWuaConfig = z
  .object({
    enabled: z.boolean().nullable().optional(),
    default_allow: z.boolean().optional(),
    download_scheduling: period('download_scheduling').optional(),
    install_delay: period('install_delay').optional(),
    install_at_shutdown: z.boolean().optional(),
    // Advanced: not in the 1.8.2 dialog (§8.3), supported by the template.
    offline: z.boolean().optional(),
    allow_direct_download: z.boolean().optional(),
    install_scheduling: period('install_scheduling').optional(),
    filter: safeText('filter').optional(),
    allowed_severities: csvText('allowed_severities').optional(),
    include_potentially_superseded_updates: z.boolean().optional(),
    allowed_products: csvText('allowed_products').optional(),
    allowed_classifications: csvText('allowed_classifications').optional(),
    allowed_updates: csvText('allowed_updates').optional(),
    forbidden_updates: csvText('forbidden_updates').optional(),
    allowed_kbs: csvText('allowed_kbs').optional(),
    forbidden_kbs: csvText('forbidden_kbs').optional(),
    postboot_delay: period('postboot_delay').optional(),
    user_locale: z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, 'user_locale: a Windows locale id such as 1033')
      .optional(),
  })
  .strict();
export type WaptWuaConfig = z.infer<typeof WaptWuaConfig>;

/** Ini key order inside [waptwua]: the dialog's keys first, then the advanced ones (§8.3 table order). */
export const WAPTWUA_KEYS = [
  'enabled',
  'default_allow',
  'download_scheduling',
  'install_delay',
  'install_at_shutdown',
  'offline',
  'allow_direct_download',
  'install_scheduling',
  'filter',
  'allowed_severities',
  'include_potentially_superseded_updates',
  'allowed_products',
  'allowed_classifications',
  'allowed_updates',
  'forbidden_updates',
  'allowed_kbs',
  'forbidden_kbs',
  'postboot_delay',
  'user_locale',
] as const satisfies readonly (keyof WaptWuaConfig)[];

export const UuidMode = z.enum(['bios', 'fqdn', 'random']);
export type UuidMode = z.infer<typeof UuidMode>;

/** `verify_cert`: "0", "1" or the path of a CA bundle (copied to `{app}\ssl\server\`). */
const verifyCert = safeText('verifyCert')
  .transform((s) => s.trim())
  .refine((s) => s !== '', {
    message: 'verifyCert: "0", "1" or the path of a CA bundle file',
    params: { issue: 'VERIFY_CERT', field: 'verifyCert' },
  });

export const AgentConfig = z
  .object({
    prefix: z
      .string()
      .trim()
      .regex(/^[a-z0-9]{1,32}$/, 'prefix: the package prefix, lower-case letters and digits (e.g. "tis")'),
    repoUrl: httpUrl('repoUrl', true),
    serverUrl: httpUrl('serverUrl', false).default(''),
    overwriteRepoUrl: z.boolean().default(true),
    overwriteServerUrl: z.boolean().default(true),
    verifyCert: verifyCert.default('1'),
    useKerberos: z.boolean().default(false),
    organization: safeText('organization').max(200, 'organization: at most 200 characters').default(''),
    uuidMode: UuidMode.default('bios'),
    useAdGroups: z.boolean().default(false),
    useRepoRules: z.boolean().default(false),
    appendHostProfiles: z
      .array(
        z
          .string()
          .trim()
          .regex(
            /^[A-Za-z0-9_.*-][A-Za-z0-9_. *-]*$/,
            'appendHostProfiles: profile names use letters, digits, "-", "_", "." (or "*")',
          ),
      )
      .default([]),
    auditPeriod: z
      .string()
      .trim()
      .refine((s) => s === '' || PERIOD_PATTERN.test(s), {
        message: 'auditPeriod: empty, or a period such as 120m, 6h, 1d, 7d',
        params: { issue: 'PERIOD_OR_EMPTY', field: 'auditPeriod' },
      })
      .default(''),
    certificates: z.array(safeText('certificates').min(1)).default([]),
    includeNonCA: z.boolean().default(true),
    dualSign: z.boolean().default(false),
    waptwua: WaptWuaConfig.default({}),
  })
  .strict();

export type AgentConfig = z.infer<typeof AgentConfig>;
export type AgentConfigInput = z.input<typeof AgentConfig>;

export type VerifyCertMode = { kind: 'off' } | { kind: 'system' } | { kind: 'bundle'; path: string };

export function verifyCertMode(value: string): VerifyCertMode {
  if (value === '0') return { kind: 'off' };
  if (value === '1') return { kind: 'system' };
  return { kind: 'bundle', path: value };
}

/**
 * A config issue for the wizard: the field path, a code (+ parameters) the renderer translates
 * (common/domain/issue-codes.ts) and the English message naming what is wrong (the fallback).
 */
export interface ConfigIssue extends CodedIssue {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export type ConfigCheck = { ok: boolean; config?: AgentConfig; issues: ConfigIssue[] };

/**
 * Validates as the wizard types: schema errors plus the warnings an admin should see before
 * building (nothing here throws).
 */
export function checkAgentConfig(input: unknown, opts: { enterprise?: boolean } = {}): ConfigCheck {
  const parsed = AgentConfig.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: i.path.join('.') || '(config)',
        message: i.message,
        severity: 'error' as const,
        ...zodIssueParams(i),
      })),
    };
  }
  const config = parsed.data;
  const issues: ConfigIssue[] = [];
  if (config.repoUrl.startsWith('http:'))
    issues.push({
      path: 'repoUrl',
      code: 'REPO_HTTP',
      message: 'the repository is reached over plain http',
      severity: 'warning',
    });
  if (config.serverUrl.startsWith('http:'))
    issues.push({
      path: 'serverUrl',
      code: 'SERVER_HTTP',
      message: 'the server is reached over plain http',
      severity: 'warning',
    });
  if (config.serverUrl !== '' && config.verifyCert === '0') {
    issues.push({
      path: 'verifyCert',
      code: 'NO_TLS_VERIFY',
      message: "agents will not verify the server's HTTPS certificate",
      severity: 'warning',
    });
  }
  if (config.certificates.length === 0) {
    issues.push({
      path: 'certificates',
      code: 'NO_CERTIFICATES',
      message: 'no trusted certificate: agents will refuse every package',
      severity: 'error',
    });
  }
  const enterpriseOnly: Array<[boolean, string]> = [
    [config.useRepoRules, 'useRepoRules'],
    [config.auditPeriod !== '', 'auditPeriod'],
    [config.appendHostProfiles.length > 0, 'appendHostProfiles'],
    [config.useAdGroups, 'useAdGroups'],
    [Object.keys(config.waptwua).length > 0, 'waptwua'],
  ];
  if (opts.enterprise === false) {
    for (const [set, path] of enterpriseOnly) {
      if (set)
        issues.push({
          path,
          code: 'ENTERPRISE_ONLY',
          params: { field: path },
          message: `${path} is an Enterprise option: this WAPT base directory is not an Enterprise installation, so it has no effect`,
          severity: 'warning',
        });
    }
  }
  return { ok: !issues.some((i) => i.severity === 'error'), config, issues };
}

/** A minimal valid configuration: the wizard's starting point. */
export function defaultAgentConfig(overrides: Partial<AgentConfigInput> = {}): AgentConfig {
  return AgentConfig.parse({ prefix: 'demo', repoUrl: 'https://srvwapt.example.lan/wapt', ...overrides });
}
