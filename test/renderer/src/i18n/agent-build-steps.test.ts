import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_STEPS } from '../../../../common/progress-steps';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { buildAgent, type BuildProgress } from '../../../../electron/core/agent-build/build-agent';
import { translate, type Translate } from '../../../../renderer/src/i18n/i18n';
import { progressText } from '../../../../renderer/src/i18n/progress-text';
import { createAdminIdentity, type AdminIdentity } from '../../../support/agent-fixtures';
import { useTempDirs } from '../../../support/temp-dir';

/*
 * Issue 14 point 3: the agent build's progress steps leave main as codes + parameters
 * (common/progress-steps.ts) and the window says them in the user's language. The build is the
 * real build engine; only the external programs are stand-ins: the fake ISCC of the other build
 * tests, and a fake `wine` that creates its prefix (for the first-use step).
 */
const FAKE_ISCC = path.resolve('test/fakes/fake-iscc.mjs');
const fr: Translate = (k, p) => translate('fr', k, p);
const tmp = useTempDirs('agent-steps-');
let admin: AdminIdentity;
let shared: string;
beforeAll(async () => {
  shared = mkdtempSync(path.join(os.tmpdir(), 'agent-steps-shared-'));
  admin = await createAdminIdentity(shared);
});
afterAll(() => {
  if (shared) rmSync(shared, { recursive: true, force: true });
});

const config = {
  prefix: 'demo',
  repoUrl: 'https://srv/wapt',
  serverUrl: 'https://srv',
};

describe('agent build progress steps', () => {
  it('every report of a build carries a known step, said in French from its parameters', async () => {
    const dir = tmp();
    const progress: BuildProgress[] = [];
    await buildAgent({
      config: { ...config, certificates: [admin.certPath] },
      waptBaseDir: await createDemoBaseDir(path.join(dir, 'base')),
      outDir: path.join(dir, 'out'),
      isccPath: FAKE_ISCC,
      signer: admin.signer,
      sha1Sign: admin.sha1Sign,
      onProgress: (p) => progress.push(p),
    });
    for (const p of progress) expect(PROGRESS_STEPS, p.message).toHaveProperty([p.step]);
    // The steps in order, each once (compile lines repeat the compile step).
    const steps = progress.map((p) => p.step).filter((s, i, all) => all.indexOf(s) === i);
    expect(steps).toEqual([
      'agentBuild.PREPARE',
      'agentBuild.TEMPLATE_BUNDLED',
      'agentBuild.CHECK_PACKED',
      'agentBuild.PACKED_CLEAN',
      'agentBuild.COMPILE',
      'agentBuild.NOT_AUTHENTICODE',
      'agentBuild.SHA256',
      'agentBuild.WAPTUPGRADE',
      'agentBuild.CHECK_OUTPUTS',
      'agentBuild.DONE',
    ]);
    const french = progress.map((p) => progressText(p, fr));
    const clean = progress.find((p) => p.step === 'agentBuild.PACKED_CLEAN')!;
    expect(clean.params?.count).toBeTypeOf('number');
    expect(progressText(clean, fr)).toMatch(/^\d+ fichiers? à embarquer/);
    expect(
      progressText(
        progress.find((p) => p.step === 'agentBuild.WAPTUPGRADE')!,
        fr,
      ),
    ).toBe('Construction de demo-waptupgrade');
    // No report fell back to main's English message.
    for (const [i, text] of french.entries())
      expect(text, progress[i]!.message).not.toBe(progress[i]!.message);
  });

  it('the first use of wine is its own step, said in French', async () => {
    const dir = tmp();
    // A stand-in for wine: `wineboot --init` makes the prefix; running the compiler fails (the
    // build stops there, after the two wine steps this test is about).
    const bin = path.join(dir, 'bin');
    const wine = path.join(bin, 'wine');
    mkdirSync(bin);
    writeFileSync(
      wine,
      '#!/bin/sh\nif [ "$1" = "wineboot" ]; then mkdir -p "$WINEPREFIX" && : > "$WINEPREFIX/system.reg"; exit 0; fi\nexit 3\n',
    );
    writeFileSync(path.join(bin, 'wineserver'), '#!/bin/sh\nexit 0\n');
    chmodSync(wine, 0o755);
    chmodSync(path.join(bin, 'wineserver'), 0o755);
    const progress: BuildProgress[] = [];
    await buildAgent({
      config: { ...config, certificates: [admin.certPath] },
      waptBaseDir: await createDemoBaseDir(path.join(dir, 'base')),
      outDir: path.join(dir, 'out'),
      isccPath: path.join(dir, 'ISCC.exe'),
      isccLauncher: 'wine',
      wine: { command: wine, prefix: path.join(dir, 'prefix') },
      signer: admin.signer,
      onProgress: (p) => progress.push(p),
    }).catch(() => undefined);
    const wineSteps = progress.filter((p) => p.step.startsWith('agentBuild.WINE_'));
    expect(wineSteps.map((p) => [p.step, p.percent])).toEqual([
      ['agentBuild.WINE_PREFIX', null],
      ['agentBuild.WINE_READY', 6],
    ]);
    expect(wineSteps.map((p) => progressText(p, fr))).toEqual([
      'Préparation de la couche de compatibilité Windows, une seule fois (wine, environ une minute)',
      'Couche de compatibilité Windows prête',
    ]);
    // Main keeps its English sentence for the CLI and the log.
    expect(wineSteps[0]!.message).toBe(
      'Preparing the Windows compatibility layer, once (wine, about a minute)',
    );
  });
});
