/**
 * Full agent build (build folder, key scan, ISCC under wine, sha256, signed waptupgrade package,
 * output scan, manifest) against a bare ISCC compile of the same generated script, in the same run.
 * Goal: the console adds at most 10 % to the compiler's own time. Needs wine (skipped otherwise).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoBaseDir } from '../electron/core/agent-build/base-dir';
import { buildAgent, prepareBuildFolder } from '../electron/core/agent-build/build-agent';
import { bundledIsccPath, runIscc } from '../electron/core/agent-build/iscc-runner';
import { createKeyAndCertificate, createSigner, loadPrivateKey } from '../wapt/signing/index';
import { medianMs, type BenchCase } from './lib';

const bench: BenchCase = {
  name: 'agent build: full build vs bare ISCC compile of the same script',
  async run() {
    const iscc = bundledIsccPath();
    if (iscc === undefined || spawnSync('sh', ['-c', 'command -v wine']).status !== 0) {
      console.log('  skipped: wine or the innosetup package is missing');
      return [];
    }
    const work = mkdtempSync(path.join(os.tmpdir(), 'bench-agent-'));
    try {
      const prefix = path.join(os.tmpdir(), 'bench-agent-wine');
      const admin = await createKeyAndCertificate({
        commonName: 'bench',
        codeSigning: true,
        isCA: true,
        password: 'pw',
      });
      writeFileSync(path.join(work, 'admin.crt'), admin.certificatePem);
      const signer = createSigner({
        key: loadPrivateKey(admin.keyPem, 'pw'),
        certificateChain: [admin.certificate],
      });
      const base = await createDemoBaseDir(path.join(work, 'base'));
      const config = {
        prefix: 'bench',
        repoUrl: 'https://srv/wapt',
        serverUrl: 'https://srv',
        certificates: [path.join(work, 'admin.crt')],
        waptwua: { enabled: true },
      };
      const bareDir = path.join(work, 'bare');
      mkdirSync(bareDir);
      const prepared = await prepareBuildFolder({ config, waptBaseDir: base, buildDir: bareDir });
      const bare = () => runIscc({ isccPath: iscc, scriptPath: prepared.issPath, wine: { prefix } });
      let n = 0;
      const full = () =>
        buildAgent({
          config,
          waptBaseDir: base,
          outDir: path.join(work, `out${n++}`),
          isccPath: iscc,
          signer,
          wine: { prefix },
        });
      // Interleaved medians: both see the same wine/disk state (the first run creates the prefix).
      await bare();
      const bareMs = await medianMs(bare, 5, 1);
      const fullMs = await medianMs(full, 5, 1);
      return [
        {
          subject: { label: 'full build', ms: fullMs },
          reference: { label: 'bare ISCC', ms: bareMs },
          goal: 1.1,
        },
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default bench;
