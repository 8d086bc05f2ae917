import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations';
import { text } from '../util';

export type Db = Database.Database;

const REGEX_CACHE = new Map<string, RegExp | null>();
const MAX_REGEX_LENGTH = 1000;

/**
 * Case-insensitive regular expression test used by the hosts filter (server-api.md §3.2: WAPT
 * runs a PostgreSQL `~*`). JavaScript's RegExp dialect is close to PostgreSQL's ARE for the
 * patterns the console sends; an invalid pattern raises, which the route turns into the
 * exception envelope.
 */
export function compileFilterRegex(pattern: string): RegExp {
  let re = REGEX_CACHE.get(pattern);
  if (re === undefined) {
    if (pattern.length > MAX_REGEX_LENGTH)
      throw new Error(`regular expression longer than ${MAX_REGEX_LENGTH} characters`);
    try {
      re = new RegExp(pattern, 'i');
    } catch (err) {
      re = null;
      REGEX_CACHE.set(pattern, re);
      throw err;
    }
    if (REGEX_CACHE.size > 200) REGEX_CACHE.clear();
    REGEX_CACHE.set(pattern, re);
  }
  if (re === null) throw new Error(`invalid regular expression: ${pattern}`);
  return re;
}

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
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (value === null || value === undefined) return 0;
    return compileFilterRegex(text(pattern)).test(text(value)) ? 1 : 0;
  });
  migrate(db);
  return db;
}
