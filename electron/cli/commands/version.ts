import { appVersion } from '../../core/app-version';
import { parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../types';

export const versionCommand: CliCommand = {
  path: ['version'],
  summary: 'print the console version',
  usage: 'wapt-console version',
  async run(argv, io) {
    parseCommandArgs(argv, {}, { min: 0, max: 0, names: 'no arguments' });
    io.out(appVersion());
    return EXIT_OK;
  },
};
