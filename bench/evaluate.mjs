// evaluate.mjs — how long `thidua evaluate` takes on a commune's full year of figures, against
// the sqlite3 client running the bare aggregation over the same database in the same run.
//
// The data: the Kiến Hải plan, every org unit responsible for every numeric leaf target, a value
// for each month of 2026 (about 10.000 values), all approved. The reference query only sums the
// values per indicator; thidua does that and everything else (latest values, weighted rates,
// baselines, pace, roll-up, reasons, JSON), so the ratio says what the engine costs on top.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.THIDUA_BIN ?? path.resolve('build/thidua');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const dir = mkdtempSync(path.join(tmpdir(), 'thidua-bench-'));
const db = path.join(dir, 'bench.db');

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 28, env: { ...process.env, THIDUA_DB: '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function time(label, cmd, args) {
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    run(cmd, args);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms   (min ${ms[0].toFixed(1)}, max ${ms.at(-1).toFixed(1)}, ${RUNS} runs)`);
  return median;
}

try {
  run(BIN, ['--db', db, 'init', '--demo']);
  const plan = JSON.parse(run(BIN, ['--db', db, 'plan', 'show', '1', '--json']));
  const units = JSON.parse(run('sqlite3', ['-json', db, 'SELECT code FROM org_unit'])).map((r) => r.code);
  const rows = ['indicator,org_unit,period,value,denominator,status'];
  const walk = function* (ns) { for (const n of ns) { yield n; yield* walk(n.children); } };
  for (const ind of walk(plan.indicators)) {
    const t = ind.target;
    if (!t || ind.children.length || ['list', 'assigned'].includes(t.op)) continue;
    for (const u of units) {
      for (let m = 1; m <= 12; m++) {
        const period = `2026-${String(m).padStart(2, '0')}`;
        let value = t.op === 'done' ? 'có' : String(((t.value ?? 50) * (0.9 + ((m * 7 + u.length) % 20) / 100))).replace('.', ',');
        if (t.op !== 'done' && ind.unit === '%' && !t.change) value = String(Math.min(100, Number(value.replace(',', '.')))).replace('.', ',');
        rows.push(`${ind.code},${u},${period},"${value}",${t.op === 'done' ? '' : 100 + m},approved`);
      }
    }
  }
  const csv = path.join(dir, 'values.csv');
  writeFileSync(csv, rows.join('\n') + '\n');
  const t0 = process.hrtime.bigint();
  run(BIN, ['--db', db, 'values', 'import', csv]);
  console.log(`values import: ${rows.length - 1} rows in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`);
  const count = run('sqlite3', [db, 'SELECT COUNT(*) FROM data_value']).trim();
  console.log(`database: ${count} values, ${units.length} units\n`);

  const ref = time('sqlite3: SUM per indicator (reference)', 'sqlite3', [db,
    "SELECT i.code, SUM(v.value), COUNT(*) FROM data_value v JOIN indicator i ON i.id = v.indicator_id " +
    "WHERE v.status IN ('approved','submitted') AND v.period LIKE '2026%' GROUP BY i.code"]);
  const ev = time('thidua evaluate --period 2026 --json', BIN, ['--db', db, 'evaluate', '--period', '2026', '--as-of', '2026-11-25', '--json']);
  const tab = time('thidua evaluate --period 2026-Q3 (table)', BIN, ['--db', db, 'evaluate', '--period', '2026-Q3', '--as-of', '2026-11-25']);
  console.log(`\nevaluate / sqlite3 reference: ${(ev / ref).toFixed(2)}×  (table: ${(tab / ref).toFixed(2)}×)`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${db}`);
  else rmSync(dir, { recursive: true, force: true });
}
