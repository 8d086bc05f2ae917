import '../zod-setup';
import { z } from 'zod';

/**
 * WUA rule packages (`section: wsus`, docs/wapt-package-format.md §12.4; docs/wapt-console-features.md §1.A–§1.B,
 * §3 #3–#4): list, editor load/save (signed locally, uploaded), impact preview and diff before
 * signing, local drafts, and the per-host/per-update decision trace ("explain").
 */

const PackageName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'package name: lower-case letters, digits, "-", "_", "."');
const Version = z.string().trim().min(1).max(100);
const RuleList = z.array(z.string().trim().min(1).max(200)).max(20_000);

export const WuaRulesSchema = z
  .object({
    allowed_updates: RuleList.optional(),
    forbidden_updates: RuleList.optional(),
    allowed_kbs: RuleList.optional(),
    forbidden_kbs: RuleList.optional(),
    allowed_products: RuleList.optional(),
    allowed_classifications: RuleList.optional(),
    allowed_severities: RuleList.optional(),
    default_allow: z.boolean().optional(),
    include_potentially_superseded_updates: z.boolean().optional(),
  })
  .strict();
export type WuaRulesInput = z.infer<typeof WuaRulesSchema>;

/** One row of the rule-packages grid: the control attributes of one package version (strings), plus repository facts. */
export const RulePackageRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type RulePackageRow = z.infer<typeof RulePackageRow>;

export const RulePackagesList = z.object({
  rows: z.array(RulePackageRow),
  /** Guessed `default_package_prefix` (most common prefix of the repository's packages). */
  prefix: z.string(),
  asOf: z.string(),
});
export type RulePackagesList = z.infer<typeof RulePackagesList>;

export const RulePackageDetails = z.object({
  package: z.string(),
  version: z.string(),
  description: z.string(),
  maturity: z.string(),
  signer: z.string().nullable(),
  signerFingerprint: z.string().nullable(),
  signatureDate: z.string().nullable(),
  filename: z.string().nullable(),
  rules: WuaRulesSchema,
  /** Every version of this package the server holds, ascending. */
  serverVersions: z.array(z.string()),
});
export type RulePackageDetails = z.infer<typeof RulePackageDetails>;

export const HostCarryingRow = z.object({
  uuid: z.string(),
  computer_fqdn: z.string().nullable(),
  version: z.string().nullable(),
  install_status: z.string().nullable(),
  reachable: z.string().nullable(),
});
export type HostCarryingRow = z.infer<typeof HostCarryingRow>;

/** The editor's content: what gets signed. `baseVersion` = the server version it started from (null = new package). */
export const RulesDraftInput = z
  .object({
    package: PackageName,
    baseVersion: Version.nullable(),
    description: z.string().max(4000).default(''),
    maturity: z.enum(['DEV', 'PREPROD', 'PROD', '']).default('PROD'),
    rules: WuaRulesSchema,
  })
  .strict();
export type RulesDraftInput = z.input<typeof RulesDraftInput>;

const ListDiff = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
const BoolChange = z.object({ from: z.boolean().nullable(), to: z.boolean().nullable() }).nullable();
const TextChange = z.object({ from: z.string(), to: z.string() }).nullable();
export const RulesDiffSchema = z.object({
  lists: z.record(z.string(), ListDiff),
  default_allow: BoolChange,
  include_potentially_superseded_updates: BoolChange,
  description: TextChange,
  maturity: TextChange,
  signer: z
    .object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      fromFingerprint: z.string().nullable(),
      toFingerprint: z.string().nullable(),
    })
    .nullable(),
  empty: z.boolean(),
});

const StatusName = z.string();
export const ImpactPreview = z.object({
  /** Hosts carrying this package (any version), as the server reports them. */
  hostsCarrying: z.number().int(),
  /** Hosts evaluated (capped for very large rings; `sampled` then true). */
  hostsEvaluated: z.number().int(),
  sampled: z.boolean(),
  hostsChanged: z.number().int(),
  updatesChanged: z.number().int(),
  transitions: z.array(z.object({ from: StatusName, to: StatusName, count: z.number().int() })),
  examples: z.array(
    z.object({
      uuid: z.string(),
      host: z.string(),
      updateId: z.string(),
      title: z.string(),
      from: StatusName,
      to: StatusName,
    }),
  ),
  /** Hosts whose data could not be read (offline server answers, no WUA data). */
  hostsSkipped: z.number().int(),
});
export type ImpactPreview = z.infer<typeof ImpactPreview>;

export const SavePreview = z.object({
  nextVersion: z.string(),
  /** The newest version on the server now (null: the package is new). */
  serverVersion: z.string().nullable(),
  /** Another console saved after `baseVersion` (or the package already exists for a new draft). */
  conflict: z.boolean(),
  diff: RulesDiffSchema,
  /** Diff base: the server's newest version (what the agents get today). */
  diffAgainst: z.string().nullable(),
  impact: ImpactPreview,
  signer: z.object({ cn: z.string(), fingerprint: z.string() }).nullable(),
  /** Validation issues as code + params, translated in the window; `message` is the English fallback. */
  issues: z.array(
    z.object({
      field: z.string(),
      message: z.string(),
      code: z.string().optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
});
export type SavePreview = z.infer<typeof SavePreview>;

export const RulesDraftStored = z.object({
  id: z.string(),
  savedAt: z.string(),
  draft: z.object({
    package: z.string(),
    baseVersion: z.string().nullable(),
    description: z.string(),
    maturity: z.string(),
    rules: WuaRulesSchema,
  }),
});
export type RulesDraftStored = z.infer<typeof RulesDraftStored>;

const TraceStep = z.object({
  kind: z.string(),
  allows: z.boolean(),
  ruleCount: z.number().int(),
  matched: z.boolean(),
  decisive: z.boolean(),
  value: z.string().optional(),
  origin: z.enum(['package', 'agent']).optional(),
  package: z.string().optional(),
  version: z.string().optional(),
});

export const ExplainTrace = z.object({
  host: z.object({ uuid: z.string(), fqdn: z.string().nullable() }),
  update: z.object({
    update_id: z.string(),
    title: z.string(),
    kbids: z.array(z.string()),
    product: z.string().nullable(),
    classification: z.string().nullable(),
    severity: z.string().nullable(),
    changetime: z.string().nullable(),
    downloaded_on: z.string().nullable(),
  }),
  /** The rule packages the host carries, in merge order, and whether their rules could be read. */
  packages: z.array(z.object({ package: z.string(), version: z.string(), rulesFound: z.boolean() })),
  agent: z.object({
    default_allow: z.boolean().nullable(),
    allowed_severities: z.array(z.string()).nullable(),
    install_delay: z.string().nullable(),
    known: z.boolean(),
  }),
  steps: z.array(TraceStep),
  decision: z.object({
    status: z.string(),
    allowed: z.boolean(),
    delayed: z.boolean(),
    delayedUntil: z.string().nullable(),
    decidedBy: z.object({
      kind: z.string(),
      origin: z.enum(['package', 'agent']),
      package: z.string().nullable(),
      version: z.string().nullable(),
      value: z.string().nullable(),
    }),
  }),
  /** What the host itself reported at its last scan. */
  reported: z.object({
    status: z.string().nullable(),
    allowed: z.boolean().nullable(),
    delayed: z.boolean().nullable(),
    installed: z.boolean().nullable(),
    downloaded: z.boolean().nullable(),
    hidden: z.boolean().nullable(),
  }),
  /** The computed decision differs from the reported one (e.g. a rules version the host has not scanned yet). */
  differsFromReported: z.boolean(),
  supersededBy: z.array(
    z.object({
      update_id: z.string(),
      title: z.string(),
      kbids: z.array(z.string()),
      status: z.string().nullable(),
    }),
  ),
  asOf: z.string(),
});
export type ExplainTrace = z.infer<typeof ExplainTrace>;

const DraftId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,199}$/);

export const wuaRulesMethods = {
  'wuaRules.list': {
    input: z
      .object({ lastVersionOnly: z.boolean().default(true), search: z.string().trim().max(200).default('') })
      .strict(),
    output: RulePackagesList,
  },
  'wuaRules.get': {
    input: z.object({ package: PackageName, version: Version.nullable().default(null) }).strict(),
    output: RulePackageDetails,
  },
  'wuaRules.hosts': { input: z.object({ package: PackageName }).strict(), output: z.array(HostCarryingRow) },
  /** Diff against the server's newest version, impact on the hosts carrying the package, conflict check. Read-only. */
  'wuaRules.preview': { input: RulesDraftInput, output: SavePreview },
  /**
   * Builds, signs (admin key: KEY_LOCKED when locked) and uploads the next version. CONFLICT when the
   * server moved past `baseVersion`, unless `onConflict: 'newVersion'` (then saved above the server's).
   */
  'wuaRules.save': {
    input: RulesDraftInput.extend({ onConflict: z.enum(['fail', 'newVersion']).default('fail') }).strict(),
    output: z.object({ package: z.string(), version: z.string(), filename: z.string().nullable() }),
  },
  'wuaRules.explain': {
    input: z.object({ hostUuid: z.string().min(1).max(255), updateId: z.string().min(1).max(200) }).strict(),
    output: ExplainTrace,
  },
  'wuaRules.listDrafts': { input: z.object({}).strict(), output: z.array(RulesDraftStored) },
  'wuaRules.saveDraft': {
    input: z.object({ id: DraftId, draft: RulesDraftStored.shape.draft }).strict(),
    output: RulesDraftStored,
  },
  'wuaRules.deleteDraft': { input: z.object({ id: DraftId }).strict(), output: z.null() },
} as const;
