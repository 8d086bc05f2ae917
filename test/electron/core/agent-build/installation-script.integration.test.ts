/**
 * The genuine way (docs/agent-build.md): with a base directory laid out like a WAPT installation
 * (test/fixtures/wapt-base-install, written from the spec's facts), the real ISCC compiles THAT
 * installation's own waptsetup\waptagent.iss (rewritten as the 1.8.2 console does), osslsigncode
 * Authenticode-signs the result, and a silent install under wine shows what the installation's
 * script brings. Then keys planted in every folder the script packs are refused, naming each file.
 * Skipped (not failed) on a machine without wine; .ci/run installs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { parseIni } from '../../../../common/domain/wapt-get-ini';
import { verifyAuthenticode } from '../../../../electron/core/agent-build/authenticode';
import { buildAgent, type AgentBuildResult } from '../../../../electron/core/agent-build/build-agent';
import { bundledIsccPath, wineEnv } from '../../../../electron/core/agent-build/iscc-runner';
import { scanTreeForPrivateKeys } from '../../../../wapt/keys/key-leak';
import { hashFile } from '../../../../electron/core/agent-build/build-agent';
import { openPackageZip, verifyPackage } from '../../../../wapt/packages/index';
import {
  copyInstallationFixture,
  createAdminIdentity,
  expectNoKeyMaterial,
  KEY_PASSWORD,
  PACKED_PLANT_SITES,
  type AdminIdentity,
} from '../../../support/agent-fixtures';
import { privateKeySamples } from '../../../support/private-key-samples';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const ISCC = bundledIsccPath();
const wineAvailable =
  process.platform !== 'win32' && has('wine') && has('xvfb-run') && has('osslsigncode') && ISCC !== undefined;
const PREFIX = path.resolve(
  process.env.WAPT_TEST_SHARED_DIR ?? '.tsbuild/test-shared',
  'wine-agent-installation',
);

describe.skipIf(!wineAvailable)("the WAPT installation's own script under the real ISCC", () => {
  let work: string;
  let base: string;
  let admin: AdminIdentity;
  let result: AgentBuildResult;
  const progress: string[] = [];
  const installDir = () => path.join(PREFIX, 'drive_c', 'wapt-genuine');
  const config = {
    prefix: 'acme',
    repoUrl: 'https://srvwapt.corp.lan/wapt',
    serverUrl: 'https://srvwapt.corp.lan',
    verifyCert: 'server-ca.crt',
    organization: 'ACME Labs',
    uuidMode: 'fqdn' as const,
    useRepoRules: true,
    appendHostProfiles: ['workstations', 'paris'],
    auditPeriod: '1d',
    certificates: ['admin.crt'],
  };

  beforeAll(async () => {
    work = path.join(os.tmpdir(), `agent-installation-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    admin = await createAdminIdentity(work);
    await createAdminIdentity(work, 'server-ca');
    await createAdminIdentity(path.join(work), 'extra-ca');
    mkdirSync(path.join(work, 'extra-cas'));
    writeFileSync(
      path.join(work, 'extra-cas', 'extra-ca.crt'),
      readFileSync(path.join(work, 'extra-ca.crt')),
    );
    writeFileSync(path.join(work, 'key.pw'), KEY_PASSWORD);
    base = copyInstallationFixture(path.join(work, 'wapt'));
    result = await buildAgent({
      config,
      configDir: work,
      waptBaseDir: base,
      outDir: path.join(work, 'out'),
      isccPath: ISCC!,
      signer: admin.signer,
      wine: { prefix: PREFIX },
      authenticode: {
        identity: { kind: 'pem', certPath: admin.certPath, keyPath: admin.keyPath, password: KEY_PASSWORD },
      },
      onProgress: (p) => progress.push(`${p.percent} ${p.message} ${p.line ?? ''}`),
    });
    rmSync(installDir(), { recursive: true, force: true });
    const env = wineEnv(PREFIX);
    execFileSync('wineserver', ['-w'], { env });
    execFileSync(
      'xvfb-run',
      [
        '-a',
        'wine',
        result.exe.path,
        '/VERYSILENT',
        '/SUPPRESSMSGBOXES',
        '/NORESTART',
        '/DIR=C:\\wapt-genuine',
        '/LOG=C:\\wapt-genuine-setup.log',
        `/CopyPackagesTrustedCA=Z:${path.join(work, 'extra-cas').replace(/\//g, '\\')}`,
      ],
      { env, stdio: 'ignore', timeout: 90_000 },
    );
    execFileSync('wineserver', ['-w'], { env });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("compiles the installation's waptsetup\\waptagent.iss, rewritten as docs/wapt-agent-build.md §3.1 says; the log and the manifest say so", () => {
    const manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8'));
    const source = path.join(base, 'waptsetup', 'waptagent.iss');
    expect(result.template).toEqual({ kind: 'installation', source });
    expect(manifest.template).toEqual({ kind: 'installation', source });
    expect(manifest.baseDir.kind).toBe('installation');
    expect(progress.some((l) => l.includes(`Installer script: the WAPT installation's own ${source}`))).toBe(
      true,
    );
    const iss: string = manifest.iss['custom_waptagent.iss'].text;
    // The installation's own lines are kept; the rewritten ones carry the settings.
    expect(iss).toContain('#include wapt_base_dir + "\\waptsetup\\common.iss"');
    expect(iss).toContain('#define default_repo_url "https://srvwapt.corp.lan/wapt"');
    expect(iss).toContain('#define use_fqdn_as_uuid "1"');
    expect(iss).toMatch(/#define output_dir "Z:\\.*\\waptupgrade"/);
    expect(iss).toContain(`#define wapt_base_dir "Z:${base.replace(/\//g, '\\')}\\"`);
    expect(iss).not.toContain('#define signtool'); // removed, or ISCC would ask for a sign tool
    expect(iss).not.toContain('agent_version');
    expect(result.packedFileCount).toBeGreaterThan(20);
    expect(manifest.privateKeyCheck).toEqual({ packedFiles: result.packedFileCount, findings: 0 });
  });

  it("installs what the installation's scripts bring: agent files, dmidecode, VC90 manifest, logon shortcut, ACL step, /CopyPackagesTrustedCA", () => {
    const dir = installDir();
    for (const f of [
      'wapt-get.exe',
      'dmidecode.exe',
      'Microsoft.VC90.CRT.manifest',
      'waptservice/service.py',
      'lib/site-packages/README.txt',
      'waptsetup/common.iss',
      'waptupgrade/WAPT/control',
      'unins000.exe',
    ])
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(existsSync(path.join(dir, 'private'))).toBe(true);
    expect(readdirSync(path.join(dir, 'ssl')).sort()).toEqual(['admin.crt', 'extra-ca.crt', 'server']);
    expect(readdirSync(path.join(dir, 'ssl', 'server'))).toEqual(['server-ca.crt']);
    const startup = path.join(PREFIX, 'drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp');
    expect(readdirSync(startup)).toContain('WAPT session setup.lnk');
    const log = readFileSync(path.join(PREFIX, 'drive_c', 'wapt-genuine-setup.log'), 'latin1');
    expect(log).toMatch(/icacls \{app\}: \d+/);
    expect(log).toMatch(/icacls \{app\}\\private: \d+/);
    expect(log).toContain('stop waptservice'); // services.iss stops the service before copying files
    const g = parseIni(readFileSync(path.join(dir, 'wapt-get.ini'), 'latin1')).get('global')!;
    expect(g.get('repo_url')).toBe('https://srvwapt.corp.lan/wapt');
    expect(g.get('wapt_server')).toBe('https://srvwapt.corp.lan');
    expect(g.get('verify_cert')).toBe('C:\\wapt-genuine\\ssl\\server\\server-ca.crt');
    expect(g.get('use_fqdn_as_uuid')).toBe('1');
    expect(g.get('use_repo_rules')).toBe('1');
    expect(g.get('host_profiles')).toBe('workstations,paris');
    expect(g.get('waptaudit_task_period')).toBe('1d');
  });

  it('Authenticode: osslsigncode verifies the signature; waptagent.sha256 and the waptupgrade package carry the signed file', async () => {
    expect(result.authenticode).toMatchObject({ signerCn: 'admin', timestamped: false });
    const v = await verifyAuthenticode(result.exe.path, { caFile: admin.certPath });
    expect(v.output).toContain('Signature verification: ok');
    expect(v.ok).toBe(true);
    expect((await hashFile(result.exe.path)).sha256).toBe(result.sha256);
    expect(readFileSync(result.sha256File, 'utf8')).toBe(`${result.sha256}  waptagent.exe`);
    const pkg = await verifyPackage(result.package.path, { trusted: [admin.certPem] });
    expect(pkg.files.find((f) => f.path === 'waptagent.exe')?.sha256).toBe(result.sha256);
    const zip = await openPackageZip(result.package.path);
    const sha = (await zip.readBuffer(zip.get('waptagent.sha256')!)).toString();
    zip.close();
    expect(sha).toBe(`${result.sha256}  waptagent.exe`);
  });

  it('leaves no private key anywhere: installed files, outputs, log', async () => {
    expect(await scanTreeForPrivateKeys(installDir())).toEqual([]);
    expectNoKeyMaterial(admin.needles, [
      installDir(),
      result.outDir,
      { name: 'progress log', data: progress.join('\n') },
      { name: 'result', data: JSON.stringify(result) },
    ]);
  });

  it('refuses keys planted in every folder the script packs, in every format, under innocent names, naming each file', async () => {
    const planted = copyInstallationFixture(path.join(work, 'planted'));
    const samples = privateKeySamples().keys;
    const expected: string[] = [];
    // Every site gets a key; every format is planted at least once.
    const count = Math.max(samples.length, PACKED_PLANT_SITES.length);
    for (let i = 0; i < count; i++) {
      const site = PACKED_PLANT_SITES[i % PACKED_PLANT_SITES.length]!;
      const rel = i < PACKED_PLANT_SITES.length ? site : site.replace(/(\.[^./]+)$/, `-${i}$1`);
      mkdirSync(path.dirname(path.join(planted, rel)), { recursive: true });
      writeFileSync(path.join(planted, rel), samples[i % samples.length]!.bytes);
      expected.push(rel);
    }
    // A key in a folder the script does not pack is not the build's business (the check follows [Files]).
    mkdirSync(path.join(planted, 'private'));
    writeFileSync(path.join(planted, 'private', 'admin.pem'), admin.keyPem);
    const outDir = path.join(work, 'planted-out');
    const err = await buildAgent({
      config,
      configDir: work,
      waptBaseDir: planted,
      outDir,
      isccPath: ISCC!,
      signer: admin.signer,
      wine: { prefix: PREFIX },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConsoleError);
    const e = err as ConsoleError;
    expect(e.code).toBe('PRIVATE_KEY_LEAK');
    const files = e.details!.files as string[];
    for (const rel of expected) expect(files, rel).toContain(rel);
    // Nothing innocent is named (the waptupgrade plants also show as their build-folder copies).
    for (const f of files) expect(expected).toContain(f.replace(/^\(build folder\) /, ''));
    expect(files).not.toContain('private/admin.pem');
    for (const s of new Set(samples.map((x) => x.format))) expect(e.details!.kinds as string[]).toContain(s);
    for (const rel of expected) expect(e.message).toContain(rel);
    expectNoKeyMaterial(admin.needles, [{ name: 'message', data: e.message }]);
    // Nothing was written to the output folder.
    expect(readdirSync(outDir)).toEqual([]);
  }, 120_000);
});
