/**
 * Preview of the `wapt-get.ini` the generated installer writes on a host (docs/wapt-agent-build.md §8), for
 * a first silent install with the default tasks and no existing ini. It mirrors the template's
 * [INI] section; the real-compile test installs the built setup under wine and compares.
 */
import { type AgentConfig } from './agent-config';
import { verifyCertDefine, waptwuaDefines } from './iss-render';

export interface IniPreviewOptions {
  enterprise: boolean;
  /** Where `{app}` points on the host. */
  installDir?: string;
}

export const DEFAULT_INSTALL_DIR = 'C:\\Program Files (x86)\\wapt';

export type IniSections = Array<{ section: string; entries: Array<[string, string]> }>;

export function waptGetIniEntries(config: AgentConfig, opts: IniPreviewOptions): IniSections {
  const app = opts.installDir ?? DEFAULT_INSTALL_DIR;
  const global: Array<[string, string]> = [
    // Silent installs always (re)write both URLs; without Overwrite the value is the default one.
    ['repo_url', config.repoUrl],
    ['wapt_server', config.serverUrl],
    ['send_usage_report', '1'],
    ['use_hostpackages', '1'],
    ['use_kerberos', config.useKerberos ? '1' : '0'],
    ['check_certificates_validity', '1'],
    ['verify_cert', verifyCertDefine(config).replace('{app}', app)],
  ];
  if (config.uuidMode === 'fqdn') global.push(['use_fqdn_as_uuid', '1']);
  if (config.useAdGroups) global.push(['use_ad_groups', '1']);
  global.push(['use_repo_rules', config.useRepoRules ? '1' : '0']);
  if (config.uuidMode === 'random') global.push(['uuid', 'rnd-<generated at install>']);
  global.push(['max_gpo_script_wait', '180'], ['pre_shutdown_timeout', '180'], ['hiberboot_enabled', '0']);
  if (config.appendHostProfiles.length > 0)
    global.push([
      'host_profiles',
      [...new Set(config.appendHostProfiles.filter((p) => p !== '*'))].join(','),
    ]);
  if (config.auditPeriod !== '') global.push(['waptaudit_task_period', config.auditPeriod]);
  const sections: IniSections = [
    { section: 'global', entries: global },
    {
      section: 'wapt-templates',
      entries: [
        ['repo_url', 'https://store.wapt.fr/wapt'],
        ['verify_cert', '1'],
      ],
    },
  ];
  if (opts.enterprise) {
    const wua: Array<[string, string]> = [];
    for (const [k, v] of waptwuaDefines(config)) {
      wua.push([k, v]);
      if (k === 'allow_direct_download') wua.push(['direct_download', v]);
    }
    if (wua.length > 0) sections.push({ section: 'waptwua', entries: wua });
  }
  return sections;
}

/** As Inno writes it on a fresh file: `key=value`, CRLF, no blank line between sections. */
export function renderWaptGetIni(config: AgentConfig, opts: IniPreviewOptions): string {
  return waptGetIniEntries(config, opts)
    .map((s) => [`[${s.section}]`, ...s.entries.map(([k, v]) => `${k}=${v}`)].join('\r\n'))
    .join('\r\n')
    .concat('\r\n');
}

/** Reads an ini text (as written on the host) into sections → keys (lower-case names), for tests and checks. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      const name = sec[1]!.trim().toLowerCase();
      current = out.get(name) ?? new Map();
      out.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0 && current) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return out;
}
