/**
 * The agent build configuration (CONFIG.json): one schema for the CLI, the wizard (validation as
 * you type) and the build engine. Field meanings and where each value lands: agent-build.md §2, §8.
 * Environment-free.
 */
import '../ipc/zod-setup';
import { z } from 'zod';

/** Control characters (line breaks above all) would end an ISPP `#define` line: refused in every value. */
export function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * ISCC writes `wapt-get.ini` in the ANSI code page (cp1252, shared/RECIPES.md): a character outside
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
    .refine((s) => !hasControlChars(s), `${what}: line breaks and control characters are not allowed`)
    .refine(
      isCp1252,
      `${what}: only characters of the Windows-1252 code page can be written to wapt-get.ini`,
    );

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
        ? `${what} must be an http(s) URL such as https://srvwapt.corp.lan${what.includes('repo') ? '/wapt' : ''}`
        : `${what} must be empty or an http(s) URL`,
    );

/**
 * WAPT periods: a number and an optional unit s/m/h/d/w (agent-build.md §8.3: "default unit
 * days"). Examples from the dialogs: 120m, 6h, 1d, 7d, 12h, 14d, 30d.
 */
export const PERIOD_PATTERN = /^\d{1,6}[smhdw]?$/;
const period = (what: string) =>
  z
    .string()
    .trim()
    .regex(PERIOD_PATTERN, `${what}: a number with an optional unit s, m, h, d or w, e.g. 1d, 12h, 120m`);

const csvText = (what: string) =>
  safeText(what).refine(
    (s) => !s.includes('"'),
    `${what}: double quotes are not allowed in a comma-separated list`,
  );

/** The [waptwua] keys of agent-build.md §8.3, by their ini names. Absent = not written (leave the host's value). */
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
  .refine((s) => s !== '', 'verifyCert: "0", "1" or the path of a CA bundle file');

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
      .refine(
        (s) => s === '' || PERIOD_PATTERN.test(s),
        'auditPeriod: empty, or a period such as 120m, 6h, 1d, 7d',
      )
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

/** A config issue for the wizard: the field path and a message naming what is wrong. */
export interface ConfigIssue {
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
      })),
    };
  }
  const config = parsed.data;
  const issues: ConfigIssue[] = [];
  if (config.repoUrl.startsWith('http:'))
    issues.push({
      path: 'repoUrl',
      message: 'the repository is reached over plain http',
      severity: 'warning',
    });
  if (config.serverUrl.startsWith('http:'))
    issues.push({ path: 'serverUrl', message: 'the server is reached over plain http', severity: 'warning' });
  if (config.serverUrl !== '' && config.verifyCert === '0') {
    issues.push({
      path: 'verifyCert',
      message: "agents will not verify the server's HTTPS certificate",
      severity: 'warning',
    });
  }
  if (config.certificates.length === 0) {
    issues.push({
      path: 'certificates',
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
