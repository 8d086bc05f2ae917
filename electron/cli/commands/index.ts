import type { CliCommand } from '../types';
import { agentCommands } from './agent';
import { fleetPackageCommands } from './fleet-packages';
import { hostAdminCommands } from './host-admin';
import { packageCommands } from './package';
import { serverCommands } from './server';
import { versionCommand } from './version';
import { wuaCommands } from './wua';

export const allCommands: readonly CliCommand[] = [
  versionCommand,
  ...packageCommands,
  ...serverCommands,
  ...agentCommands,
  ...wuaCommands,
  ...fleetPackageCommands,
  ...hostAdminCommands,
];
