// city.mjs — what B3 needs of a generated city: databases made by `thidua demo generate`, each
// size grown from the previous one (the generator appends communes), and the city roll-up of
// `thidua city rollup` written as ONE SQL query for the sqlite3 and psql clients.
import { copyFileSync } from 'node:fs';
import { BIN, run, timeMs } from './common.mjs';

export const CITY = 'thành phố Hải Phòng';

/**
 * The roll-up of a year as one SQL statement, the same aggregation `thidua city rollup` makes
 * (docs/api.md "City"): each commune's plan covering the year (the smallest id), its targets
 * (not lists, not assignments, not against a baseline year), the submitted and approved figures
 * of the year's months, quarters and the year itself summed by commune, target and period; then
 * a commune's figure per target (a flow sums its periods, a yes/no is yes when every unit said yes
 * in the latest period, a level takes its latest period, summed when it adds up, else averaged);
 * then per target over the city: communes, communes with data, min, max, mean and the communes
 * whose figure meets a threshold target. Portable: runs unchanged on SQLite and PostgreSQL.
 */
export function rollupSql(year = 2026, city = CITY) {
  return `WITH p AS (
  SELECT c.id AS cid, (SELECT MIN(q.id) FROM plan q WHERE q.commune_id = c.id
                        AND q.period_start <= '${year}-12-31' AND q.period_end >= '${year}-01-01') AS pid
    FROM commune c JOIN city y ON y.id = c.city_id WHERE y.name = '${city}'),
t AS (
  SELECT p.cid, i.id AS iid, i.code, i.measure, i.aggregation, i.target_op, i.target_value
    FROM p JOIN indicator i ON i.plan_id = p.pid
   WHERE i.target_op IS NOT NULL AND i.target_op NOT IN ('list', 'assigned') AND i.target_baseline_year IS NULL),
v AS (
  SELECT t.cid, t.iid, d.period, SUM(d.value) AS s, COUNT(d.value) AS n, MIN(d.value) AS mn
    FROM t JOIN data_value d ON d.indicator_id = t.iid
   WHERE d.status IN ('submitted', 'approved') AND d.value IS NOT NULL
     AND ((d.period >= '${year}' AND d.period <= '${year}-Q4') OR d.period = '${year}')
   GROUP BY t.cid, t.iid, d.period),
l AS (SELECT cid, iid, MAX(period) AS lp FROM v GROUP BY cid, iid),
f AS (
  SELECT t.cid, t.iid, t.code, t.target_op, t.target_value,
         CASE WHEN t.target_op = 'done' THEN MIN(CASE WHEN v.period = l.lp THEN (CASE WHEN v.mn > 0 THEN 1 ELSE 0 END) END)
              WHEN t.measure = 'flow' AND t.aggregation = 'sum' THEN SUM(v.s)
              WHEN t.measure = 'flow' THEN SUM(v.s) * 1.0 / SUM(v.n)
              WHEN t.aggregation = 'sum' THEN MAX(CASE WHEN v.period = l.lp THEN v.s END)
              ELSE MAX(CASE WHEN v.period = l.lp THEN v.s * 1.0 / v.n END) END AS x
    FROM t LEFT JOIN v ON v.cid = t.cid AND v.iid = t.iid LEFT JOIN l ON l.cid = t.cid AND l.iid = t.iid
   GROUP BY t.cid, t.iid, t.code, t.measure, t.aggregation, t.target_op, t.target_value)
SELECT code, COUNT(*), COUNT(x), MIN(x), MAX(x), AVG(x),
       SUM(CASE WHEN target_op = '>=' AND x >= target_value THEN 1 WHEN target_op = '>' AND x > target_value THEN 1
                WHEN target_op = '<=' AND x <= target_value THEN 1 WHEN target_op = '<' AND x < target_value THEN 1
                WHEN target_op = 'done' AND x = 1 THEN 1 ELSE 0 END)
  FROM f GROUP BY code ORDER BY code`;
}

/**
 * Databases of `sizes` communes each (ascending), `units` units and `months` months, in dir:
 * the first generated, each next one a copy of the previous with the communes it lacks appended
 * (same seed, so a run is repeatable), so that making all of them costs what the largest costs.
 * Returns [{communes, db, figures, genMs}] (genMs: the generation time of that step).
 */
export function generateCities(dir, sizes, { units = 20, months = 12, seed = 18 } = {}) {
  const out = [];
  let prev = null;
  for (const communes of sizes) {
    const db = `${dir}/city-${communes}.db`;
    if (prev) {
      run('sqlite3', [prev.db, 'PRAGMA wal_checkpoint(TRUNCATE);']);
      copyFileSync(prev.db, db);
    }
    const add = communes - (prev ? prev.communes : 0);
    const genMs = timeMs(() => run(BIN, ['--db', db, 'demo', 'generate', '--communes', String(add), '--units', String(units),
      '--months', String(months), '--seed', String(seed + communes)]));
    run('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;']);
    const figures = Number(run('sqlite3', [db, 'SELECT COUNT(*) FROM data_value']).trim());
    prev = { communes, db, figures, genMs };
    out.push(prev);
  }
  return out;
}

/**
 * The roll-up of ONE plan for a year as one SQL statement, the aggregation `thidua evaluate
 * --period YEAR` makes of the figures (core/evaluate.c): the submitted and approved figures of
 * the year's periods, each unit's figure per indicator (a flow sums its periods, weighted by the
 * bases when it is a rate or a ratio; a level takes its latest period), then per indicator the
 * commune's figure over its units (a sum, or Σ figure × base ÷ Σ base for a rate or a ratio).
 * Rows: code|units|figure, by code. Written for figures entered by month (bench/lib/grow.mjs):
 * "latest" is the greatest period code. Portable: runs unchanged on SQLite and PostgreSQL.
 */
export function planRollupSql(planId = 1, year = 2026) {
  return `WITH v AS (
  SELECT d.indicator_id AS iid, d.org_unit_id AS uid, d.period, d.value, d.denominator
    FROM indicator i JOIN data_value d ON d.indicator_id = i.id
   WHERE i.plan_id = ${planId} AND d.status IN ('submitted', 'approved') AND d.value IS NOT NULL
     AND d.period >= '${year}' AND d.period < '${year + 1}'),
l AS (SELECT iid, uid, MAX(period) AS lp FROM v GROUP BY iid, uid),
u AS (
  SELECT v.iid, v.uid, SUM(v.value) AS s, SUM(v.value * v.denominator) AS num, SUM(v.denominator) AS den,
         MAX(CASE WHEN v.period = l.lp THEN v.value END) AS lv, MAX(CASE WHEN v.period = l.lp THEN v.denominator END) AS ld
    FROM v JOIN l ON l.iid = v.iid AND l.uid = v.uid
   GROUP BY v.iid, v.uid)
SELECT i.code, COUNT(*),
       CASE WHEN i.measure = 'flow' AND i.aggregation IN ('rate', 'ratio') THEN SUM(u.num) / SUM(u.den)
            WHEN i.measure = 'flow' THEN SUM(u.s)
            WHEN i.aggregation IN ('rate', 'ratio') THEN SUM(u.lv * u.ld) / SUM(u.ld)
            ELSE SUM(u.lv) END
  FROM indicator i JOIN u ON u.iid = i.id
 GROUP BY i.id, i.code, i.measure, i.aggregation ORDER BY i.code`;
}
