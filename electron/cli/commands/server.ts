import { randomBytes } from 'node:crypto';
import { ConsoleError } from '../../../common/errors';
import { SERVER_PROFILE_NAMES, type ServerProfileName } from '../../../server/http/context';
import { startReferenceServer } from '../../../server/index';
import { parseCommandArgs } from '../args';
import { readPassword } from '../secrets';
import { EXIT_OK, type CliCommand } from '../types';

const USAGE = `wapt-console server start [--demo] [--hosts N] [--host 127.0.0.1] [--port P] [--data DIR] [--admin-password-file F] [--seed S] [--speed X] [--profile reference|wapt-1.8.2] [--edition community|enterprise]

Starts the reference WAPT server (WAPT 1.8.2 API + Windows-update routes) and runs until
interrupted (Ctrl+C / SIGTERM), then stops cleanly.

  --demo                   on an empty data directory, create the demo fleet, packages and signer
  --hosts N                demo fleet size (default 200, at most 100000)
  --host ADDR              listen address (default 127.0.0.1)
  --port P                 listen port (default 8080; 0 = any free port)
  --data DIR               data directory (default ./wapt-server-data)
  --admin-password-file F  file holding the admin password; without it: a prompt, or with --demo
                           and no terminal, a random password printed once
  --seed S                 demo fleet seed (default 1)
  --speed X                simulated seconds per real second for agent tasks (default 10)
  --profile P              reference (default): with this server's documented API extensions;
                           wapt-1.8.2: every extension off, behaves like the genuine 1.8.2 server
  --edition E              community or enterprise (Windows-update routes); default enterprise
                           for the reference profile, community for wapt-1.8.2`;

function intOption(value: string | undefined, name: string, dflt: number, min: number, max: number): number {
  if (value === undefined) return dflt;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConsoleError('VALIDATION', `--${name} must be an integer between ${min} and ${max}`, {
      details: { reason: 'USAGE' },
    });
  }
  return Number(value);
}

/** `server start` (issue: reference server). The server is the one of `server/index.ts`, also embedded by the console. */
export const serverStartCommand: CliCommand = {
  path: ['server', 'start'],
  summary: 'run the reference WAPT server (optionally with a simulated demo fleet)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(
      argv,
      {
        demo: { type: 'boolean' },
        hosts: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        'admin-password-file': { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        profile: { type: 'string' },
        edition: { type: 'string' },
      },
      { min: 0, max: 0, names: 'no positional arguments' },
    );
    const hosts = intOption(values.hosts, 'hosts', 200, 0, 100_000);
    const port = intOption(values.port, 'port', 8080, 0, 65_535);
    const seed = intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1);
    const speed = values.speed === undefined ? 10 : Number(values.speed);
    if (!(speed > 0 && speed <= 1_000_000))
      throw new ConsoleError('VALIDATION', '--speed must be a positive number', {
        details: { reason: 'USAGE' },
      });
    const profile = values.profile ?? 'reference';
    if (!(SERVER_PROFILE_NAMES as readonly string[]).includes(profile))
      throw new ConsoleError('VALIDATION', `--profile must be one of ${SERVER_PROFILE_NAMES.join(', ')}`, {
        details: { reason: 'USAGE' },
      });
    const edition = values.edition;
    if (edition !== undefined && edition !== 'community' && edition !== 'enterprise')
      throw new ConsoleError('VALIDATION', '--edition must be community or enterprise', {
        details: { reason: 'USAGE' },
      });
    let password: string;
    if (values['admin-password-file'] === undefined && values.demo && !io.interactive) {
      password = randomBytes(12).toString('base64url');
      io.err(`admin password (generated for this demo run): ${password}`);
    } else {
      password = await readPassword(io, values['admin-password-file'], 'admin password for the server: ');
    }
    if (password === '')
      throw new ConsoleError('VALIDATION', 'the admin password is empty', {
        details: { reason: 'PASSWORD_REQUIRED' },
      });
    const server = await startReferenceServer({
      host: values.host ?? '127.0.0.1',
      port,
      dataDir: values.data ?? `${io.cwd}/wapt-server-data`,
      demo: values.demo === true,
      hosts,
      seed,
      adminPassword: password,
      simulation: { speed },
      profile: profile as ServerProfileName,
      ...(edition !== undefined ? { edition } : {}),
      logger: (line) => io.err(line),
    });
    io.out(
      `WAPT reference server: ${server.url} (user ${server.adminUser}, profile ${server.profile.name}, ${server.profile.edition} edition)`,
    );
    if (server.demoSigner)
      io.out(
        `demo signer: key ${server.demoSigner.keyPath}, certificate ${server.demoSigner.certificatePath}`,
      );
    if (!io.interrupted.aborted)
      await new Promise<void>((resolve) =>
        io.interrupted.addEventListener('abort', () => resolve(), { once: true }),
      );
    io.err('stopping…');
    await server.close();
    return EXIT_OK;
  },
};

/** `server …` commands (issue: reference server). */
export const serverCommands: CliCommand[] = [serverStartCommand];
