// b4_values_import.mjs — B4: `thidua values import` of a CSV (every row parsed with Vietnamese
// numbers, checked against its target and unit, written with its audit entry, in one
// transaction) at three sizes ×1, ×10, ×100 (10.000, 100.000 and 1.000.000 rows), against
// `sqlite3 .import` of the same file into a bare table, in the same run. Goal: ≥ 0,5 × the bare
// import's rate; the rows per second fitted over the sizes.
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, fitRowsPerSecond, fmt, result, run, tempDir, timeMs } from './lib/common.mjs';
import { addUnits, leafCodes } from './lib/grow.mjs';

const SIZES = (process.env.B4_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const dir = tempDir('b4');
const base = path.join(dir, 'base.db');
run(BIN, ['--db', base, 'init', '--demo']);
const leaves = leafCodes(base);
const needUnits = Math.ceil(Math.max(...SIZES) / (leaves.length * 12)) + 1;
addUnits(base, needUnits + 20);
const units = run('sqlite3', [base, "SELECT code FROM org_unit WHERE code LIKE 'bench-%' ORDER BY id"]).trim().split('\n');
run('sqlite3', [base, 'DELETE FROM data_value; PRAGMA wal_checkpoint(TRUNCATE);']);

function csvOf(rows) {
  const lines = ['indicator,org_unit,period,value,denominator,status'];
  let k = 0;
  outer: for (const u of units) for (const code of leaves) for (let m = 1; m <= 12; m++) {
    if (k++ >= rows) break outer;
    lines.push(`${code},${u},2026-${String(m).padStart(2, '0')},${5 + (k % 90)},100,approved`);
  }
  const file = path.join(dir, `values-${rows}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

console.log(`B4: values import against sqlite3 .import into a bare table (${leaves.length} numeric targets × units × 12 months)\n`);
console.log('rows          │ sqlite3 .import ms  rows/s │ thidua import ms  rows/s │ ratio');
const points = [];
for (const rows of SIZES) {
  const csv = csvOf(rows);
  const db = path.join(dir, `import-${rows}.db`);
  copyFileSync(base, db);
  const bare = path.join(dir, `bare-${rows}.db`);
  const refMs = timeMs(() => run('sqlite3', [bare, '.mode csv', `.import ${csv} bare`]));
  const ms = timeMs(() => run(BIN, ['--db', db, 'values', 'import', csv]));
  const got = Number(run('sqlite3', [db, 'SELECT COUNT(*) FROM data_value']).trim());
  if (got !== rows) throw new Error(`imported ${got} of ${rows} rows`);
  points.push({ rows, seconds: ms / 1000, refMs, ms });
  console.log(`${fmt(rows).padStart(13)} │ ${fmt(refMs).padStart(18)} ${fmt(rows / refMs * 1000).padStart(7)} │ ${fmt(ms).padStart(16)} ${fmt(rows / ms * 1000).padStart(7)} │ ${fmt(refMs / ms, 2)}×`);
}
const fitted = fitRowsPerSecond(points);
const last = points.at(-1);
console.log(`\nfitted: ${fmt(fitted)} rows/s over the sizes (each size: ${points.map((p) => fmt(p.rows / p.seconds)).join(', ')} rows/s)`);
result({ id: 'B4', work: `values import, ${fmt(last.rows)} rows CSV (3 sizes)`, measured: `${fmt(last.rows / last.ms * 1000)} rows/s (fitted ${fmt(fitted)})`,
  reference: `sqlite3 .import ${fmt(last.rows / last.refMs * 1000)} rows/s`, ratio: `${fmt(last.refMs / last.ms, 2)}×`, goal: '≥ 0,5×',
  met: last.refMs / last.ms >= 0.5, extra: points.map((p) => `${fmt(p.rows)}: ${fmt(p.ms)} vs ${fmt(p.refMs)} ms`).join('; ') });
