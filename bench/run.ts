import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatComparison, type BenchCase } from './lib';

// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts (or those whose file name contains the filter).
const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(filter === undefined ? 'no benchmarks found' : `no benchmark matches '${filter}'`);
  process.exit(2);
}
let missed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: BenchCase };
  console.log(`\n== ${mod.default.name} (${file})`);
  for (const c of await mod.default.run()) {
    console.log(formatComparison(c));
    if (c.subject.ms / c.reference.ms > c.goal) missed++;
  }
}
console.log(`\n${missed === 0 ? 'all goals met' : `${missed} goal(s) missed`}`);
