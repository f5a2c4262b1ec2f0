// grow.mjs — makes the demo commune as large as a benchmark needs, with SQL run by the sqlite3
// client (fast, and through the same triggers as any write): `units` org units in all, and for
// each numeric leaf target of plan 1, each unit and each month of 2026 (from firstMonth) one
// approved figure.
import { run } from './common.mjs';

const LEAVES = `SELECT i.id FROM indicator i WHERE i.plan_id = 1 AND i.target_op IS NOT NULL
  AND i.target_op NOT IN ('list', 'assigned', 'done') AND i.formula IS NULL
  AND NOT EXISTS (SELECT 1 FROM indicator c WHERE c.parent_id = i.id)`;

/** Adds villages to commune 1 until it has `units` org units. */
export function addUnits(db, units) {
  run('sqlite3', [db, `
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ${units})
INSERT INTO org_unit (commune_id, code, name, kind)
SELECT 1, 'bench-' || n, 'Thôn thử ' || n, 'village' FROM k
WHERE (SELECT COUNT(*) FROM org_unit) + n <= ${units};`]);
}

/** The numeric leaf targets of plan 1: their codes. */
export function leafCodes(db) {
  return run('sqlite3', [db, `SELECT code FROM indicator WHERE id IN (${LEAVES}) ORDER BY id`]).trim().split('\n');
}

export function grow(db, units, { firstMonth = 1 } = {}) {
  addUnits(db, units);
  run('sqlite3', [db, `
PRAGMA foreign_keys = ON;
DELETE FROM data_value;
WITH RECURSIVE m(k) AS (SELECT ${firstMonth} UNION ALL SELECT k + 1 FROM m WHERE k < 12)
INSERT INTO data_value (indicator_id, org_unit_id, period, value, denominator, status, updated_by, updated_at, submitted_at)
SELECT i.id, u.id, '2026-' || CASE WHEN m.k < 10 THEN '0' ELSE '' END || m.k,
       (abs(random()) % 90) + 5, 100, 'approved', 'bench', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'
FROM (${LEAVES}) i, org_unit u, m WHERE u.commune_id = 1;`]);
  return Number(run('sqlite3', [db, 'SELECT COUNT(*) FROM data_value']).trim());
}

