import type { CliCommand } from '../types';
import { packageCommands } from './package';
import { serverCommands } from './server';
import { versionCommand } from './version';

export const allCommands: readonly CliCommand[] = [versionCommand, ...packageCommands, ...serverCommands];
