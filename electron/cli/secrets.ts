import { readFile } from 'node:fs/promises';
import { ConsoleError } from '../../common/errors';
import type { CliIo } from './types';

/**
 * Passwords come only from a file or an interactive prompt, never from argv (argv is visible to
 * every user of the machine through the process list and lands in shell history).
 */
export async function readPassword(
  io: CliIo,
  passwordFile: string | undefined,
  question: string,
): Promise<string> {
  if (passwordFile !== undefined) {
    let text: string;
    try {
      text = await readFile(passwordFile, 'utf8');
    } catch (err) {
      throw new ConsoleError(
        'IO',
        `cannot read password file ${passwordFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
        {
          details: { reason: 'PASSWORD_FILE' },
        },
      );
    }
    // Only the line terminator an editor or `echo` adds is stripped: a password may contain spaces.
    return text.replace(/\r?\n$/, '');
  }
  if (!io.interactive) {
    throw new ConsoleError(
      'VALIDATION',
      'a password is required: pass --password-file F (no terminal to prompt on)',
      {
        details: { reason: 'PASSWORD_REQUIRED' },
      },
    );
  }
  return io.promptSecret(question);
}
