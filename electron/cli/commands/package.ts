import type { CliCommand } from '../types';

/** `keys …` and `package …` commands (issue: package and crypto core). */
export const packageCommands: CliCommand[] = [];
