/**
 * `section: wsus` rule packages (docs/wapt-package-format.md §12.4): built from a {@link RulesPackageSpec}
 * with the package core, and read back. The rules JSON is written at BOTH locations the spec
 * names (`WAPT/waptwua_rules.json`, the 1.8.2 docstring, and `WAPT/persistent/waptwua_rules.json`,
 * where the later client reads it): an open point of the spec, so both are identical.
 */
import { createControl, type Control } from '../../../common/domain/control';
import { assertValidControl } from '../../../common/domain/control-validate';
import { ConsoleError } from '../../../common/errors';
import { serializeRulesJson, type RulesPackageSpec } from '../../../common/domain/wua-rules-edit';
import { normalizeWuaRules, type WuaRules } from '../../../common/domain/wua-rules';
import {
  buildPackageFromFiles,
  openPackageZip,
  type PackageSigner,
  type WrittenPackage,
} from '../../../wapt/packages/index';

export const RULES_MEMBERS = ['WAPT/waptwua_rules.json', 'WAPT/persistent/waptwua_rules.json'] as const;

/** The control of a rules package: metadata only, `section: wsus`, architecture all. */
export function rulesControl(spec: RulesPackageSpec, maintainer = ''): Control {
  return createControl({
    package: spec.package,
    version: spec.version,
    architecture: 'all',
    section: 'wsus',
    priority: 'optional',
    name: spec.package,
    description: spec.description,
    maturity: spec.maturity,
    maintainer,
  });
}

export async function buildRulesPackage(opts: {
  spec: RulesPackageSpec;
  signer: PackageSigner;
  outDir: string;
  outPath?: string;
  now?: Date;
  signal?: AbortSignal;
}): Promise<WrittenPackage> {
  const control = rulesControl(opts.spec, opts.signer.certificateChain[0]?.cn ?? '');
  assertValidControl(control);
  const json = serializeRulesJson(opts.spec.rules);
  return buildPackageFromFiles({
    signer: opts.signer,
    control,
    files: RULES_MEMBERS.map((path) => ({ path, content: json })),
    outDir: opts.outDir,
    ...(opts.outPath !== undefined ? { outPath: opts.outPath } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/**
 * Reads the rules of a package file (path or bytes): the persistent copy first (what the later
 * client reads), else the 1.8.2 location. Integrity is the caller's business (verifyPackage).
 */
export async function readRulesFromPackage(
  source: string | Uint8Array,
): Promise<{ rules: WuaRules; member: string | null }> {
  const zip = await openPackageZip(source);
  try {
    for (const name of [RULES_MEMBERS[1], RULES_MEMBERS[0]]) {
      const m = zip.get(name);
      if (m === undefined) continue;
      let raw: unknown;
      try {
        raw = JSON.parse((await zip.readBuffer(m, 16 * 1024 * 1024)).toString('utf8'));
      } catch {
        throw new ConsoleError('PACKAGE_INVALID', `${name} is not valid JSON`, {
          details: { reason: 'RULES_JSON_INVALID' },
        });
      }
      return { rules: normalizeWuaRules(raw), member: name };
    }
    return { rules: {}, member: null };
  } finally {
    zip.close();
  }
}
