/**
 * One "console" of the rule-package race test (test/electron/core/wua/wua-save-race.integration.test.ts):
 * a separate Node process running the console core (WaptClient + WuaRulesService + a signer)
 * against a reference server. It logs in, prints `ready`, waits for `go` on stdin so that the
 * racers start together, saves, then prints one JSON line with the outcome.
 *
 * argv[2]: JSON { url, password, keyPath, certPath, package, baseVersion, forbid }.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConsoleError } from '../../common/errors';
import { WaptClient } from '../../electron/core/api/wapt-client';
import { createSigner, loadCertificates, loadPrivateKey } from '../../wapt/signing/index';
import { WuaRulesService } from '../../electron/core/wua/rules-service';

interface RacerArgs {
  url: string;
  password: string;
  keyPath: string;
  certPath: string;
  package: string;
  baseVersion: string | null;
  forbid: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as RacerArgs;
const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

const client = new WaptClient({ baseUrl: args.url, user: 'admin', password: args.password, verifyTls: true });
await client.login();
const signer = createSigner({
  key: loadPrivateKey(readFileSync(args.keyPath)),
  certificateChain: loadCertificates(readFileSync(args.certPath)),
});
const service = new WuaRulesService(
  () => client,
  () => signer,
  async () => null,
);
say({ ready: true });
const go = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => go.once('line', () => resolve()));
go.close();
try {
  const saved = await service.save({
    package: args.package,
    baseVersion: args.baseVersion,
    description: `edit by ${args.forbid}`,
    maturity: 'PROD',
    rules: { forbidden_kbs: [args.forbid] },
    onConflict: 'fail',
  });
  say({ ok: true, ...saved });
} catch (err) {
  const e = err instanceof ConsoleError ? err : new ConsoleError('INTERNAL', String(err));
  say({ ok: false, code: e.code, reason: e.reason ?? null, details: e.details ?? null, message: e.message });
}
