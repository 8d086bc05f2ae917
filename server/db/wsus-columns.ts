/**
 * The columns of `wsus_updates` (WAPT's `WsusUpdates`, docs/wapt-server-api.md §6.2, plus `cve_ids` which the
 * agent reports) in one place: the generator inserts them, host_data?field=wsusupdates and
 * windows_updates select them.
 */
export const WSUS_UPDATE_COLUMNS = [
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
  'cve_ids',
  'is_mandatory',
  'reboot_behaviour',
  'can_request_user_input',
  'requires_network_connectivity',
  'is_beta',
  'is_uninstallable',
  'installation_impact',
  'uninstallation_impact',
  'support_url',
  'release_notes',
  'uninstallation_notes',
  'languages',
  'downloaded_on',
  'created_on',
  'updated_on',
] as const;
