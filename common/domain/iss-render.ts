/**
 * Renders `custom_waptagent.iss` from the agent template by rewriting its `#define` lines
 * (docs/wapt-agent-build.md §3.1): ISCC's `/D` cannot override a define the script sets itself, so the
 * console replaces every line whose trimmed text starts with a known prefix; the first matching
 * rule wins, in the order of the spec's table. Pure: the wizard previews the same text.
 */
import { ConsoleError } from '../errors';
import { WAPTWUA_KEYS, hasControlChars, verifyCertMode, type AgentConfig } from './agent-config';

export interface IssRenderContext {
  /** The WAPT base directory as Windows sees it, e.g. `C:\Program Files (x86)\wapt\` or `Z:\home\me\wapt\`. */
  waptBaseDirWin: string;
  /** FileVersion of the base directory's wapt-get.exe, e.g. `1.8.2.7373`. */
  agentVersion: string;
  /** True when the base directory is a WAPT Enterprise installation (`waptenterprise\licencing.py`). */
  enterprise: boolean;
  /**
   * The ISCC output folder. WAPT writes `<BuildDir>\waptupgrade` as an absolute path; a relative
   * one (resolved by Inno against the script's folder) names the same place and keeps the
   * rendered script independent of where the build folder is.
   */
  outputDir?: string;
  /**
   * `installation`: the WAPT installation's own `waptsetup\waptagent.iss`, rewritten exactly as the
   * 1.8.2 console does (only its five `[waptwua]` keys, no `agent_version`). `bundled` (default):
   * the console's template for the demo base directory.
   */
  template?: 'bundled' | 'installation';
}

/** The `[waptwua]` keys the 1.8.2 console injects into the installation's script (docs/wapt-agent-build.md §3.1). */
export const GENUINE_WAPTWUA_KEYS = [
  'enabled',
  'default_allow',
  'download_scheduling',
  'install_delay',
  'install_at_shutdown',
] as const;

/** An ISPP string literal: double quotes are doubled (checked against ISCC 6.4.1); line breaks would end the directive. */
export function issDefineLiteral(value: string): string {
  if (hasControlChars(value)) {
    throw new ConsoleError(
      'VALIDATION',
      'a value written into the installer script contains a line break or NUL character',
      {
        details: { reason: 'ISS_UNSAFE_VALUE' },
      },
    );
  }
  return `"${value.replace(/"/g, '""')}"`;
}

/** File name of a CA bundle once copied into `ssl\server\`: Windows- and Inno-safe characters only. */
export function caBundleFileName(sourcePath: string): string {
  const base = sourcePath.split(/[\\/]/).pop() ?? 'ca-bundle.crt';
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? 'ca-bundle.crt' : safe;
}

/** The `verify_cert` value the installer writes: 0, 1, or the bundle relocated under `{app}`. */
export function verifyCertDefine(config: AgentConfig): string {
  const mode = verifyCertMode(config.verifyCert);
  if (mode.kind === 'off') return '0';
  if (mode.kind === 'system') return '1';
  return `{app}\\ssl\\server\\${caBundleFileName(mode.path)}`;
}

/** WUA booleans are written as the words true/false (docs/wapt-agent-build.md §2: inferred from the 1.8.2 JSON library). */
function wuaValue(value: string | boolean | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const s = value.trim();
  return s === '' ? undefined : s;
}

/** The `set_waptwua_<key>` defines to inject, in ini order. */
export function waptwuaDefines(config: AgentConfig): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const key of WAPTWUA_KEYS) {
    const v = wuaValue(config.waptwua[key]);
    if (v !== undefined) out.push([key, v]);
  }
  return out;
}

interface Rule {
  prefix: string;
  /** Replacement lines, or undefined to keep the template line as it is. */
  lines: (original: string) => string[] | undefined;
  /** The template must contain this define (so a broken custom template cannot silently drop a value). */
  required: boolean;
}

const define = (name: string, value: string) => `#define ${name} ${issDefineLiteral(value)}`;
const setTo = (name: string, value: string, required = true): Rule => ({
  prefix: `#define ${name}`,
  lines: () => [define(name, value)],
  required,
});
const keep = (prefix: string): Rule => ({ prefix, lines: () => undefined, required: false });

function rules(config: AgentConfig, ctx: IssRenderContext): Rule[] {
  const flag = (b: boolean) => (b ? '1' : '');
  const genuine = ctx.template === 'installation';
  const wua = (ctx.enterprise ? waptwuaDefines(config) : []).filter(
    ([k]) => !genuine || (GENUINE_WAPTWUA_KEYS as readonly string[]).includes(k),
  );
  return [
    setTo('default_repo_url', config.repoUrl),
    setTo('default_wapt_server', config.serverUrl),
    config.overwriteRepoUrl ? setTo('repo_url', config.repoUrl) : keep('#define repo_url'),
    config.overwriteServerUrl ? setTo('wapt_server', config.serverUrl) : keep('#define wapt_server'),
    setTo('output_dir', ctx.outputDir ?? 'waptupgrade'),
    setTo('Company', config.organization),
    setTo('set_install_certs', '1'),
    config.appendHostProfiles.length > 0
      ? setTo('append_host_profiles', config.appendHostProfiles.join(','))
      : keep('#define append_host_profiles'),
    config.auditPeriod !== ''
      ? setTo('set_waptaudit_task_period', config.auditPeriod)
      : keep('#define set_waptaudit_task_period'),
    setTo('use_ad_groups', flag(config.useAdGroups)),
    setTo('use_repo_rules', config.useRepoRules ? '1' : '0'),
    setTo('use_fqdn_as_uuid', flag(config.uuidMode === 'fqdn')),
    setTo('use_random_uuid', flag(config.uuidMode === 'random')),
    setTo('set_use_kerberos', config.useKerberos ? '1' : '0'),
    setTo('set_verify_cert', verifyCertDefine(config)),
    {
      prefix: ';#define waptenterprise',
      lines: () => [ctx.enterprise ? '#define waptenterprise' : '#undef waptenterprise'],
      required: true,
    },
    {
      prefix: '#define waptwua',
      lines: (original) =>
        wua.length === 0
          ? undefined
          : [original, ...wua.map(([k, v]) => `  ${define(`set_waptwua_${k}`, v)}`)],
      required: ctx.enterprise && wua.length > 0,
    },
    setTo('maturities', ''),
    setTo('waptservice_admin_filter', ''),
    setTo('edition', 'waptagent'),
    setTo(
      'wapt_base_dir',
      ctx.waptBaseDirWin.endsWith('\\') ? ctx.waptBaseDirWin : `${ctx.waptBaseDirWin}\\`,
    ),
    // WAPT removes its signtool define: Authenticode is applied after the compile (osslsigncode).
    { prefix: '#define signtool', lines: () => [], required: false },
    // An addition of the bundled template: WAPT's script reads the version from wapt-get.exe itself.
    setTo('agent_version', ctx.agentVersion, !genuine),
  ];
}

/** Rewrites the template; the result uses CRLF line ends (UTF-8 without BOM, as WAPT writes it). */
export function renderIss(template: string, config: AgentConfig, ctx: IssRenderContext): string {
  const table = rules(config, ctx);
  const matched = new Set<Rule>();
  const out: string[] = [];
  for (const line of template.replace(/^\ufeff/, '').split(/\r?\n/)) {
    const trimmed = line.trim();
    const rule = table.find((r) => trimmed.startsWith(r.prefix));
    if (rule === undefined) {
      out.push(line);
      continue;
    }
    matched.add(rule);
    out.push(...(rule.lines(line) ?? [line]));
  }
  const missing = table.filter((r) => r.required && !matched.has(r)).map((r) => r.prefix.replace(/^;/, ''));
  if (missing.length > 0) {
    throw new ConsoleError('VALIDATION', `the installer template has no line for: ${missing.join(', ')}`, {
      details: { reason: 'TEMPLATE_INCOMPLETE', missing },
    });
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\r\n')}\r\n`;
}
