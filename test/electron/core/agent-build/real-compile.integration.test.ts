/**
 * The real thing: ISCC.exe from the innosetup npm package under wine compiles the generated script,
 * then the installer is run silently under wine (xvfb) and the installed files are read back.
 * Skipped (not failed) on a machine without wine; .ci/run installs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIni, renderWaptGetIni } from '../../../../common/domain/wapt-get-ini';
import { AgentConfig } from '../../../../common/domain/agent-config';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { buildAgent, type AgentBuildResult } from '../../../../electron/core/agent-build/build-agent';
import { bundledIsccPath, wineEnv } from '../../../../electron/core/agent-build/iscc-runner';
import { scanTreeForPrivateKeys } from '../../../../wapt/keys/key-leak';
import { verifyPackage } from '../../../../wapt/packages/index';
import {
  createAdminIdentity,
  expectNoKeyMaterial,
  type AdminIdentity,
} from '../../../support/agent-fixtures';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const ISCC = bundledIsccPath();
const wineAvailable = process.platform !== 'win32' && has('wine') && has('xvfb-run') && ISCC !== undefined;
const PREFIX = path.resolve(process.env.WAPT_TEST_SHARED_DIR ?? '.tsbuild/test-shared', 'wine-agent');

describe.skipIf(!wineAvailable)('real ISCC under wine: compile, silent install, read back', () => {
  let work: string;
  let admin: AdminIdentity;
  let result: AgentBuildResult;
  const progress: string[] = [];
  const config = {
    prefix: 'demo',
    repoUrl: 'https://srvwapt.corp.lan/wapt',
    serverUrl: 'https://srvwapt.corp.lan',
    verifyCert: 'server-ca.crt',
    organization: 'ACME "Labs" {EU}',
    uuidMode: 'fqdn' as const,
    useRepoRules: true,
    appendHostProfiles: ['workstations', 'paris'],
    auditPeriod: '1d',
    certificates: ['admin.crt'],
    waptwua: {
      enabled: true,
      default_allow: false,
      download_scheduling: '1d',
      install_delay: '7d',
      install_at_shutdown: true,
      allow_direct_download: true,
    },
  };
  const installDir = () => path.join(PREFIX, 'drive_c', 'wapt-test');

  beforeAll(async () => {
    work = path.join(os.tmpdir(), `agent-real-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    admin = await createAdminIdentity(work);
    // The HTTPS CA bundle: another certificate (public), copied to ssl\server.
    const ca = await createAdminIdentity(path.join(work), 'server-ca');
    void ca;
    const base = await createDemoBaseDir(path.join(work, 'base'));
    result = await buildAgent({
      config,
      configDir: work,
      waptBaseDir: base,
      outDir: path.join(work, 'out'),
      isccPath: ISCC!,
      signer: admin.signer,
      wine: { prefix: PREFIX },
      onProgress: (p) => progress.push(`${p.percent} ${p.message} ${p.line ?? ''}`),
    });
    rmSync(installDir(), { recursive: true, force: true });
    const env = wineEnv(PREFIX);
    // A headless wineserver lingering after the compile breaks the next windowed run (RECIPES.md).
    execFileSync('wineserver', ['-w'], { env });
    execFileSync(
      'xvfb-run',
      ['-a', 'wine', result.exe.path, '/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART', '/DIR=C:\\wapt-test'],
      { env, stdio: 'ignore', timeout: 60_000 },
    );
    execFileSync('wineserver', ['-w'], { env });
  }, 110_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs wapt-get.ini with the keys of docs/wapt-agent-build.md §8, exactly as previewed', () => {
    const iniText = readFileSync(path.join(installDir(), 'wapt-get.ini'), 'latin1');
    const ini = parseIni(iniText);
    const g = ini.get('global')!;
    expect(g.get('repo_url')).toBe('https://srvwapt.corp.lan/wapt');
    expect(g.get('wapt_server')).toBe('https://srvwapt.corp.lan');
    expect(g.get('verify_cert')).toBe('C:\\wapt-test\\ssl\\server\\server-ca.crt');
    expect(g.get('use_fqdn_as_uuid')).toBe('1');
    expect(g.get('use_repo_rules')).toBe('1');
    expect(g.get('host_profiles')).toBe('workstations,paris');
    expect(g.get('hiberboot_enabled')).toBe('0');
    expect(ini.get('waptwua')?.get('enabled')).toBe('true');
    expect(ini.get('waptwua')?.get('direct_download')).toBe('true');
    // The pure preview (shown in the wizard) is byte-identical to what the installer wrote.
    expect(iniText).toBe(
      renderWaptGetIni(AgentConfig.parse(config), { enterprise: true, installDir: 'C:\\wapt-test' }),
    );
  });

  it('deploys the trusted certificate in ssl\\ and the CA bundle in ssl\\server\\, and no private key anywhere', async () => {
    expect(readdirSync(path.join(installDir(), 'ssl')).sort()).toEqual(['admin.crt', 'server']);
    expect(readFileSync(path.join(installDir(), 'ssl', 'admin.crt'), 'utf8')).toBe(admin.certPem);
    expect(readdirSync(path.join(installDir(), 'ssl', 'server'))).toEqual(['server-ca.crt']);
    expect(await scanTreeForPrivateKeys(installDir())).toEqual([]);
    expectNoKeyMaterial(admin.needles, [
      installDir(),
      result.outDir,
      { name: 'progress log', data: progress.join('\n') },
      { name: 'result', data: JSON.stringify(result) },
    ]);
  });

  it('writes waptagent.sha256 and a waptupgrade package the core verifies', async () => {
    expect(readFileSync(result.sha256File, 'utf8')).toBe(`${result.sha256}  waptagent.exe`);
    const v = await verifyPackage(result.package.path, { trusted: [admin.certPem] });
    expect(v.control.package).toBe('demo-waptupgrade');
    expect(v.files.find((f) => f.path === 'waptagent.exe')?.sha256).toBe(result.sha256);
    expect(existsSync(result.manifestPath)).toBe(true);
    expect(progress.some((l) => l.includes('Successful compile'))).toBe(true);
    // The demo base directory has no waptsetup\waptagent.iss: the bundled template is compiled, and said so.
    expect(result.template.kind).toBe('bundled');
    expect(JSON.parse(readFileSync(result.manifestPath, 'utf8')).template.kind).toBe('bundled');
    expect(progress.some((l) => l.includes("Installer script: the console's bundled template"))).toBe(true);
    expect(result.authenticode).toBeNull();
  });

  it('the publisher keeps quotes and braces literally (Inno escaping in [Setup])', () => {
    const reg = readFileSync(path.join(PREFIX, 'system.reg'), 'latin1');
    expect(reg).toContain('"Publisher"="ACME \\"Labs\\" {EU}"');
  });
});
