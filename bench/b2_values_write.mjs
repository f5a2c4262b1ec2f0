// b2_values_write.mjs — B2: PUT bulk figures through the API, 50 per request (each request a new
// value for each of the same 50 figures, so every row is written: checked, versioned, audited),
// durable as configured: WAL with synchronous=NORMAL (a commit is in the log before the answer;
// the log is synced at checkpoints). Reference: the sqlite3 client upserting the same rows into a
// bare table with the same unique key, in transactions of 50, with the same settings.
// Goal: ≥ 0,7 × the raw rate.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, SECONDS, demoDb, fmt, result, run, serveThidua, tempDir, timeMs, wrk } from './lib/common.mjs';

const dir = tempDir('b2');
const { db, token } = demoDb(dir);
const plan = JSON.parse(run(BIN, ['--db', db, 'plan', 'show', '1', '--json']));
const units = JSON.parse(run('sqlite3', ['-json', db, 'SELECT code FROM org_unit ORDER BY id'])).map((r) => r.code);
const walk = function* (ns) { for (const n of ns) { yield n; yield* walk(n.children); } };
const inds = [...walk(plan.indicators)].filter((i) => !i.children.length && i.aggregation === 'sum' && i.target &&
  !['done', 'list', 'assigned'].includes(i.target.op) && i.measure !== 'yesno');
const keys = [];
for (const u of units) for (const i of inds) if (keys.length < 50) keys.push([i.code, u]);

const lua = path.join(dir, 'put.lua');
writeFileSync(lua, `
local keys = {${keys.map(([i, u]) => `{"${i}","${u}"}`).join(',')}}
local n = 0
request = function()
  n = n + 1
  local parts = {}
  for k, key in ipairs(keys) do
    parts[k] = string.format('{"indicator":"%s","org_unit":"%s","period":"2026-12","value":%d}', key[1], key[2], n * 100 + k)
  end
  return wrk.format("PUT", "/api/v1/plans/1/values", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer ${token}"}, '{"values":[' .. table.concat(parts, ",") .. ']}')
end
`);

const thidua = await serveThidua(db);
// one writer at a time is what SQLite allows: 4 connections keep the writer busy without
// measuring the wait for the lock
const m = wrk(`${thidua.base}/api/v1/plans/1/values`, { connections: 4, seconds: SECONDS, headers: [] , lua });
await thidua.stop();
const rows = m.rps * 50;
console.log(`B2: thidua PUT …/values, 50 figures per request, wrk 4 connections ${SECONDS} s: ${fmt(m.rps)} req/s = ${fmt(rows)} rows/s (p99 ${fmt(m.p99, 1)} ms, non-2xx ${m.non2xx})`);

// the reference: the same key shape, transactions of 50, at least 50.000 rows (as many as thidua
// wrote when more): sqlite3's start and its CREATE TABLE are amortized the same way whatever
// thidua's rate, which with fewer rows made the reference faster the faster thidua was
const n = Math.max(50000, Math.round(rows * SECONDS / 50) * 50);
const refDb = path.join(dir, 'ref.db');
const sql = ['PRAGMA journal_mode=WAL;', 'PRAGMA synchronous=NORMAL;',
  'CREATE TABLE v (id INTEGER PRIMARY KEY, indicator TEXT NOT NULL, org_unit TEXT NOT NULL, period TEXT NOT NULL, value REAL, version INTEGER NOT NULL DEFAULT 1, UNIQUE (indicator, org_unit, period));'];
for (let r = 0; r < n / 50; r++) {
  sql.push('BEGIN;');
  keys.forEach(([i, u], k) => sql.push(`INSERT INTO v (indicator, org_unit, period, value) VALUES ('${i}', '${u}', '2026-12', ${r * 100 + k}) ON CONFLICT (indicator, org_unit, period) DO UPDATE SET value = excluded.value, version = version + 1;`));
  sql.push('COMMIT;');
}
const script = path.join(dir, 'ref.sql');
writeFileSync(script, sql.join('\n'));
const ms = timeMs(() => run('sh', ['-c', `sqlite3 ${refDb} < ${script}`]));
const refRows = n / (ms / 1000);
console.log(`reference: sqlite3 upserting ${fmt(n)} rows in transactions of 50 (WAL, synchronous=NORMAL): ${fmt(refRows)} rows/s`);
const ratio = rows / refRows;
console.log(`thidua / sqlite3: ${fmt(ratio, 2)}×`);
result({ id: 'B2', work: 'PUT values, 50 per request (WAL, synchronous=NORMAL)', measured: `${fmt(rows)} rows/s (${fmt(m.rps)} req/s${m.non2xx ? `, ${m.non2xx} non-2xx` : ''})`,
  reference: `sqlite3 ${fmt(refRows)} rows/s`, ratio: `${fmt(ratio, 2)}×`, goal: '≥ 0,7×', met: ratio >= 0.7 && !m.non2xx });
