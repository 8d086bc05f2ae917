import { z } from 'zod';
import type { HostsDeleteResult } from '../../../common/ipc/methods/hosts';
import { waptFailure } from '../api/envelope';
import type { WaptClient } from '../api/wapt-client';

/**
 * Deleting hosts the way WAPT's console does (docs/host-actions.md, "Deleting hosts"):
 * one `POST /api/v3/hosts_delete` with `{"uuids": [...], "delete_packages": bool,
 * "delete_inventory": bool}`. `delete_packages` removes the host packages (`<uuid>.wapt` and
 * `<fqdn>.wapt` of the host folder), `delete_inventory` the hosts' rows of the server database.
 */

export interface HostsDeleteRequest {
  uuids: readonly string[];
  deletePackages: boolean;
  deleteInventory: boolean;
}

/** The envelope read as is: its `msg` lines ("2 hosts removed from DB") are the report. */
const DeleteAnswer = z
  .object({
    success: z.boolean(),
    msg: z.string().nullable().optional(),
    error_code: z.string().nullable().optional(),
    result: z
      .object({
        files: z.array(z.string()).catch([]),
        records: z
          .array(
            z.object({ uuid: z.string(), computer_fqdn: z.string().nullable().optional() }).passthrough(),
          )
          .catch([]),
      })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

/** Uuids per request: a genuine server builds one SQL `IN (…)` of them; 500 keeps it modest. */
const UUIDS_PER_REQUEST = 500;

export async function deleteHosts(client: WaptClient, req: HostsDeleteRequest): Promise<HostsDeleteResult> {
  const files: string[] = [];
  const messages: string[] = [];
  for (let i = 0; i < req.uuids.length; i += UUIDS_PER_REQUEST) {
    const uuids = req.uuids.slice(i, i + UUIDS_PER_REQUEST);
    const env = await client.postBody(
      '/api/v3/hosts_delete',
      JSON.stringify({
        uuids,
        delete_packages: req.deletePackages,
        delete_inventory: req.deleteInventory,
      }),
      { 'Content-Type': 'application/json' },
      DeleteAnswer,
      { raw: true },
    );
    if (!env.success) throw waptFailure(env.error_code, env.msg ?? undefined, '/api/v3/hosts_delete');
    files.push(...(env.result?.files ?? []));
    if (env.msg) messages.push(...env.msg.split('\n').filter((l) => l.trim() !== ''));
  }
  return { files, messages: sumMessages(messages) };
}

/**
 * Several requests give several "N hosts removed from DB" lines: they are added up, so the user
 * reads one line per kind as for a single request.
 */
function sumMessages(lines: readonly string[]): string[] {
  const totals = new Map<string, number>();
  const other: string[] = [];
  for (const line of lines) {
    const m = /^(\d+) (.*)$/.exec(line.trim());
    if (m) totals.set(m[2]!, (totals.get(m[2]!) ?? 0) + Number(m[1]));
    else other.push(line);
  }
  return [...[...totals].map(([rest, n]) => `${n} ${rest}`), ...other];
}
