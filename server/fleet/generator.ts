import type { WuaRulesPackage } from '../../common/domain/wua-rules';
import type { Db } from '../db/connection';
import { HOSTS, updateSql, valuesOf } from '../db/fleet-tables';
import { createWsusTriggers, dropWsusTriggers } from '../db/migrations';
import { isoTimestamp, prng } from '../util';
import { generateCatalog, type Catalog } from './catalog';
import { addHardwareDetails, generateHost, hostInserter } from './generate-hosts';
import {
  carriedPackages,
  inventoryWriter,
  packageStatusColumns,
  type DemoPackageRef,
} from './generate-inventory';
import { HOST_WUA_COLUMNS, updatesWriter } from './generate-updates';

export type { DemoPackageRef };

/**
 * Generates the simulated fleet straight into the database (docs/fleet-simulation.md): the hosts
 * (generate-hosts.ts), what they carry, packages and software (generate-inventory.ts), and the
 * WUA catalogue with each host's state over it (generate-updates.ts). Every row is built by
 * column name from the tables' descriptors (server/db/fleet-tables.ts). Deterministic for a given
 * seed and reference time: the draws are made in one fixed order, host after host.
 *
 * Speed: one transaction, prepared statements, the aggregate triggers dropped during the bulk
 * load and the aggregates written once at the end.
 */

export interface FleetOptions {
  hosts: number;
  seed: number;
  now: number;
  serverUuid: string;
  packages: readonly DemoPackageRef[];
  rulesPackages: readonly WuaRulesPackage[];
  repoUrl?: string;
  months?: number;
  /** Called about a hundred times whatever the fleet size. */
  progress?: (done: number, total: number) => void;
}

export interface FleetResult {
  hosts: number;
  updates: number;
  hostUpdates: number;
  catalog: Catalog;
}

/** The hosts columns set once a host's packages and updates are written. */
const HOST_STATUS_COLUMNS = [...HOST_WUA_COLUMNS, 'last_update_status', 'host_status'];

/** Fills an empty database with the demo fleet. */
export function generateFleet(db: Db, opts: FleetOptions): FleetResult {
  const rng = prng(opts.seed);
  // Inventory details (package audits, software, hardware) draw from their own stream, so that
  // richer inventory never shifts the hosts and Windows-update states a seed gives.
  const inv = prng(opts.seed + 0x5bd1e995);
  const repoUrl = opts.repoUrl ?? 'https://srvwapt.corp.lan/wapt';
  const catalog = generateCatalog({ seed: opts.seed, now: opts.now, months: opts.months ?? 20 });
  const created = isoTimestamp(opts.now);

  const insertHost = hostInserter(db);
  const writeInventory = inventoryWriter(db, { now: opts.now, created, repoUrl });
  const updates = updatesWriter(
    db,
    catalog,
    { now: opts.now, created, rulesPackages: opts.rulesPackages },
    rng,
  );
  const setHostStatus = db.prepare(updateSql(HOSTS, HOST_STATUS_COLUMNS));
  let hostUpdates = 0;

  const run = db.transaction(() => {
    dropWsusTriggers(db);
    updates.writeCatalogue();
    // About a hundred progress reports whatever the fleet size (a progress bar, not a log flood).
    const progressEvery = Math.max(50, Math.ceil(opts.hosts / 100));
    for (let i = 0; i < opts.hosts; i++) {
      const h = generateHost(i, rng, opts);
      addHardwareDetails(h, inv);
      const hostId = insertHost(h);
      const carried = carriedPackages(opts.packages, h);
      const packageState = writeInventory(hostId, h, carried, rng, inv);
      const status = { ...updates.writeHost(hostId, h, carried), ...packageStatusColumns(h, packageState) };
      setHostStatus.run(...valuesOf(status, HOST_STATUS_COLUMNS), hostId);
      if (opts.progress && ((i + 1) % progressEvery === 0 || i + 1 === opts.hosts))
        opts.progress(i + 1, opts.hosts);
    }
    hostUpdates = updates.finish();
    createWsusTriggers(db);
  });
  run();
  return { hosts: opts.hosts, updates: catalog.updates.length, hostUpdates, catalog };
}
