import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfig, checkAgentConfig, type AgentConfigInput } from '../../../common/domain/agent-config';
import {
  caBundleFileName,
  issDefineLiteral,
  renderIss,
  type IssRenderContext,
} from '../../../common/domain/iss-render';
import { parseIni, renderWaptGetIni } from '../../../common/domain/wapt-get-ini';
import { ConsoleError } from '../../../common/errors';

const TEMPLATE = readFileSync(path.resolve('build/innosetup/waptagent.iss'), 'utf8');
const GOLDEN = path.resolve('test/fixtures/iss');
const CTX: IssRenderContext = {
  waptBaseDirWin: 'C:\\Program Files (x86)\\wapt\\',
  agentVersion: '1.8.2.7373',
  enterprise: true,
};

const CASES: Record<string, { config: AgentConfigInput; ctx?: Partial<IssRenderContext> }> = {
  minimal: {
    config: { prefix: 'tis', repoUrl: 'https://srvwapt.corp.lan/wapt', certificates: ['admin.crt'] },
  },
  'full-enterprise': {
    config: {
      prefix: 'corp',
      repoUrl: 'https://srvwapt.corp.lan/wapt',
      serverUrl: 'https://srvwapt.corp.lan',
      overwriteRepoUrl: false,
      overwriteServerUrl: false,
      verifyCert: '0',
      useKerberos: true,
      organization: 'Corp IT',
      uuidMode: 'random',
      useAdGroups: true,
      useRepoRules: true,
      appendHostProfiles: ['workstations', 'paris'],
      auditPeriod: '120m',
      certificates: ['admin.crt'],
      dualSign: true,
      waptwua: {
        enabled: true,
        default_allow: false,
        download_scheduling: '1d',
        install_delay: '7d',
        install_at_shutdown: true,
        offline: false,
        allow_direct_download: true,
        install_scheduling: '12h',
        filter: "Type='Software' or Type='Driver'",
        allowed_severities: 'Critical,Important',
        forbidden_kbs: 'KB5034441',
        user_locale: '1036',
      },
    },
  },
  // The dialog's verify-cert + FQDN example of docs/wapt-agent-build.md §8.4, with values that need escaping.
  'escaping-fqdn-bundle': {
    config: {
      prefix: 'acme',
      repoUrl: 'https://srvwapt.corp.lan/wapt?a="1"',
      serverUrl: 'https://srvwapt.corp.lan',
      verifyCert: '/etc/ssl/srvwapt corp.lan.crt',
      organization: 'ACME "Labs" {EU} O\'Neil & Société',
      uuidMode: 'fqdn',
      auditPeriod: '1d',
      certificates: ['admin.crt'],
      waptwua: { enabled: false },
    },
  },
  'not-enterprise': {
    config: {
      prefix: 'tis',
      repoUrl: 'https://srv/wapt',
      serverUrl: 'https://srv',
      certificates: ['a.crt'],
      waptwua: { enabled: true, default_allow: true },
    },
    ctx: { enterprise: false, waptBaseDirWin: 'Z:\\home\\admin\\wapt' },
  },
};

describe('renderIss golden files', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: .iss and wapt-get.ini match the golden files`, () => {
      const config = AgentConfig.parse(c.config);
      const ctx = { ...CTX, ...c.ctx };
      const iss = renderIss(TEMPLATE, config, ctx);
      const ini = renderWaptGetIni(config, { enterprise: ctx.enterprise });
      const issFile = path.join(GOLDEN, `${name}.iss`);
      const iniFile = path.join(GOLDEN, `${name}.ini`);
      if (process.env.UPDATE_GOLDEN === '1') {
        writeFileSync(issFile, iss);
        writeFileSync(iniFile, ini);
      }
      expect(existsSync(issFile), `${issFile} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(iss).toBe(readFileSync(issFile, 'utf8'));
      expect(ini).toBe(readFileSync(iniFile, 'utf8'));
    });
  }
});

describe('renderIss rewriting rules (docs/wapt-agent-build.md §3.1)', () => {
  const render = (input: AgentConfigInput, ctx: Partial<IssRenderContext> = {}) =>
    renderIss(TEMPLATE, AgentConfig.parse(input), { ...CTX, ...ctx });
  const base: AgentConfigInput = {
    prefix: 'tis',
    repoUrl: 'https://r/wapt',
    serverUrl: 'https://r',
    certificates: ['a.crt'],
  };
  const defineLine = (iss: string, name: string) =>
    iss.split('\r\n').filter((l) => l.trim().startsWith(`#define ${name} `));

  it('writes CRLF line ends and no BOM', () => {
    const iss = render(base);
    expect(iss.charCodeAt(0)).not.toBe(0xfeff);
    expect(iss.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('Overwrite sets repo_url/wapt_server; without it only the default_ defines change', () => {
    const forced = render(base);
    expect(defineLine(forced, 'repo_url')).toEqual(['#define repo_url "https://r/wapt"']);
    expect(defineLine(forced, 'wapt_server')).toEqual(['#define wapt_server "https://r"']);
    const soft = render({ ...base, overwriteRepoUrl: false, overwriteServerUrl: false });
    expect(defineLine(soft, 'repo_url')).toEqual(['#define repo_url ""']);
    expect(defineLine(soft, 'default_repo_url')).toEqual(['#define default_repo_url "https://r/wapt"']);
    expect(defineLine(soft, 'default_wapt_server')).toEqual(['#define default_wapt_server "https://r"']);
  });

  it('UUID modes are exclusive: bios sets neither define, fqdn and random one each', () => {
    const pick = (mode: 'bios' | 'fqdn' | 'random') => {
      const iss = render({ ...base, uuidMode: mode });
      return [defineLine(iss, 'use_fqdn_as_uuid')[0], defineLine(iss, 'use_random_uuid')[0]];
    };
    expect(pick('bios')).toEqual(['#define use_fqdn_as_uuid ""', '#define use_random_uuid ""']);
    expect(pick('fqdn')).toEqual(['#define use_fqdn_as_uuid "1"', '#define use_random_uuid ""']);
    expect(pick('random')).toEqual(['#define use_fqdn_as_uuid ""', '#define use_random_uuid "1"']);
  });

  it('a CA bundle path becomes {app}\\ssl\\server\\<safe name>', () => {
    const iss = render({ ...base, verifyCert: 'C:\\certs\\my ca;bundle.pem' });
    expect(defineLine(iss, 'set_verify_cert')).toEqual([
      '#define set_verify_cert "{app}\\ssl\\server\\my_ca_bundle.pem"',
    ]);
    expect(caBundleFileName('/x/../..')).toBe('ca-bundle.crt');
  });

  it('Enterprise: ;#define waptenterprise is enabled and set_waptwua_* lines follow #define waptwua; otherwise #undef', () => {
    const ent = render({ ...base, waptwua: { enabled: true, install_at_shutdown: false } });
    expect(ent).toContain('\r\n#define waptenterprise\r\n');
    expect(ent).toMatch(
      / {2}#define waptwua\r\n {2}#define set_waptwua_enabled "true"\r\n {2}#define set_waptwua_install_at_shutdown "false"\r\n/,
    );
    const free = render({ ...base, waptwua: { enabled: true } }, { enterprise: false });
    expect(free).toContain('\r\n#undef waptenterprise\r\n');
    expect(free).not.toContain('set_waptwua_enabled "true"');
  });

  it("enabled: null means don't change: no define is injected", () => {
    expect(render({ ...base, waptwua: { enabled: null } })).not.toMatch(/set_waptwua_enabled "(true|false)"/);
  });

  it('ISPP escaping doubles quotes; line breaks are refused', () => {
    expect(issDefineLiteral('a"b{c}\'d')).toBe('"a""b{c}\'d"');
    expect(() => issDefineLiteral('a\r\n#define edition "x"')).toThrow(ConsoleError);
  });

  it('a template missing a define the console must set is refused', () => {
    const broken = TEMPLATE.replace(/^#define set_verify_cert.*$/m, '');
    expect(() => renderIss(broken, AgentConfig.parse(base), CTX)).toThrow(/set_verify_cert/);
  });

  it('the first matching prefix wins: default_repo_url is not taken for repo_url', () => {
    const tpl = '#define default_repo_url "x"\n#define repo_url "y"\n';
    const out = (() => {
      try {
        return renderIss(tpl, AgentConfig.parse(base), CTX);
      } catch (e) {
        return String(e);
      }
    })();
    expect(out).toMatch(/no line for/); // the tiny template lacks the others, but the two lines were recognised separately
  });
});

describe('agent config validation (as the wizard types)', () => {
  it('names the field and what is wrong', () => {
    const r = checkAgentConfig({
      prefix: 'Bad Prefix',
      repoUrl: 'ftp://x',
      auditPeriod: '3 days',
      uuidMode: 'bios',
      certificates: [],
    });
    expect(r.ok).toBe(false);
    const paths = r.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['prefix', 'repoUrl', 'auditPeriod']));
  });

  it('refuses line breaks (they would inject ISPP directives) and characters outside cp1252', () => {
    expect(
      checkAgentConfig({ prefix: 'a', repoUrl: 'https://x', organization: 'x\n#define edition "evil"' }).ok,
    ).toBe(false);
    expect(checkAgentConfig({ prefix: 'a', repoUrl: 'https://x', organization: '日本' }).ok).toBe(false);
    expect(
      AgentConfig.safeParse({ prefix: 'a', repoUrl: 'https://x', organization: 'Société €' }).success,
    ).toBe(true);
  });

  it('unknown keys are errors (a typo in CONFIG.json must not be ignored)', () => {
    expect(AgentConfig.safeParse({ prefix: 'a', repoUrl: 'https://x', repourl: 'y' }).success).toBe(false);
  });

  it('warns about Enterprise-only options on a non-Enterprise base directory and about no certificates', () => {
    const r = checkAgentConfig(
      { prefix: 'a', repoUrl: 'https://x', useRepoRules: true, certificates: [] },
      { enterprise: false },
    );
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'useRepoRules', severity: 'warning' }),
        expect.objectContaining({ path: 'certificates', severity: 'error' }),
      ]),
    );
  });

  it('the ini preview can be parsed back', () => {
    const ini = parseIni(
      renderWaptGetIni(AgentConfig.parse({ prefix: 'a', repoUrl: 'https://x/wapt', uuidMode: 'fqdn' }), {
        enterprise: true,
      }),
    );
    expect(ini.get('global')?.get('use_fqdn_as_uuid')).toBe('1');
    expect(ini.get('wapt-templates')?.get('verify_cert')).toBe('1');
  });
});
