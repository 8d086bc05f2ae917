import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../common/errors';
import type { CliIo } from './types';

/** A path given on the command line, relative to the directory the command was run from. */
export const resolveArg = (io: CliIo, p: string): string => path.resolve(io.cwd, p);

/** Reads an input file named on the command line; a failure names the file and what it was for. */
export async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new ConsoleError(
      'IO',
      `cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      {
        details: { reason: 'READ_FAILED' },
      },
    );
  }
}
