/**
 * The agent build's guarantees, with the fake compiler (test/fakes/fake-iscc.mjs, which also
 * emulates the preprocessing pass): the outputs change as a set or not at all, a key that would
 * reach the waptupgrade package is refused, the installation's own script is the one rendered,
 * and the tool paths main executes are chosen by main (native dialog) and checked.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { buildAgent, type AgentBuildOptions } from '../../../../electron/core/agent-build/build-agent';
import { bundledIsccPath } from '../../../../electron/core/agent-build/iscc-runner';
import { assertInnoSetupCompiler } from '../../../../electron/core/agent-build/tool-checks';
import { silentLogger, type PathPicker } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import {
  copyInstallationFixture,
  createAdminIdentity,
  type AdminIdentity,
} from '../../../support/agent-fixtures';
import { makeTestCore } from '../../../support/fake-core';
import { privateKeySamples } from '../../../support/private-key-samples';
import { useTempDirs } from '../../../support/temp-dir';

const FAKE = path.resolve('test/fakes/fake-iscc.mjs');
const tmp = useTempDirs('agent-safety-');
let admin: AdminIdentity;
let shared: string;

beforeAll(async () => {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  shared = mkdtempSync(path.join(os.tmpdir(), 'agent-safety-shared-'));
  admin = await createAdminIdentity(shared);
});

afterAll(async () => {
  const { rmSync } = await import('node:fs');
  if (shared) rmSync(shared, { recursive: true, force: true });
});

function options(dir: string, base: string, extra: Partial<AgentBuildOptions> = {}): AgentBuildOptions {
  return {
    config: { prefix: 'demo', repoUrl: 'https://srv/wapt', certificates: [admin.certPath] },
    waptBaseDir: base,
    outDir: path.join(dir, 'out'),
    isccPath: FAKE,
    signer: admin.signer,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<ConsoleError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConsoleError);
  return err as ConsoleError;
}

/** Name → sha256 of every entry of a folder (hidden ones included). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort())
    out[name] = createHash('sha256')
      .update(readFileSync(path.join(dir, name)))
      .digest('hex');
  return out;
}

describe('outputs change as a set', () => {
  it('a build refused before the compile (key in a packed file) leaves the previous build as it was, and no staging folder', async () => {
    const dir = tmp();
    const base = await createDemoBaseDir(path.join(dir, 'base'));
    const first = await buildAgent(options(dir, base));
    const before = snapshot(first.outDir);
    expect(Object.keys(before).sort()).toEqual([
      'demo-waptupgrade_1.8.2.7373-45_all.wapt',
      'waptagent-build.json',
      'waptagent.exe',
      'waptagent.sha256',
    ]);
    // The bundled template packs waptdeploy.exe: refused before ISCC compiles anything.
    const der = privateKeySamples().keys.find((k) => k.format === 'DER_PKCS8')!.bytes;
    writeFileSync(path.join(base, 'waptdeploy.exe'), Buffer.concat([Buffer.from('MZ'), der]));
    const err = await failure(
      buildAgent(
        options(dir, base, {
          config: { prefix: 'other', repoUrl: 'https://srv/wapt', certificates: [admin.certPath] },
        }),
      ),
    );
    expect(err.code).toBe('PRIVATE_KEY_LEAK');
    expect(err.details?.files).toContain('waptdeploy.exe');
    expect(snapshot(first.outDir)).toEqual(before);
  });

  it('a key reaching only the waptupgrade package is refused naming its member, previous build intact', async () => {
    const dir = tmp();
    const base = copyInstallationFixture(path.join(dir, 'wapt'));
    const first = await buildAgent(options(dir, base));
    const before = snapshot(first.outDir);
    // The installation's script does not pack waptdeploy.exe; the package carries it as patchs/waptdeploy.exe.
    const p12 = privateKeySamples().keys.find((k) => k.format === 'PKCS12')!.bytes;
    writeFileSync(path.join(base, 'waptdeploy.exe'), p12);
    const err = await failure(buildAgent(options(dir, base)));
    expect(err.code).toBe('PRIVATE_KEY_LEAK');
    expect(err.details?.files).toEqual(['(waptupgrade package) patchs/waptdeploy.exe']);
    expect(err.details?.kinds).toEqual(['PKCS12']);
    expect(snapshot(first.outDir)).toEqual(before);
  });

  it('cancelled during the compile or during the waptupgrade step: CANCELLED, previous build intact, nothing left behind', async () => {
    const dir = tmp();
    const base = await createDemoBaseDir(path.join(dir, 'base'));
    const first = await buildAgent(options(dir, base));
    const before = snapshot(first.outDir);
    for (const when of ['Compiling waptagent.exe with Inno Setup', 'Building demo-waptupgrade']) {
      const ac = new AbortController();
      const err = await failure(
        buildAgent(
          options(dir, base, {
            signal: ac.signal,
            onProgress: (p) => {
              if (p.message === when) ac.abort();
            },
          }),
        ),
      );
      expect(err.code, when).toBe('CANCELLED');
      expect(err.message).toBe('the agent build was cancelled');
      expect(snapshot(first.outDir), when).toEqual(before);
    }
  });

  it('a second build replaces the set, and the previous package goes with the previous manifest', async () => {
    const dir = tmp();
    const base = await createDemoBaseDir(path.join(dir, 'base'));
    await buildAgent(options(dir, base));
    const second = await buildAgent(options(dir, base, { existingWaptupgradeVersion: '1.8.2.7373-50' }));
    expect(readdirSync(second.outDir).sort()).toEqual([
      'demo-waptupgrade_1.8.2.7373-51_all.wapt',
      'waptagent-build.json',
      'waptagent.exe',
      'waptagent.sha256',
    ]);
  });
});

describe("the installation's own script", () => {
  it('is the one rewritten (signtool removed, absolute output_dir, the 1.8.2 [waptwua] keys only), and the manifest says so', async () => {
    const dir = tmp();
    const base = copyInstallationFixture(path.join(dir, 'wapt'));
    mkdirSync(path.join(base, 'waptenterprise'));
    writeFileSync(path.join(base, 'waptenterprise', 'licencing.py'), '# enterprise marker\n');
    const result = await buildAgent(
      options(dir, base, {
        config: {
          prefix: 'demo',
          repoUrl: 'https://srv/wapt',
          certificates: [admin.certPath],
          waptwua: { enabled: true, install_delay: '7d', filter: "Type='Software'" },
        },
      }),
    );
    expect(result.template).toEqual({
      kind: 'installation',
      source: path.join(base, 'waptsetup', 'waptagent.iss'),
    });
    const manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8'));
    const iss: string = manifest.iss['custom_waptagent.iss'].text;
    expect(iss).not.toMatch(/#define signtool/);
    expect(iss).toMatch(/#define output_dir "Z:\\.*\\waptupgrade"/);
    expect(iss).toContain('#define waptenterprise');
    expect(iss).toContain('#define set_waptwua_enabled "true"');
    expect(iss).toContain('#define set_waptwua_install_delay "7d"');
    expect(iss).not.toContain('set_waptwua_filter'); // not a key the 1.8.2 console injects
    expect(Object.keys(manifest.iss)).toEqual(['custom_waptagent.iss']);
  });
});

describe('tool paths: chosen by main, checked by main', () => {
  const picker = (file: string | null, folder: string | null): PathPicker => ({
    pickFile: async () => file,
    pickFolder: async () => folder,
  });

  function harness(dir: string, pathPicker?: PathPicker) {
    const { core } = makeTestCore(dir, pathPicker ? { pathPicker } : {});
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    return async (m: string, input: unknown) => {
      const r = await dispatch(m, input, { transport: 'browser', emit: () => undefined });
      if (!r.ok)
        throw new ConsoleError(
          r.error.code,
          r.error.message,
          r.error.details ? { details: r.error.details } : {},
        );
      return r.value as never;
    };
  }

  it('settings.update from the renderer refuses the compiler and base directory paths', async () => {
    const call = harness(tmp());
    for (const patch of [{ isccPath: '/usr/bin/evil' }, { waptBaseDir: '/tmp' }, { isccPath: null }]) {
      const err = await failure(call('settings.update', patch));
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(
      ((await call('settings.update', { hostsPageSize: 100 })) as { hostsPageSize: number }).hostsPageSize,
    ).toBe(100);
  });

  it("ISCC must be Inno Setup's command-line compiler by its PE version resource", async () => {
    const iscc = bundledIsccPath();
    expect(iscc).toBeDefined();
    await expect(assertInnoSetupCompiler(iscc!)).resolves.toBe(iscc);
    for (const other of [
      path.join(path.dirname(iscc!), 'Compil32.exe'),
      path.join(path.dirname(iscc!), 'islzma32.exe'),
      FAKE,
      '/bin/sh',
    ]) {
      const err = await failure(assertInnoSetupCompiler(other));
      expect(err.reason, other).toBe('NOT_INNO_SETUP_COMPILER');
    }
    // Only an operator (CLI, environment) may name a node stand-in.
    await expect(assertInnoSetupCompiler(FAKE, { allowNodeScript: true })).resolves.toBe(FAKE);
  });

  it('the native dialog is the way to choose them; what it returns is checked before it is saved', async () => {
    const dir = tmp();
    const iscc = bundledIsccPath()!;
    const installation = copyInstallationFixture(path.join(dir, 'wapt'));
    // A program that is not ISCC, and a folder that is not a WAPT installation: refused, nothing saved.
    const bad = harness(dir, picker('/bin/sh', dir));
    expect((await failure(bad('agent.chooseIscc', {}))).reason).toBe('NOT_INNO_SETUP_COMPILER');
    expect((await failure(bad('agent.chooseBaseDir', {}))).reason).toBe('BASE_DIR_INVALID');
    const good = harness(dir, picker(iscc, installation));
    expect(await good('agent.chooseIscc', {})).toEqual({ chosen: true });
    expect(await good('agent.chooseBaseDir', {})).toEqual({ chosen: true });
    const loaded = (await good('agent.loadConfig', {})) as {
      isccPath: string;
      template: string;
      baseDir: { path: string; demo: boolean };
    };
    expect(loaded.isccPath).toBe(iscc);
    expect(loaded.template).toBe('installation');
    expect(loaded.baseDir).toMatchObject({ path: installation, demo: false });
    // Cancelled dialog: nothing changes. Reset: back to the demo directory.
    expect(await harness(dir, picker(null, null))('agent.chooseIscc', {})).toEqual({ chosen: false });
    await good('agent.resetTool', { tool: 'baseDir' });
    expect(((await good('agent.loadConfig', {})) as { template: string }).template).toBe('bundled');
    // Browser mode has no native dialog: it says how to set them instead.
    const err = await failure(harness(dir)('agent.chooseIscc', {}));
    expect(err.code).toBe('NOT_SUPPORTED');
  });

  it('wizard: without a code-signing certificate the build will be unsigned (loadConfig says so)', async () => {
    const call = harness(tmp());
    expect(
      ((await call('agent.loadConfig', {})) as { authenticodeSigner: string | null }).authenticodeSigner,
    ).toBeNull();
  });
});
