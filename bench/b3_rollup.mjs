// b3_rollup.mjs — B3: the city's evaluation roll-up (`thidua city rollup --period 2026 --json`:
// one aggregate query over every commune's targets and figures, each commune judged against its
// own plan by the engine, then per target the counts by verdict, the distribution and the
// laggards, written as JSON) on cities made by `thidua demo generate` (N communes × 20 units ×
// every leaf target × 12 months) at three sizes, against the same aggregation written as ONE SQL
// query (bench/lib/city.mjs) run by the sqlite3 client on the same database in the same run;
// both as processes under hyperfine. Then the city of 114 communes on a throw-away PostgreSQL
// (scripts/pg-cluster.sh, stopped on exit), thidua against psql. Goal: ≤ 1,2 × the query's time;
// the rows (figures) per second fitted over the sizes.
//
// Then one plan: `thidua evaluate --period 2026 --json` (the plan's figures read in one pass,
// store_rollup.c, and evaluated by the engine) on the demo plan grown to BENCH_B3_PLAN_UNITS
// units (default 2000: 888.000 figures; 0 skips it) with bench/lib/grow.mjs, against the plan's
// roll-up as one SQL query (planRollupSql) run by the sqlite3 client.
//
// Sizes: BENCH_B3_COMMUNES (default 10,114,1000: ×1, ×11, ×100); units BENCH_B3_UNITS (20).
// Each size is the previous database with the communes it lacks appended, so generating all of
// them costs what the largest costs (printed; not part of the measure).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, fitRowsPerSecond, fmt, hyperfine, result, run, tempDir } from './lib/common.mjs';
import { generateCities, planRollupSql, rollupSql } from './lib/city.mjs';
import { grow } from './lib/grow.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_B3_COMMUNES ?? '10,114,1000').split(',').map(Number);
const UNITS = Number(process.env.BENCH_B3_UNITS ?? 20);
const PG_SIZE = Number(process.env.BENCH_B3_PG ?? 114);
const PLAN_UNITS = Number(process.env.BENCH_B3_PLAN_UNITS ?? 2000);
const AS_OF = '2026-12-20';
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = tempDir('b3');
const sqlFile = path.join(dir, 'rollup.sql');
writeFileSync(sqlFile, `${rollupSql(2026)};\n`);

/** thidua's roll-up and the query's rows agree on what both compute (a wrong query would make a
 * meaningless reference): per target, the communes, those with figures, min, max and mean. */
function check(json, rows, where) {
  const got = JSON.parse(json);
  const want = new Map(rows.trim().split('\n').map((l) => l.split('|')).map((r) => [r[0], r]));
  if (got.targets.length !== want.size) throw new Error(`${where}: ${got.targets.length} targets, the query has ${want.size}`);
  for (const t of got.targets) {
    const [, communes, withData, min, max, mean] = want.get(t.code) ?? [];
    const close = (a, b) => Math.abs(a - Number(b)) <= 1e-6 * Math.max(1, Math.abs(Number(b)));
    const ok = Number(communes) === t.communes && Number(withData) === t.with_data &&
      (!t.distribution || (close(t.distribution.min, min) && close(t.distribution.max, max) && close(t.distribution.mean, mean)));
    if (!ok) throw new Error(`${where}: target ${t.code} differs: ${JSON.stringify(t).slice(0, 300)} vs ${want.get(t.code)}`);
  }
}

console.log(`B3: city roll-up for 2026 (N communes × ${UNITS} units × 12 months) against one SQL aggregate (hyperfine, ${RUNS} runs, both as processes)\n`);
const cities = generateCities(dir, SIZES, { units: UNITS });
for (const c of cities)
  console.log(`generated ${fmt(c.communes)} communes, ${fmt(c.figures)} figures (+${fmt(c.genMs / 1000, 1)} s)`);
console.log('\ncommunes    figures │ sqlite3 ms (CPU) │ thidua ms (CPU) │ ratio (CPU) │ thidua rows/s');
const points = [];
for (const c of cities) {
  const ours = `${BIN} --db ${c.db} city rollup --period 2026 --as-of ${AS_OF} --json`;
  check(run(BIN, ['--db', c.db, 'city', 'rollup', '--period', '2026', '--as-of', AS_OF, '--json']),
    run('sqlite3', ['-batch', c.db, `.read ${sqlFile}`]), `${c.communes} communes`);
  /* the check above read both once: the database is in the page cache, no warm-up run needed */
  const ref = hyperfine(`sqlite3 -batch ${c.db} ".read ${sqlFile}"`, { runs: RUNS, warmup: 0 });
  const me = hyperfine(ours, { runs: RUNS, warmup: 0 });
  const p = { communes: c.communes, rows: c.figures, ref: ref.mean, ours: me.mean, seconds: me.mean / 1000, refCpu: ref.cpu, cpu: me.cpu };
  points.push(p);
  console.log(`${fmt(c.communes).padStart(8)} ${fmt(c.figures).padStart(10)} │ ${fmt(ref.mean, 1).padStart(8)} (${fmt(ref.cpu, 1)}) │ ${fmt(me.mean, 1).padStart(8)} (${fmt(me.cpu, 1)}) │ ${fmt(me.mean / ref.mean, 2)} (${fmt(me.cpu / ref.cpu, 2)}) │ ${fmt(c.figures / (me.mean / 1000)).padStart(12)}`);
}
const fitted = fitRowsPerSecond(points);
const fittedRef = fitRowsPerSecond(points.map((p) => ({ rows: p.rows, seconds: p.ref / 1000 })));
console.log(`\nfitted: thidua ${fmt(fitted)} rows/s, sqlite3 ${fmt(fittedRef)} rows/s over the ${points.length} sizes`);

/* One plan: the demo plan grown to PLAN_UNITS units × every numeric leaf target × 12 months. The
 * check: per indicator added up or weighted (not a commune's own figure, not a growth), thidua's
 * figure and its units are the query's. As of 31/12 every month counts. */
let plan = null;
if (PLAN_UNITS > 0) {
  const db = path.join(dir, 'plan.db');
  const planSql = path.join(dir, 'plan.sql');
  writeFileSync(planSql, `${planRollupSql(1, 2026)};\n`);
  run(BIN, ['--db', db, 'init', '--demo']);
  const rows = grow(db, PLAN_UNITS);
  run('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;']);
  const args = ['--db', db, 'evaluate', '--period', '2026', '--as-of', '2026-12-31', '--json'];
  const got = JSON.parse(run(BIN, args));
  const nodes = [];
  const walk = (list) => list.forEach((n) => { nodes.push(n); walk(n.children); });
  walk(got.indicators);
  let compared = 0;
  for (const [code, units, x] of run('sqlite3', ['-batch', db, `.read ${planSql}`]).trim().split('\n').map((l) => l.split('|'))) {
    const n = nodes.find((k) => k.code === code);
    if (!n || !['sum', 'rate', 'ratio'].includes(n.aggregation) || n.target?.change) continue;
    if (Math.abs(n.actual - Number(x)) > 1e-6 * Math.max(1, Math.abs(Number(x))) || n.units.length !== Number(units))
      throw new Error(`plan: indicator ${code}: thidua ${n.actual} over ${n.units.length} units, the query ${x} over ${units}`);
    compared++;
  }
  if (!compared) throw new Error('plan: no indicator to compare');
  const ref = hyperfine(`sqlite3 -batch ${db} ".read ${planSql}"`, { runs: RUNS, warmup: 0 });
  const me = hyperfine(`${BIN} ${args.join(' ')}`, { runs: RUNS, warmup: 0 });
  plan = { rows, ref: ref.mean, ours: me.mean, refCpu: ref.cpu, cpu: me.cpu };
  console.log(`\none plan, ${fmt(PLAN_UNITS)} units, ${fmt(rows)} figures (${compared} indicators agree): sqlite3 ${fmt(ref.mean, 1)} ms (CPU ${fmt(ref.cpu, 1)}), thidua evaluate ${fmt(me.mean, 1)} ms (CPU ${fmt(me.cpu, 1)}), ${fmt(me.mean / ref.mean, 2)}× (CPU ${fmt(me.cpu / ref.cpu, 2)}×), ${fmt(rows / (me.mean / 1000))} rows/s`);
}

/* PostgreSQL: the city of PG_SIZE communes copied from its SQLite database (same rows, same
 * ids) into a throw-away cluster; thidua made the schema (its migrations), the copy runs with
 * triggers and foreign keys off (session_replication_role) as a restore would. */
let pg = null;
const pgCity = cities.find((c) => c.communes === PG_SIZE);
const cluster = path.join(tempDir('b3pg'), 'pg');
const script = path.join(here, '..', 'scripts', 'pg-cluster.sh');
let url = null;
const stopPg = () => { if (url) { spawnSync(script, ['stop', cluster]); url = null; } };
process.on('exit', stopPg); // the trap: the cluster never outlives the benchmark
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { stopPg(); process.exit(130); });
if (pgCity && !process.env.BENCH_NO_PG) {
  const started = spawnSync(script, ['start', cluster], { encoding: 'utf8' });
  if (started.status !== 0) console.log(`\nPostgreSQL: no throw-away cluster (${started.stderr.trim().split('\n').at(-1)}); skipped`);
  else {
    url = started.stdout.trim();
    const psql = (args, input) => run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, ...args], { input });
    spawnSync(BIN, ['--db', url, 'city', 'rollup'], { encoding: 'utf8' }); // opening it makes the schema
    for (const table of ['city', 'commune', 'org_unit', 'plan', 'indicator', 'data_value']) {
      const mine = new Set(psql(['-c', `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`]).trim().split('\n'));
      const cols = run('sqlite3', [pgCity.db, `SELECT name FROM pragma_table_info('${table}')`]).trim().split('\n').filter((c) => mine.has(c));
      const csv = run('sqlite3', ['-csv', pgCity.db, `SELECT ${cols.join(', ')} FROM ${table}`]);
      psql(['-c', 'SET session_replication_role = replica', '-c', `\\copy ${table} (${cols.join(', ')}) FROM STDIN CSV`], csv);
    }
    psql(['-c', 'ANALYZE']);
    check(run(BIN, ['--db', url, 'city', 'rollup', '--period', '2026', '--as-of', AS_OF, '--json']),
      psql(['-F', '|', '-f', sqlFile]), 'PostgreSQL');
    const ref = hyperfine(`psql -X -q -A -t ${url} -f ${sqlFile}`, { runs: RUNS });
    const me = hyperfine(`${BIN} --db ${url} city rollup --period 2026 --as-of ${AS_OF} --json`, { runs: RUNS });
    pg = { rows: pgCity.figures, ref: ref.mean, ours: me.mean };
    console.log(`\nPostgreSQL, ${fmt(pgCity.communes)} communes, ${fmt(pg.rows)} figures: psql ${fmt(ref.mean, 1)} ms (CPU ${fmt(ref.cpu, 1)}), thidua ${fmt(me.mean, 1)} ms (CPU ${fmt(me.cpu, 1)}), ${fmt(me.mean / ref.mean, 2)}×, ${fmt(pg.rows / (me.mean / 1000))} rows/s (client CPU only: the server's is in neither)`);
    stopPg();
  }
}

const last = points.at(-1);
const worst = Math.max(...points.map((p) => p.ours / p.ref), pg ? pg.ours / pg.ref : 0, plan ? plan.ours / plan.ref : 0);
result({ id: 'B3', work: `city roll-up, ${points.map((p) => fmt(p.communes)).join('/')} communes × ${UNITS} units × 12 months`,
  measured: `${fmt(last.ours)} ms for ${fmt(last.rows)} figures, ${fmt(last.rows / last.seconds)} rows/s (fitted ${fmt(fitted)})`,
  reference: `sqlite3 query ${fmt(last.ref)} ms${pg ? `; psql ${fmt(pg.ref)} ms (${fmt(PG_SIZE)} communes)` : ''}${plan ? `; one plan: sqlite3 ${fmt(plan.ref)} ms` : ''}`,
  ratio: `${points.map((p) => `${fmt(p.ours / p.ref, 2)}×`).join(' / ')}${pg ? `; PostgreSQL ${fmt(pg.ours / pg.ref, 2)}×` : ''}${plan ? `; one plan ${fmt(plan.ours / plan.ref, 2)}×` : ''}`,
  goal: '≤ 1,2×', met: worst <= 1.2,
  extra: points.map((p) => `${fmt(p.communes)} communes, ${fmt(p.rows)} figures: ${fmt(p.ours, 1)} vs ${fmt(p.ref, 1)} ms (${fmt(p.ours / p.ref, 2)}×; CPU ${fmt(p.cpu, 1)} vs ${fmt(p.refCpu, 1)} ms), ${fmt(p.rows / p.seconds)} rows/s`).join('; ') +
    (pg ? `; PostgreSQL ${fmt(PG_SIZE)} communes: ${fmt(pg.ours, 1)} vs psql ${fmt(pg.ref, 1)} ms` : '') +
    (plan ? `; one plan (thidua evaluate), ${fmt(plan.rows)} figures: ${fmt(plan.ours, 1)} vs sqlite3 ${fmt(plan.ref, 1)} ms (${fmt(plan.ours / plan.ref, 2)}×; CPU ${fmt(plan.cpu, 1)} vs ${fmt(plan.refCpu, 1)} ms)` : '') });
