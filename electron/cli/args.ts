import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConsoleError } from '../../common/errors';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * Strict option parsing for CLI commands: unknown options and missing values are usage errors
 * that name the offending option, never silently ignored.
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new ConsoleError('VALIDATION', (err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), {
      details: { reason: 'USAGE' },
    });
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new ConsoleError(
      'VALIDATION',
      `expected ${positionals.names}, got ${n === 0 ? 'nothing' : parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}`,
      {
        details: { reason: 'USAGE' },
      },
    );
  }
  return parsed;
}
