/** The CLI is a product interface for packagers' automation: command lines written in the issues are a contract. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** True when a person is at the terminal (password prompts are allowed only then). */
  readonly interactive: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a line without echo; rejects when not interactive. */
  promptSecret(question: string): Promise<string>;
  /** Resolves when the user interrupts (SIGINT/SIGTERM); long-running commands await it. */
  readonly interrupted: AbortSignal;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['package', 'build']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Full usage text shown by `<command> --help`. */
  readonly usage: string;
  /** Returns the process exit code: 0 success, 1 the operation failed or the answer is "no", 2 bad usage. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
