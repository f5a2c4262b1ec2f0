// b5_documents.mjs — B5: the commune's consolidated report as DOCX (`thidua report --kind
// consolidated`, goal < 100 ms), and an XLSX export of 1.000.000 figures (`thidua export --what
// values`, goal ≥ 200.000 rows/s). No reference: the goals are absolute. Both timed as processes
// with hyperfine (mean of runs).
import path from 'node:path';
import { BIN, fmt, hyperfine, result, run, tempDir } from './lib/common.mjs';
import { grow, leafCodes } from './lib/grow.mjs';

const dir = tempDir('b5');
const demo = path.join(dir, 'demo.db');
run(BIN, ['--db', demo, 'init', '--demo']);
const docx = path.join(dir, 'bao-cao.docx');
const d = hyperfine(`${BIN} --db ${demo} report --kind consolidated --period 2026 --as-of 2026-11-25 --format docx -o ${docx}`, { runs: 10 });
console.log(`B5: consolidated report (DOCX) of the demo commune: mean ${fmt(d.mean, 1)} ms ± ${fmt(d.stddev, 1)}`);

const ROWS = Number(process.env.B5_ROWS ?? 1000000);
const big = path.join(dir, 'big.db');
run(BIN, ['--db', big, 'init', '--demo']);
// the export lists the figures of one period: a million of them for December 2026
const leaves = leafCodes(big).length;
const rows = grow(big, Math.ceil(ROWS / leaves), { firstMonth: 12 });
run('sqlite3', [big, 'PRAGMA wal_checkpoint(TRUNCATE);']);
const xlsx = path.join(dir, 'so-lieu.xlsx');
const x = hyperfine(`${BIN} --db ${big} export --plan 1 --what values --period 2026-12 -o ${xlsx}`, { runs: 1, warmup: 0 });
// what was written: the sheet's rows, counted in the file (a wrong period would export none)
const sheetRows = Number(/<dimension ref="A1:[A-Z]+(\d+)"/.exec(run('unzip', ['-p', xlsx, 'xl/worksheets/sheet1.xml']).slice(0, 4096))?.[1] ?? 0);
if (sheetRows < rows) throw new Error(`the XLSX holds ${sheetRows} rows for ${rows} figures`);
const rate = rows / (x.mean / 1000);
console.log(`B5: XLSX export of ${fmt(rows)} figures (${fmt(sheetRows)} rows in the sheet): mean ${fmt(x.mean)} ms = ${fmt(rate)} rows/s`);
result({ id: 'B5', work: `report DOCX; XLSX export of ${fmt(rows)} figures`, measured: `DOCX ${fmt(d.mean, 1)} ms; XLSX ${fmt(rate)} rows/s`,
  reference: '—', ratio: '—', goal: 'DOCX < 100 ms; XLSX ≥ 200.000 rows/s', met: d.mean < 100 && rate >= 200000 });
