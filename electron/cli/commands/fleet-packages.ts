import { isValidRequest } from '../../../common/domain/package-requests';
import { ConsoleError } from '../../../common/errors';
import { WaptClient } from '../../core/api/wapt-client';
import { listGroups, saveGroup } from '../../core/hostpkg/group-package';
import { editHostPackages, readHostPackage } from '../../core/hostpkg/host-packages-service';
import { RepositoryService } from '../../core/repo/repository-service';
import { loadCertificates, loadTrustedCertificates, type Certificate } from '../../../wapt/signing/index';
import { parseCommandArgs } from '../args';
import { readInput, resolveArg } from '../files';
import { readPassword } from '../secrets';
import { EXIT_FAILED, EXIT_OK, type CliCommand, type CliIo } from '../types';
import { splitPasswordFiles } from './agent';
import { loadSigner, signerOptions } from './package';

/**
 * `host …`, `group …` and `repo …` commands (issue 13): host packages, group packages and the
 * private repository of a WAPT server. Documented in docs/host-packages.md and docs/repository.md.
 * As in `agent build`, a `--password-file` after `--user` is the server's password.
 */

export const usageError = (message: string) =>
  new ConsoleError('VALIDATION', message, { details: { reason: 'USAGE' } });

export const serverOptions = {
  server: { type: 'string' },
  user: { type: 'string' },
  'server-password-file': { type: 'string' },
  'server-ca': { type: 'string' },
} as const;

export const SERVER_USAGE =
  '--server URL --user U (--password-file F after --user | --server-password-file F) [--server-ca FILE]';
export const KEY_USAGE = '--key K.pem --cert C.crt [--password-file F]';

export async function connect(
  io: CliIo,
  values: { server?: string; user?: string; 'server-password-file'?: string; 'server-ca'?: string },
): Promise<WaptClient> {
  if (values.server === undefined) throw usageError('--server URL is required');
  if (values.user === undefined) throw usageError('--server needs --user');
  const password = await readPassword(
    io,
    values['server-password-file'] && resolveArg(io, values['server-password-file']),
    `Password for ${values.user} on ${values.server}: `,
  );
  const caPem =
    values['server-ca'] === undefined
      ? undefined
      : (await readInput(resolveArg(io, values['server-ca']), 'server CA bundle')).toString('utf8');
  const client = new WaptClient({
    baseUrl: values.server,
    user: values.user,
    password,
    verifyTls: true,
    ...(caPem ? { caPem } : {}),
  });
  await client.login();
  return client;
}

const positiveInt = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw usageError(`${name} must be an integer from 1 to 32`);
  return n;
};

function hostEditCommand(kind: 'add' | 'remove'): CliCommand {
  return {
    path: ['host', `${kind}-package`],
    summary:
      kind === 'add'
        ? "add packages to hosts' dependencies (or conflicts): one signed host package per host"
        : "remove packages from hosts' dependencies (or conflicts): one signed host package per host",
    usage: [
      `wapt-console host ${kind}-package HOST_UUID... --package NAME [--package NAME]... [--conflicts]`,
      `                 ${KEY_USAGE}`,
      `                 ${SERVER_USAGE} [--concurrency N]`,
      '',
      kind === 'add'
        ? "Adds NAME (or NAME(>=version)) to each host's host package `depends` (with --conflicts: to `conflicts`,"
        : "Removes NAME from each host's host package `depends` (with --conflicts: from `conflicts`,",
      kind === 'add'
        ? 'packages the host must not have). A host without a host package gets a new one.'
        : 'so the host may have it again).',
      'Each host package is fetched from /wapt-host/, edited, signed with --key, verified, and uploaded with',
      'upload_hosts; N hosts (default 8) at a time. One line per host on stdout: STATE UUID HOST VERSION MESSAGE.',
      'The agents apply it at their next upgrade. Exit codes: 0 every host done, 1 some host failed, 2 bad usage.',
    ].join('\n'),
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs(
        splitPasswordFiles(argv),
        {
          ...signerOptions,
          ...serverOptions,
          package: { type: 'string', multiple: true },
          conflicts: { type: 'boolean' },
          concurrency: { type: 'string' },
        },
        { min: 1, max: 50_000, names: 'HOST_UUID...' },
      );
      const packages = values.package ?? [];
      if (packages.length === 0) throw usageError('--package NAME is required');
      for (const p of packages)
        if (!isValidRequest(p))
          throw usageError(`${JSON.stringify(p)} is not a package name (or name(>=version))`);
      const concurrency = positiveInt(values.concurrency, '--concurrency', 8);
      const signer = await loadSigner(io, values);
      const client = await connect(io, values);
      const list = kind === 'add' ? { add: packages } : { remove: packages };
      const rows = await editHostPackages(
        client,
        signer,
        { hosts: positionals, concurrency, ...(values.conflicts ? { conflicts: list } : { depends: list }) },
        (row) => {
          if (row.state === 'QUEUED' || row.state === 'RUNNING') return;
          io.out(`${row.state.padEnd(9)} ${row.uuid} ${row.host} ${row.version ?? '-'} ${row.message}`);
        },
        io.interrupted,
      );
      const failed = rows.filter((r) => r.state !== 'OK' && r.state !== 'UNCHANGED');
      io.err(
        `${rows.length - failed.length} of ${rows.length} hosts done${failed.length ? `, ${failed.length} failed` : ''}`,
      );
      return failed.length === 0 ? EXIT_OK : EXIT_FAILED;
    },
  };
}

const hostShow: CliCommand = {
  path: ['host', 'show-package'],
  summary: "print a host's host package (version, depends, conflicts, signer) as JSON",
  usage: `wapt-console host show-package HOST_UUID ${SERVER_USAGE}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(splitPasswordFiles(argv), serverOptions, {
      min: 1,
      max: 1,
      names: 'HOST_UUID',
    });
    const client = await connect(io, values);
    io.out(JSON.stringify(await readHostPackage(client, positionals[0]!), null, 2));
    return EXIT_OK;
  },
};

function groupSaveCommand(mode: 'create' | 'edit'): CliCommand {
  return {
    path: ['group', mode],
    summary:
      mode === 'create'
        ? 'create a group package (section group): a named, signed set of packages'
        : 'edit a group package: add or remove packages, conflicts, description (new signed version)',
    usage: [
      mode === 'create'
        ? 'wapt-console group create NAME [--description D] [--package P]... [--conflict P]...'
        : 'wapt-console group edit NAME [--description D] [--add P]... [--remove P]... [--add-conflict P]... [--remove-conflict P]...',
      `                 ${KEY_USAGE}`,
      `                 ${SERVER_USAGE}`,
      '',
      'The group is built, signed with --key, verified and uploaded with upload_packages (version 1 on',
      "creation, +1 on each edit). Put hosts in it with 'host add-package UUID... --package NAME'.",
      'Prints the group as JSON. Exit codes: 0 done, 1 failed (e.g. CONFLICT: the group exists), 2 bad usage.',
    ].join('\n'),
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs(
        splitPasswordFiles(argv),
        {
          ...signerOptions,
          ...serverOptions,
          description: { type: 'string' },
          ...(mode === 'create'
            ? { package: { type: 'string', multiple: true }, conflict: { type: 'string', multiple: true } }
            : {
                add: { type: 'string', multiple: true },
                remove: { type: 'string', multiple: true },
                'add-conflict': { type: 'string', multiple: true },
                'remove-conflict': { type: 'string', multiple: true },
              }),
        },
        { min: 1, max: 1, names: 'NAME' },
      );
      const v = values as Record<string, string[] | undefined>;
      const signer = await loadSigner(io, values);
      const client = await connect(io, values);
      const { row, changed } = await saveGroup(client, signer, {
        name: positionals[0]!,
        mode,
        ...(values.description !== undefined ? { description: values.description } : {}),
        depends: { add: v.package ?? v.add ?? [], remove: v.remove ?? [] },
        conflicts: { add: v.conflict ?? v['add-conflict'] ?? [], remove: v['remove-conflict'] ?? [] },
      });
      io.err(
        changed
          ? `uploaded ${row.package} version ${row.version}`
          : `${row.package} unchanged (version ${row.version})`,
      );
      io.out(JSON.stringify(row, null, 2));
      return EXIT_OK;
    },
  };
}

const groupList: CliCommand = {
  path: ['group', 'list'],
  summary: 'list the group packages of the repository (newest version of each) as JSON',
  usage: `wapt-console group list ${SERVER_USAGE}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(splitPasswordFiles(argv), serverOptions, {
      min: 0,
      max: 0,
      names: 'no argument',
    });
    io.out(JSON.stringify(await listGroups(await connect(io, values)), null, 2));
    return EXIT_OK;
  },
};

/** Certificates trusted by `repo` commands: --trusted files/folders and --cert. */
async function trustedFrom(io: CliIo, values: { trusted?: string[]; cert?: string }): Promise<Certificate[]> {
  const out = await loadTrustedCertificates((values.trusted ?? []).map((t) => resolveArg(io, t)));
  if (values.cert !== undefined)
    out.push(...loadCertificates(await readInput(resolveArg(io, values.cert), 'certificate')));
  return out;
}

const repoList: CliCommand = {
  path: ['repo', 'list'],
  summary: "list the packages of the server's repository (tab-separated, or JSON)",
  usage: [
    `wapt-console repo list [--search WORDS] [--all-versions] [--json] ${SERVER_USAGE}`,
    '',
    'Columns: package, version, section, maturity, signer, signature date, size, filename.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(
      splitPasswordFiles(argv),
      {
        ...serverOptions,
        search: { type: 'string' },
        'all-versions': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      { min: 0, max: 0, names: 'no argument' },
    );
    const client = await connect(io, values);
    const repo = new RepositoryService(
      () => client,
      async () => [],
    );
    const { rows } = await repo.list({
      search: values.search ?? '',
      lastVersionOnly: !values['all-versions'],
    });
    if (values.json) io.out(JSON.stringify(rows, null, 2));
    else
      for (const r of rows)
        io.out(
          ['package', 'version', 'section', 'maturity', 'signer', 'signature_date', 'size', 'filename']
            .map((k) => String(r[k] ?? ''))
            .join('\t'),
        );
    return EXIT_OK;
  },
};

const repoUpload: CliCommand = {
  path: ['repo', 'upload'],
  summary: 'verify a .wapt as an agent would, then upload it (host packages to upload_hosts)',
  usage: [
    `wapt-console repo upload FILE.wapt [--trusted CERT_OR_DIR]... [--cert C.crt] ${SERVER_USAGE}`,
    '',
    "Trusted signers: --trusted, --cert, and the server's trusted signers when it publishes them.",
    'A package that does not verify, or whose signer is not trusted, is refused before anything is sent.',
    'Prints the stored file name. Exit codes: 0 uploaded, 1 refused or failed, 2 bad usage.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      splitPasswordFiles(argv),
      { ...serverOptions, trusted: { type: 'string', multiple: true }, cert: { type: 'string' } },
      { min: 1, max: 1, names: 'FILE.wapt' },
    );
    const trusted = await trustedFrom(io, values);
    const client = await connect(io, values);
    const repo = new RepositoryService(
      () => client,
      async () => trusted,
    );
    const r = await repo.upload(resolveArg(io, positionals[0]!));
    io.err(
      `uploaded ${r.package} ${r.version}, signed by ${r.check.signer?.cn ?? '?'} (trusted through ${r.check.trustedBy?.cn ?? '?'})`,
    );
    io.out(r.filename);
    return EXIT_OK;
  },
};

const repoDelete: CliCommand = {
  path: ['repo', 'delete'],
  summary: 'delete package files from the repository (packages_delete), by their stored file names',
  usage: [
    `wapt-console repo delete FILENAME... ${SERVER_USAGE}`,
    '',
    "FILENAME is the stored name ('repo list' last column). Exit codes: 0 every file deleted, 1 some left, 2 bad usage.",
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(splitPasswordFiles(argv), serverOptions, {
      min: 1,
      max: 1000,
      names: 'FILENAME...',
    });
    for (const f of positionals)
      if (!/^[A-Za-z0-9][A-Za-z0-9_.~=-]*\.wapt$/.test(f))
        throw usageError(`${JSON.stringify(f)} is not a repository file name`);
    const client = await connect(io, values);
    const repo = new RepositoryService(
      () => client,
      async () => [],
    );
    const r = await repo.delete(positionals);
    for (const f of r.deleted) io.out(f);
    const left = positionals.filter((f) => !r.deleted.includes(f));
    if (left.length > 0) io.err(`error [NOT_FOUND/NOT_DELETED]: still in the repository: ${left.join(', ')}`);
    return left.length === 0 ? EXIT_OK : EXIT_FAILED;
  },
};

export const fleetPackageCommands: readonly CliCommand[] = [
  hostEditCommand('add'),
  hostEditCommand('remove'),
  hostShow,
  groupSaveCommand('create'),
  groupSaveCommand('edit'),
  groupList,
  repoList,
  repoUpload,
  repoDelete,
];
