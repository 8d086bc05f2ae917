import type { CliCommand } from '../types';

/** `server …` commands (issue: reference server). */
export const serverCommands: CliCommand[] = [];
