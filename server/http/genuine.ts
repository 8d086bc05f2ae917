import type { HostsQuery } from '../db/hosts-query';
import { csv } from '../util';
import type { ServerProfile } from './context';

/**
 * What the routes do differently when an extension is off (the `wapt-1.8.2` profile,
 * docs/reference-server.md): the request is narrowed to what the genuine 1.8.2 server honours,
 * and answers are trimmed to the keys it sends (docs/wapt-server-api.md §3.2, §6.4, §9).
 */

/** Host columns only this server computes (the `wua_host_counts` extension). */
const WUA_COUNT_COLUMN = /^wua_(ok|pending|missing|discarded|error)_count$/;

/**
 * `/api/v1/hosts` without `hosts_paging`: `limit` only (`offset`, `order_by`, `order_desc`,
 * `sort`, `page` are ignored, so the order stays `last_seen_on DESC NULLS LAST`). Without
 * `wua_host_counts` the `wua_*_count` columns are unknown columns: silently dropped from
 * `columns` and from the fields of `filter`, as the genuine server does with any unknown name.
 */
export function hostsQueryFor(profile: ServerProfile, q: HostsQuery): HostsQuery {
  let out: HostsQuery = q;
  if (!profile.extensions.has('hosts_paging')) {
    const { offset: _o, order_by: _b, order_desc: _d, ...rest } = out;
    out = rest;
  }
  if (!profile.extensions.has('wua_host_counts')) {
    if (out.columns !== undefined)
      out = {
        ...out,
        columns: csv(out.columns)
          .filter((c) => !WUA_COUNT_COLUMN.test(c))
          .join(','),
      };
    if (out.filter !== undefined && out.filter.includes(':')) {
      const i = out.filter.indexOf(':');
      const fields = csv(out.filter.slice(0, i)).filter((f) => !WUA_COUNT_COLUMN.test(f));
      out = { ...out, filter: `${fields.join(',')}${out.filter.slice(i)}` };
    }
  }
  return out;
}

/**
 * The keys of one `host_data?field=wsusupdates` row on the genuine server (docs/wapt-server-api.md §6.4):
 * no `local_status_delayed`, `cve_ids`, `support_url` or `uninstallation_notes`. Written once here:
 * the strict profile trims to it and the API tests check the rows carry all of it.
 */
export const GENUINE_WSUS_ROW_KEYS: readonly string[] = [
  'local_status_id',
  'local_status_status',
  'local_status_allowed',
  'local_status_installed',
  'local_status_install_date',
  'local_status_present',
  'local_status_hidden',
  'local_status_downloaded',
  'local_status_history',
  'update_id',
  'title',
  'update_type',
  'kbids',
  'severity',
  'changetime',
  'product',
  'classification',
  'download_urls',
  'min_download_size',
  'max_download_size',
  'superseded_update_ids',
  'security_bulletin_ids',
  'is_mandatory',
  'reboot_behaviour',
  'can_request_user_input',
  'requires_network_connectivity',
  'languages',
  'created_on',
  'updated_on',
  'downloaded_on',
  'is_beta',
  'release_notes',
  'is_uninstallable',
  'installation_impact',
  'uninstallation_impact',
];
const GENUINE_WSUS_ROW_KEY_SET = new Set(GENUINE_WSUS_ROW_KEYS);

export function genuineWsusRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => GENUINE_WSUS_ROW_KEY_SET.has(k)));
}

/** Keys of `/api/v2/windows_updates` rows that only this server adds (`wua_host_counts`). */
export const HOST_COUNT_KEYS = [
  'hosts_ok',
  'hosts_pending',
  'hosts_missing',
  'hosts_discarded',
  'hosts_error',
  'hosts_total',
] as const;
