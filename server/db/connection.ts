import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations';
import { compileSearchPattern } from './search-pattern';
import { text } from '../util';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the server database file and migrates it. WAL mode lets readers
 * run while a writer commits; every multi-row write goes through `db.transaction`.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // SQL `regexp` for ad-hoc statements: the linear-time RE2 matcher (search-pattern.ts). Host
  // search does not run it per row inside one statement; it reads in chunks (host-search.ts).
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (value === null || value === undefined) return 0;
    return compileSearchPattern(text(pattern)).test(text(value)) ? 1 : 0;
  });
  migrate(db);
  return db;
}
