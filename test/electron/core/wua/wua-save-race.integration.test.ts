/**
 * Issue 12 point 3, "no lost edit": two console processes save the same rule package version at
 * the same moment against one reference server, five times in a row. Exactly one wins each
 * version, the other reports CONFLICT, and the repository then serves the winner's file only.
 *
 * Run on both server profiles: `reference` refuses the second package with HTTP 409, while
 * `wapt-1.8.2` takes it silently as the genuine server does, so there the console's own
 * post-upload check (electron/core/wua/version-claim.ts) has to find the conflict.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { readPackagesIndex } from '../../../../wapt/packages/index';
import { readRulesFromPackage } from '../../../../electron/core/wua/rules-package';
import { startReferenceServer, type ReferenceServer } from '../../../../server/index';
import { TEST_ADMIN_PASSWORD } from '../../../support/reference-server';

const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');
const RACER = path.resolve('test/support/wua-save-racer.ts');
const TRIALS = 5;
const PACKAGE = 'demo-waptwua-race';

interface Outcome {
  ok: boolean;
  version?: string;
  filename?: string | null;
  code?: string;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  message?: string;
}

interface Racer {
  child: ChildProcess;
  ready: Promise<void>;
  outcome: Promise<Outcome>;
}

function startRacer(args: Record<string, unknown>): Racer {
  const child = spawn(process.execPath, [TSX, RACER, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const outcome = new Promise<Outcome>((resolve, reject) => {
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as Outcome & { ready?: boolean };
      if (msg.ready) onReady();
      else resolve(msg);
    });
    child.on('exit', (code) => reject(new Error(`racer exited (${code}) without an outcome: ${stderr}`)));
  });
  return { child, ready, outcome };
}

describe.each(['reference', 'wapt-1.8.2'] as const)(
  'two consoles saving the same version (%s profile)',
  (profile) => {
    let server: ReferenceServer;
    let dataDir: string;
    let client: WaptClient;

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-race-'));
      server = await startReferenceServer({
        dataDir,
        adminPassword: TEST_ADMIN_PASSWORD,
        demo: true,
        hosts: 5,
        port: 0,
        profile,
        logger: () => undefined,
      });
      client = new WaptClient({
        baseUrl: server.url,
        user: 'admin',
        password: TEST_ADMIN_PASSWORD,
        verifyTls: true,
      });
      await client.login();
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`${TRIALS} trials: exactly one winner per version, the other reports the conflict, nothing lost silently`, async () => {
      let base: string | null = null as string | null;
      const reasons: string[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const common: Record<string, unknown> = {
          url: server.url,
          password: TEST_ADMIN_PASSWORD,
          keyPath: server.demoSigner!.keyPath,
          certPath: server.demoSigner!.certificatePath,
          package: PACKAGE,
          baseVersion: base,
        };
        const racers: Racer[] = [
          startRacer({ ...common, forbid: `KB50${trial}0001` }),
          startRacer({ ...common, forbid: `KB50${trial}0002` }),
        ];
        await Promise.all(racers.map((r) => r.ready));
        for (const r of racers) r.child.stdin!.write('go\n');
        const outcomes: Outcome[] = await Promise.all(racers.map((r) => r.outcome));

        const winners = outcomes.filter((o) => o.ok);
        const losers = outcomes.filter((o) => !o.ok);
        expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
        const winner = winners[0]!;
        const loser = losers[0]!;
        expect(loser.code, loser.message).toBe('CONFLICT');
        // VERSION_TAKEN: both passed the pre-check and raced the upload; VERSION_ON_SERVER (or
        // NAME_ON_SERVER for a new package, no base version): the loser's pre-check already saw
        // the winner's version. Both are the conflict, reported.
        expect(['VERSION_TAKEN', base === null ? 'NAME_ON_SERVER' : 'VERSION_ON_SERVER']).toContain(
          loser.reason,
        );
        expect(loser.details?.serverVersion).toBe(winner.version);
        reasons.push(String(loser.reason));
        // A true race is caught by the reference server's 409, or on the genuine profile (which
        // takes both uploads) by the console's own check of the repository index.
        if (loser.reason === 'VERSION_TAKEN')
          expect(loser.details?.via).toBe(profile === 'reference' ? 'HTTP_409' : 'INDEX');

        // The repository serves exactly one package for that version: the winner's, with its rules.
        const index = (await readPackagesIndex(await client.getBytes('/wapt/Packages'))).packages;
        const entries = index.filter((c) => c.package === PACKAGE && c.version === winner.version);
        expect(entries.map((e) => e.filename)).toEqual([winner.filename]);
        const served = await client.getBytes(`/wapt/${encodeURIComponent(String(winner.filename))}`);
        const winnerIndex = outcomes.indexOf(winner);
        expect((await readRulesFromPackage(served)).rules.forbidden_kbs).toEqual([
          `KB50${trial}000${winnerIndex + 1}`,
        ]);
        base = winner.version!;
      }
      // At least one trial was a true race (both uploads reached the server), so the post-upload
      // conflict detection itself was exercised, not only the pre-check.
      expect(reasons).toContain('VERSION_TAKEN');
    }, 240_000);
  },
);
