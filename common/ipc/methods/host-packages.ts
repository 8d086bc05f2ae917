import '../zod-setup';
import { z } from 'zod';
import { isValidRequest } from '../../domain/package-requests';

/**
 * Host packages (section `host`), group packages (section `group`) and the private repository
 * (docs/host-packages.md, docs/repository.md). Every edit is signed in main with the
 * administrator's key; the renderer only names hosts, packages and files.
 */
const PackageRequest = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine(isValidRequest, 'a package name, or name(>=version)');
const ListEdit = z
  .object({
    add: z.array(PackageRequest).max(200).default([]),
    remove: z.array(PackageRequest).max(200).default([]),
  })
  .strict();

export const HostPackageState = z.enum(['QUEUED', 'RUNNING', 'OK', 'UNCHANGED', 'ERROR', 'CANCELLED']);
export type HostPackageState = z.infer<typeof HostPackageState>;

export const HostPackageRow = z.object({
  uuid: z.string(),
  host: z.string(),
  state: HostPackageState,
  /** The version now on the server (after OK / UNCHANGED). */
  version: z.string().nullable(),
  /** The host had no host package: one was made from WAPT's template. */
  created: z.boolean(),
  /** Main's English sentence (the CLI prints it); the window says `note` or `error` (docs/i18n.md). */
  message: z.string(),
  note: z
    .object({ step: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })
    .optional(),
  error: z
    .object({
      code: z.string(),
      reason: z.string().nullable(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
});
export type HostPackageRow = z.infer<typeof HostPackageRow>;

export const HostPackagesRun = z.object({
  jobId: z.string(),
  rows: z.array(HostPackageRow),
  finished: z.boolean(),
});
export type HostPackagesRun = z.infer<typeof HostPackagesRun>;

export const HostPackageInfo = z.object({
  uuid: z.string(),
  exists: z.boolean(),
  version: z.string().nullable(),
  depends: z.array(z.string()),
  conflicts: z.array(z.string()),
  signer: z.string().nullable(),
  signatureDate: z.string().nullable(),
});
export type HostPackageInfo = z.infer<typeof HostPackageInfo>;

export const GroupRow = z.object({
  package: z.string(),
  version: z.string(),
  description: z.string(),
  depends: z.array(z.string()),
  conflicts: z.array(z.string()),
  signer: z.string().nullable(),
  signatureDate: z.string().nullable(),
  filename: z.string().nullable(),
});
export type GroupRow = z.infer<typeof GroupRow>;

/** One repository entry: every control attribute of the `Packages` index, plus filename/size/md5sum. */
export const RepositoryRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type RepositoryRow = z.infer<typeof RepositoryRow>;

const CertSummary = z.object({
  cn: z.string(),
  fingerprintSha256: z.string(),
  issuer: z.string(),
  notAfter: z.string(),
});

/** The signature check of one package, as an agent would do it (docs/wapt-package-format.md §10.4). */
export const SignatureCheck = z.object({
  /** Integrity and both signatures verify with the embedded certificate. */
  valid: z.boolean(),
  /** The signer chains to a certificate of the console's trusted store. */
  trusted: z.boolean(),
  signer: CertSummary.nullable(),
  trustedBy: CertSummary.nullable(),
  /** Why it is invalid or untrusted: `CODE/REASON` and a sentence. */
  problem: z
    .object({
      code: z.string(),
      reason: z.string().nullable(),
      message: z.string(),
      /** The reason's parameters (file, member, attribute…), to say it in the user's language. */
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .nullable(),
  /** How many certificates the trusted store held for the check. */
  trustedCount: z.number().int(),
  /** Signer → issuer(s) → the trusted certificate when trusted; else the package's embedded chain. */
  chain: z.array(CertSummary).optional(),
});
export type SignatureCheck = z.infer<typeof SignatureCheck>;

export const RepositoryDetails = z.object({
  row: RepositoryRow,
  check: SignatureCheck,
  files: z.array(z.object({ path: z.string(), size: z.number() })),
});
export type RepositoryDetails = z.infer<typeof RepositoryDetails>;

const FileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.~=-]*\.wapt$/, 'a repository file name (….wapt)');
const LocalPath = z.string().trim().min(1).max(4096);

export const hostPackagesMethods = {
  /** What one host's package holds today. */
  'hostPackages.get': {
    input: z.object({ uuid: z.string().min(1).max(255) }).strict(),
    output: HostPackageInfo,
  },
  /** Adds/removes dependencies and conflicts on many hosts: a job, one signed package per host. */
  'hostPackages.edit': {
    input: z
      .object({
        hosts: z.array(z.string().min(1).max(255)).min(1).max(50_000),
        depends: ListEdit.default({ add: [], remove: [] }),
        conflicts: ListEdit.default({ add: [], remove: [] }),
        concurrency: z.number().int().min(1).max(32).default(8),
      })
      .strict()
      .refine(
        (v) =>
          v.depends.add.length +
            v.depends.remove.length +
            v.conflicts.add.length +
            v.conflicts.remove.length >
          0,
        { message: 'nothing to change', path: ['depends'] },
      ),
    output: z.object({ jobId: z.string() }),
  },
  'hostPackages.retryFailed': {
    input: z.object({ jobId: z.string() }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  'hostPackages.status': { input: z.object({ jobId: z.string() }).strict(), output: HostPackagesRun },
  'groups.list': { input: z.object({}).strict(), output: z.array(GroupRow) },
  'groups.save': {
    input: z
      .object({
        name: z.string().trim().min(1).max(200),
        mode: z.enum(['create', 'edit']),
        description: z.string().max(2000).optional(),
        depends: ListEdit.default({ add: [], remove: [] }),
        conflicts: ListEdit.default({ add: [], remove: [] }),
      })
      .strict(),
    output: z.object({ row: GroupRow, changed: z.boolean() }),
  },
  'repository.list': {
    input: z
      .object({ search: z.string().max(500).default(''), lastVersionOnly: z.boolean().default(true) })
      .strict(),
    output: z.object({ rows: z.array(RepositoryRow), asOf: z.string() }),
  },
  'repository.details': { input: z.object({ filename: FileName }).strict(), output: RepositoryDetails },
  /** Verifies a local `.wapt`, then uploads it (host packages to upload_hosts, others to upload_packages). */
  'repository.upload': {
    input: z.object({ path: LocalPath }).strict(),
    output: z.object({
      package: z.string(),
      version: z.string(),
      filename: z.string(),
      check: SignatureCheck,
    }),
  },
  'repository.delete': {
    input: z.object({ filenames: z.array(FileName).min(1).max(1000) }).strict(),
    output: z.object({ deleted: z.array(z.string()), message: z.string() }),
  },
  /** Saves a repository file into a local folder (md5-checked against the index). */
  'repository.download': {
    input: z.object({ filename: FileName, directory: LocalPath }).strict(),
    output: z.object({ path: z.string(), size: z.number() }),
  },
} as const;

export const hostPackagesEvents = {
  /** Changed rows of a running host-package job (batched). */
  'hostPackages.hostStatus': z.object({ jobId: z.string(), rows: z.array(HostPackageRow) }),
} as const;
