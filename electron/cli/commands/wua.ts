import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseRulesSpec } from '../../../common/domain/wua-rules-edit';
import { ConsoleError } from '../../../common/errors';
import { buildRulesPackage } from '../../core/wua/rules-package';
import { parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../types';
import { loadSigner, signerOptions } from './package';

/** `wua …` commands (issue 7: WUA rule packages). Documented in docs/wua-rules.md. */

const rulesBuild: CliCommand = {
  path: ['wua', 'rules', 'build'],
  summary: 'build and sign a Windows-update rules package (section wsus) from a RULES.json file',
  usage: [
    'wapt-console wua rules build RULES.json --key K.pem --cert C.crt [--password-file F] --out DIR',
    '',
    'RULES.json: {"package": "tis-waptwua-pilot", "version": "3", "description": "…", "maturity": "PROD",',
    '             "allowed_updates": [...], "forbidden_updates": [...], "allowed_kbs": [...], "forbidden_kbs": [...],',
    '             "allowed_products": [...], "allowed_classifications": [...], "allowed_severities": [...],',
    '             "default_allow": true, "include_potentially_superseded_updates": false}',
    'Unknown keys are refused. The rules are written at WAPT/waptwua_rules.json and',
    'WAPT/persistent/waptwua_rules.json. Writes DIR/<canonical name>.wapt and prints its path last.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { ...signerOptions, out: { type: 'string' } },
      { min: 1, max: 1, names: 'RULES.json' },
    );
    if (values.out === undefined)
      throw new ConsoleError('VALIDATION', '--out is required', { details: { reason: 'USAGE' } });
    const file = path.resolve(io.cwd, positionals[0]!);
    let textContent: string;
    try {
      textContent = await readFile(file, 'utf8');
    } catch (err) {
      throw new ConsoleError('IO', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
        details: { reason: 'READ_FAILED' },
      });
    }
    let spec;
    try {
      spec = parseRulesSpec(textContent);
    } catch (err) {
      throw new ConsoleError('VALIDATION', (err as Error).message, { details: { reason: 'RULES_INVALID' } });
    }
    const signer = await loadSigner(io, values);
    const built = await buildRulesPackage({
      spec,
      signer,
      outDir: path.resolve(io.cwd, values.out),
      signal: io.interrupted,
    });
    io.err(
      `built ${built.control.package} ${built.control.version} (section wsus): ${built.size} bytes, sha256 ${built.sha256}`,
    );
    io.out(built.path);
    return EXIT_OK;
  },
};

export const wuaCommands: readonly CliCommand[] = [rulesBuild];
