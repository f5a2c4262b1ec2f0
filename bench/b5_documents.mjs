// b5_documents.mjs — B5: the commune's consolidated report as DOCX (`thidua report --kind
// consolidated`, goal < 100 ms), and an XLSX export of 1.000.000 figures (`thidua export --what
// values`, goal ≥ 200.000 rows/s) at three sizes (×1, ×10, ×100: the time grows with the rows;
// B5_SIZES, or B5_ROWS for one size). No reference: the goals are absolute. Both timed as
// processes with hyperfine (mean of runs; the CPU time too, which the machine's other work
// disturbs less than the wall time).
import path from 'node:path';
import { BIN, fitRowsPerSecond, fmt, hyperfine, result, run, tempDir } from './lib/common.mjs';
import { grow, leafCodes } from './lib/grow.mjs';

const dir = tempDir('b5');
const demo = path.join(dir, 'demo.db');
run(BIN, ['--db', demo, 'init', '--demo']);
const docx = path.join(dir, 'bao-cao.docx');
const d = hyperfine(`${BIN} --db ${demo} report --kind consolidated --period 2026 --as-of 2026-11-25 --format docx -o ${docx}`, { runs: 10 });
console.log(`B5: consolidated report (DOCX) of the demo commune: mean ${fmt(d.mean, 1)} ms ± ${fmt(d.stddev, 1)}`);

const SIZES = (process.env.B5_SIZES ?? process.env.B5_ROWS ?? '10000,100000,1000000').split(',').map(Number);
const xlsx = path.join(dir, 'so-lieu.xlsx');
let leaves = 0;
console.log('\nfigures      │ XLSX ms (CPU ms) │ rows/s (by CPU)');
const points = [];
for (const want of SIZES) {
  // the export lists the figures of one period: December 2026, in a database of their own
  const big = path.join(dir, `big-${want}.db`);
  run(BIN, ['--db', big, 'init', '--demo']);
  leaves ||= leafCodes(big).length;
  const rows = grow(big, Math.ceil(want / leaves), { firstMonth: 12 });
  run('sqlite3', [big, 'PRAGMA wal_checkpoint(TRUNCATE);']);
  const x = hyperfine(`${BIN} --db ${big} export --plan 1 --what values --period 2026-12 -o ${xlsx}`, { runs: 1, warmup: 0 });
  // what was written: the sheet's rows, counted in the file (a wrong period would export none)
  // (its head only: a million rows of XML are longer than a JavaScript string may be)
  const head = run('sh', ['-c', `unzip -p '${xlsx}' xl/worksheets/sheet1.xml | head -c 4096`]);
  const sheetRows = Number(/<dimension ref="A1:[A-Z]+(\d+)"/.exec(head)?.[1] ?? 0);
  if (sheetRows < rows) throw new Error(`the XLSX holds ${sheetRows} rows for ${rows} figures`);
  points.push({ rows, seconds: x.mean / 1000, ms: x.mean, cpu: x.cpu });
  console.log(`${fmt(rows).padStart(12)} │ ${fmt(x.mean).padStart(7)} (${fmt(x.cpu).padStart(7)}) │ ${fmt(rows / x.mean * 1000).padStart(7)} (${fmt(rows / x.cpu * 1000)})`);
}
const last = points.at(-1);
const rate = last.rows / (last.ms / 1000);
const fitted = fitRowsPerSecond(points);
console.log(`\nB5: XLSX export of ${fmt(last.rows)} figures: mean ${fmt(last.ms)} ms (CPU ${fmt(last.cpu)} ms) = ${fmt(rate)} rows/s; fitted ${fmt(fitted)} rows/s over the sizes`);
result({ id: 'B5', work: `report DOCX; XLSX export of ${fmt(last.rows)} figures`, measured: `DOCX ${fmt(d.mean, 1)} ms; XLSX ${fmt(rate)} rows/s (fitted ${fmt(fitted)})`,
  reference: '—', ratio: '—', goal: 'DOCX < 100 ms; XLSX ≥ 200.000 rows/s', met: d.mean < 100 && rate >= 200000,
  extra: points.map((p) => `${fmt(p.rows)}: ${fmt(p.ms)} ms (CPU ${fmt(p.cpu)} ms), ${fmt(p.rows / p.ms * 1000)} rows/s`).join('; ') });
