import { ConsoleError } from '../../common/errors';
import { allCommands } from './commands/index';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './types';

const PROGRAM = 'wapt-console';

function findCommand(
  commands: readonly CliCommand[],
  argv: string[],
): { command: CliCommand; rest: string[] } | undefined {
  let best: CliCommand | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (best === undefined || c.path.length > best.path.length))
      best = c;
  }
  return best === undefined ? undefined : { command: best, rest: argv.slice(best.path.length) };
}

export function helpText(commands: readonly CliCommand[] = allCommands): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    `usage: ${PROGRAM} <command> [options]   (from a checkout: npm run cli -- <command> [options])`,
    '',
    'commands:',
    ...lines,
    '',
    `Run '${PROGRAM} <command> --help' for a command's options. Exit codes: 0 success, 1 failure, 2 bad usage.`,
  ].join('\n');
}

/**
 * Runs one command line. Never throws: every failure becomes a message on stderr naming what is
 * wrong, plus an exit code. Stack traces are shown only with WAPT_CONSOLE_DEBUG=1, and never
 * include secrets because core errors are built from safe messages.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  commands: readonly CliCommand[] = allCommands,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    if (argv.length === 0) {
      io.err(helpText(commands));
      return EXIT_USAGE;
    }
    io.out(helpText(commands));
    return EXIT_OK;
  }
  if (argv[0] === '--version') argv = ['version'];
  const found = findCommand(commands, argv);
  if (found === undefined) {
    const near = commands.filter((c) => c.path[0] === argv[0]).map((c) => c.path.join(' '));
    io.err(
      `error: unknown command '${argv
        .filter((a) => !a.startsWith('-'))
        .slice(0, 2)
        .join(' ')}'`,
    );
    io.err(
      near.length > 0
        ? `did you mean: ${near.join(', ')}`
        : `run '${PROGRAM} --help' for the list of commands`,
    );
    return EXIT_USAGE;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof ConsoleError) {
      io.err(`error [${err.code}${err.reason ? `/${err.reason}` : ''}]: ${err.message}`);
      if (err.reason === 'USAGE') {
        io.err(`usage: ${command.usage.split('\n')[0]}`);
        return EXIT_USAGE;
      }
      return err.code === 'VALIDATION' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.err(`error [INTERNAL]: ${(err as Error)?.message ?? String(err)}`);
    if (io.env.WAPT_CONSOLE_DEBUG === '1') io.err(String((err as Error)?.stack));
    return EXIT_FAILED;
  }
}
