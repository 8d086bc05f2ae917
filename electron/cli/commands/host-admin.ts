import { z } from 'zod';
import type { HostActionKind, HostActionRow } from '../../../common/ipc/methods/actions';
import { deleteHosts } from '../../core/fleet/hosts-delete';
import { DEFAULT_FOLLOW_MINUTES, HostActionsService, initialRows } from '../../core/fleet/host-actions';
import { JobRegistry } from '../../core/jobs/job-registry';
import { systemClock } from '../../core/ports';
import { deriveCapabilities } from '../../core/session/capabilities';
import type { WaptClient } from '../../core/api/wapt-client';
import { parseCommandArgs } from '../args';
import { EXIT_FAILED, EXIT_OK, type CliCommand } from '../types';
import { splitPasswordFiles } from './agent';
import { connect, KEY_USAGE, SERVER_USAGE, serverOptions, usageError } from './fleet-packages';
import { loadSigner, signerOptions } from './package';

/**
 * `host apply-upgrades`, `host check-updates` and `host delete` (issue 13): the hosts grid's
 * "Apply upgrades", "Check updates" and "Delete hosts…" for scripts. The two actions are signed
 * host actions sent and followed by the console's own machinery (docs/host-actions.md); `delete`
 * is WAPT's `hosts_delete`, which is not signed.
 */

const HostNames = z.array(
  z.object({ uuid: z.string(), computer_fqdn: z.string().nullable().optional() }).passthrough(),
);

/** The hosts' names for the report, and which uuids the server does not know. */
async function lookUpHosts(
  client: WaptClient,
  uuids: readonly string[],
): Promise<{ names: Map<string, string>; unknown: string[] }> {
  const names = new Map<string, string>();
  for (let i = 0; i < uuids.length; i += 100) {
    const chunk = uuids.slice(i, i + 100);
    const rows = await client.request('/api/v1/hosts', HostNames, {
      params: { uuid: chunk.join(','), columns: 'uuid,computer_fqdn', limit: String(chunk.length) },
    });
    for (const r of rows) names.set(r.uuid, r.computer_fqdn ?? r.uuid);
  }
  return { names, unknown: uuids.filter((u) => !names.has(u)) };
}

function actionCommand(name: 'apply-upgrades' | 'check-updates', action: HostActionKind): CliCommand {
  return {
    path: ['host', name],
    summary:
      name === 'apply-upgrades'
        ? 'apply upgrades on hosts (signed trigger_host_upgrade), following each host to its outcome'
        : 'check updates on hosts (signed trigger_host_update), following each host to its outcome',
    usage: [
      `wapt-console host ${name} HOST_UUID... ${KEY_USAGE}`,
      `                 ${SERVER_USAGE} [--timeout-minutes N]`,
      '',
      'One claim per host, signed with --key, sent in batches with trigger_host_action; each host is then',
      `followed until its agent's task ends (at most N minutes, default ${DEFAULT_FOLLOW_MINUTES}). One line per host`,
      'on stdout: STATE UUID HOST MESSAGE (OK, ERROR, TIMEOUT, SKIPPED = not connected, CANCELLED).',
      'Exit codes: 0 every host OK, 1 some host not OK, 2 bad usage.',
    ].join('\n'),
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs(
        splitPasswordFiles(argv),
        { ...signerOptions, ...serverOptions, 'timeout-minutes': { type: 'string' } },
        { min: 1, max: 50_000, names: 'HOST_UUID...' },
      );
      const minutes =
        values['timeout-minutes'] === undefined ? DEFAULT_FOLLOW_MINUTES : Number(values['timeout-minutes']);
      if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)
        throw usageError('--timeout-minutes must be a number of minutes from 0 to 1440');
      const signer = await loadSigner(io, values);
      const client = await connect(io, values);
      // The follow-up strategy depends on the server (bulk reads or task lists, docs/host-actions.md).
      const caps = deriveCapabilities(await client.ping(), {});
      const service = new HostActionsService(
        () => client,
        () => signer,
        new JobRegistry(systemClock),
        () => caps,
        async () => minutes,
      );
      const uuids = [...new Set(positionals)];
      const { names } = await lookUpHosts(client, uuids);
      const request = {
        action,
        hosts: uuids.map((uuid) => ({ uuid, host: names.get(uuid) ?? uuid })),
        updateIds: [],
        concurrency: 8,
      };
      service.checkStartable(request);
      const rows = initialRows(request);
      const print = (r: HostActionRow) => io.out(`${r.state.padEnd(9)} ${r.uuid} ${r.host} ${r.message}`);
      await service.execute(request, rows, io.interrupted, (r) => {
        if (r.state !== 'QUEUED' && r.state !== 'SENT' && r.state !== 'RUNNING') print(r);
      });
      const failed = [...rows.values()].filter((r) => r.state !== 'OK');
      io.err(
        `${rows.size - failed.length} of ${rows.size} hosts OK${failed.length ? `, ${failed.length} not OK` : ''}`,
      );
      return failed.length === 0 ? EXIT_OK : EXIT_FAILED;
    },
  };
}

const hostDelete: CliCommand = {
  path: ['host', 'delete'],
  summary: 'delete hosts from the server (hosts_delete): their host packages and/or their inventory',
  usage: [
    `wapt-console host delete HOST_UUID... [--delete-package] [--delete-inventory] ${SERVER_USAGE}`,
    '',
    '--delete-package removes each host package (<uuid>.wapt, <fqdn>.wapt) from the host folder;',
    "--delete-inventory removes the hosts from the server's database. At least one is required (WAPT's",
    "console ticks both). Not signed: WAPT checks only the user's rights. Prints the server's report.",
    'Uuids the server does not know are reported on stderr (NOT_FOUND/UNKNOWN_HOST) and not sent.',
    'Exit codes: 0 every host deleted, 1 some host unknown or the server refused, 2 bad usage.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      splitPasswordFiles(argv),
      { ...serverOptions, 'delete-package': { type: 'boolean' }, 'delete-inventory': { type: 'boolean' } },
      { min: 1, max: 50_000, names: 'HOST_UUID...' },
    );
    const deletePackages = values['delete-package'] === true;
    const deleteInventory = values['delete-inventory'] === true;
    if (!deletePackages && !deleteInventory)
      throw usageError('choose --delete-package, --delete-inventory or both');
    const client = await connect(io, values);
    const uuids = [...new Set(positionals)];
    const { unknown } = await lookUpHosts(client, uuids);
    for (const u of unknown) io.err(`error [NOT_FOUND/UNKNOWN_HOST]: no host ${u} on the server`);
    const known = uuids.filter((u) => !unknown.includes(u));
    if (known.length > 0) {
      const r = await deleteHosts(client, { uuids: known, deletePackages, deleteInventory });
      for (const line of r.messages) io.out(line);
      for (const f of r.files) io.err(`removed ${f}`);
    }
    return unknown.length === 0 ? EXIT_OK : EXIT_FAILED;
  },
};

export const hostAdminCommands: readonly CliCommand[] = [
  actionCommand('apply-upgrades', 'upgrade'),
  actionCommand('check-updates', 'update'),
  hostDelete,
];
