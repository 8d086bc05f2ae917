import '../zod-setup';
import { z } from 'zod';
import { AgentConfig } from '../../domain/agent-config';

const JobRef = z.object({ jobId: z.string().regex(/^job-[a-z0-9-]{4,64}$/) });

/** A row of the trusted certificates grid (public facts only). */
export const AgentCertificateRow = z.object({
  path: z.string(),
  fileName: z.string(),
  cn: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  serial: z.string(),
  fingerprintSha256: z.string(),
  codeSigning: z.boolean(),
  isCA: z.boolean(),
  expired: z.boolean(),
  included: z.boolean(),
  dropReason: z.enum(['expired', 'not_ca', 'duplicate']).nullable(),
});
export type AgentCertificateRow = z.infer<typeof AgentCertificateRow>;

export const AgentBaseDirInfo = z.object({
  path: z.string(),
  agentVersion: z.string(),
  enterprise: z.boolean(),
  /** The generated demo base directory (no WAPT installation configured). */
  demo: z.boolean(),
});

export const AgentConfigIssue = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  // Translated by the renderer (common/domain/issue-codes.ts); `message` is the English fallback.
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const AgentBuildOutcome = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'built', 'uploading', 'uploaded', 'failed']),
  outDir: z.string().nullable(),
  exePath: z.string().nullable(),
  sha256: z.string().nullable(),
  packageFile: z.string().nullable(),
  packageVersion: z.string().nullable(),
  manifestPath: z.string().nullable(),
  uploadMessage: z.string().nullable(),
  serverUrl: z.string().nullable(),
});
export type AgentBuildOutcome = z.infer<typeof AgentBuildOutcome>;

const Empty = z.object({}).strict();

/** The agent build wizard (issue: build the WAPT agent). The key password goes in once, to `start`. */
export const agentBuildMethods = {
  /** The saved (or default) configuration, the WAPT base directory and the compiler in use. */
  'agent.loadConfig': {
    input: Empty,
    output: z.object({
      config: AgentConfig,
      baseDir: AgentBaseDirInfo,
      isccPath: z.string().nullable(),
      /** `installation`: the WAPT installation's own waptsetup\waptagent.iss is compiled; `bundled`: the console's template (demo base directory). */
      template: z.enum(['installation', 'bundled']),
      /** CN of the code-signing certificate waptagent.exe will be Authenticode-signed with; null = unsigned. */
      authenticodeSigner: z.string().nullable(),
      /** The OS's file dialogs are available (desktop app) to choose the compiler and the WAPT installation. */
      nativeDialogs: z.boolean(),
      savedAt: z.string().nullable(),
    }),
  },
  /**
   * Opens the OS's file dialog in main to choose ISCC.exe; main keeps it only if it is Inno Setup's
   * compiler. The renderer never sends a path that main would execute.
   */
  'agent.chooseIscc': { input: Empty, output: z.object({ chosen: z.boolean() }) },
  /** Opens the OS's folder dialog in main to choose the WAPT installation; main checks its layout. */
  'agent.chooseBaseDir': { input: Empty, output: z.object({ chosen: z.boolean() }) },
  /** Back to the default compiler / demo base directory. */
  'agent.resetTool': {
    input: z.object({ tool: z.enum(['iscc', 'baseDir']) }).strict(),
    output: z.object({ chosen: z.boolean() }),
  },
  'agent.saveConfig': {
    input: z.object({ config: AgentConfig }).strict(),
    output: z.object({ savedAt: z.string() }),
  },
  /** Adds a certificate from file content (file picker or drag and drop); a file holding a key, or an expired certificate, is refused. */
  'agent.addCertificate': {
    input: z
      .object({ fileName: z.string().min(1).max(255), contentBase64: z.string().max(2_000_000) })
      .strict(),
    output: z.array(AgentCertificateRow),
  },
  'agent.inspectCertificates': {
    input: z
      .object({ paths: z.array(z.string().min(1).max(4096)).max(200), includeNonCA: z.boolean() })
      .strict(),
    output: z.array(AgentCertificateRow),
  },
  /** Fetches the server's HTTPS certificate chain and stores it as the CA bundle (the dialog's "Get Server https Certificate"). */
  'agent.fetchServerCertificate': {
    input: z.object({ url: z.string().url() }).strict(),
    output: z.object({ path: z.string(), certificates: z.array(AgentCertificateRow) }),
  },
  'agent.preview': {
    input: z.object({ config: z.unknown() }).strict(),
    output: z.object({
      iss: z.string().nullable(),
      ini: z.string().nullable(),
      issues: z.array(AgentConfigIssue),
    }),
  },
  'agent.start': {
    input: z.object({ config: AgentConfig, password: z.string().max(4096) }).strict(),
    output: JobRef,
  },
  'agent.outcome': { input: JobRef.strict(), output: AgentBuildOutcome },
  /** After the user confirmed: upload_packages then upload_waptsetup to the connected server. */
  'agent.upload': { input: JobRef.strict(), output: JobRef },
} as const;
