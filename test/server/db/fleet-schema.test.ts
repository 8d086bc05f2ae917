import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/connection';
import { generateFleet } from '../../../server/fleet/generator';

/**
 * Guards the split of the fleet tables' column lists into one descriptor per table
 * (server/db/fleet-tables.ts): the schema a generated fleet ends with, and the rows a seed gives,
 * must stay what they were before the split. The expectation was recorded from the code before
 * the refactor (`UPDATE_FLEET_SCHEMA=1 npx vitest run test/server/db/fleet-schema.test.ts`
 * rewrites it: only do that for an intended schema change, which is a new migration step).
 */

const EXPECTED = path.join(__dirname, '../../fixtures/server/fleet-schema.json');
const NOW = Date.parse('2024-06-20T12:00:00Z');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function generatedFleet(): Db {
  const d = mkdtempSync(path.join(tmpdir(), 'wapt-schema-'));
  dirs.push(d);
  const db = openDatabase(path.join(d, 's.sqlite'));
  generateFleet(db, {
    hosts: 25,
    seed: 7,
    now: NOW,
    serverUuid: 'srv',
    rulesPackages: [
      { package: 'r-base', version: '1', rules: { allowed_classifications: ['Security Updates'] } },
    ],
    packages: [
      { package: 'p-7zip', version: '2', previousVersion: '1', section: 'base', audience: 'all' },
      { package: 'p-pilot', version: '1', section: 'base', audience: 'pilot' },
      { package: 'r-base', version: '1', section: 'wsus', audience: 'all' },
    ],
    months: 6,
  });
  return db;
}

/** sqlite_master keeps the CREATE text as written; compare it with layout whitespace removed. */
const normalizeSql = (sql: string | null) =>
  sql === null
    ? null
    : sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/ ,/g, ',').trim();

function schemaOf(db: Db) {
  const objects = (
    db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as Array<{
      type: string;
      name: string;
      tbl_name: string;
      sql: string | null;
    }>
  ).map((o) => ({ ...o, sql: normalizeSql(o.sql) }));
  const tables = objects.filter((o) => o.type === 'table').map((o) => o.name);
  const columns = Object.fromEntries(tables.map((t) => [t, db.pragma(`table_xinfo(${t})`)]));
  return { userVersion: db.pragma('user_version', { simple: true }), objects, columns };
}

const DATA_TABLES = [
  'hosts',
  'host_packages',
  'host_softwares',
  'host_wsus',
  'wsus_updates',
  'wsus_update_stats',
  'host_search',
  'host_hardware_search',
  'counters',
];

function dataDigests(db: Db): Record<string, string> {
  return Object.fromEntries(
    DATA_TABLES.map((t) => {
      const rows = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
      return [t, createHash('sha256').update(JSON.stringify(rows)).digest('hex')];
    }),
  );
}

describe('fleet tables after the column-descriptor split', () => {
  const db = generatedFleet();
  const actual = { schema: schemaOf(db), data: dataDigests(db) };
  if (process.env.UPDATE_FLEET_SCHEMA === '1')
    writeFileSync(EXPECTED, JSON.stringify(actual, null, 1) + '\n');
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as typeof actual;

  it('creates the same schema (tables, columns, types, constraints, indexes, triggers)', () => {
    expect(actual.schema).toEqual(expected.schema);
  });
  it('fills the same rows for a seed', () => {
    expect(actual.data).toEqual(expected.data);
  });
});
