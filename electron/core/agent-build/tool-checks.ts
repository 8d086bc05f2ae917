/**
 * What main checks before it runs a program or packs a folder for the agent build, whoever chose
 * it (docs/agent-build.md "Which programs main runs"): the compiler must be Inno Setup's
 * command-line compiler according to its PE version resource, and the WAPT base directory must be
 * laid out like a WAPT installation (inspectBaseDir).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { readPeVersionInfo, type PeVersionInfo } from './pe-version-info';

/**
 * Inno Setup's compiler names itself so in its version resource: checked on ISCC 6.4.1's ISCC.exe
 * (ProductName "Inno Setup", FileDescription "Inno Setup Command-Line Compiler", CompanyName
 * "Jordan Russell"). That the Inno Setup 5 ISCC.exe of a WAPT 1.8.2 installation
 * (`waptsetup\innosetup`) says the same is inferred, not checked.
 */
export function isInnoSetupCompiler(info: PeVersionInfo | undefined): boolean {
  if (info === undefined) return false;
  const product = info.strings.ProductName ?? '';
  const description = info.strings.FileDescription ?? '';
  const company = info.strings.CompanyName ?? '';
  return (
    /^Inno Setup\b/i.test(product) &&
    /command-line compiler/i.test(description) &&
    (/Jordan Russell/i.test(company) || /Inno Setup/i.test(description))
  );
}

/**
 * Refuses anything but Inno Setup's ISCC.exe. `allowNodeScript` lets an operator-supplied `.mjs`/
 * `.js` stand-in through (the CLI's `--iscc` and `WAPT_CONSOLE_ISCC`, used by tests); a path that
 * came from the settings never gets that exception.
 */
export async function assertInnoSetupCompiler(
  isccPath: string,
  opts: { allowNodeScript?: boolean } = {},
): Promise<string> {
  const abs = path.resolve(isccPath);
  if (!(await stat(abs).catch(() => undefined))?.isFile())
    throw new ConsoleError(
      'COMPILER_MISSING',
      `the Inno Setup compiler was not found at ${abs}: install the innosetup npm package or choose ISCC.exe`,
      { details: { reason: 'ISCC_NOT_FOUND', path: abs } },
    );
  if (opts.allowNodeScript && /\.(mjs|cjs|js)$/i.test(abs)) return abs;
  const info = await readPeVersionInfo(abs).catch(() => undefined);
  if (!isInnoSetupCompiler(info))
    throw new ConsoleError(
      'VALIDATION',
      `${abs} is not Inno Setup's command-line compiler (ISCC.exe): its version information says ${
        info === undefined
          ? 'nothing (not a Windows program with a version resource)'
          : `"${info.strings.ProductName ?? '?'}" / "${info.strings.FileDescription ?? '?'}"`
      }`,
      { details: { reason: 'NOT_INNO_SETUP_COMPILER', path: abs } },
    );
  return abs;
}
