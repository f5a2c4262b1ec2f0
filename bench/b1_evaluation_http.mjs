// b1_evaluation_http.mjs — B1: GET the dashboard's evaluation of the demo plan for a period,
// authenticated with an API token, under wrk with 1, 64 and 512 connections; the reference is
// nginx serving the same response bytes as a static file with the same wrk settings and the same
// pinning (server on one core, wrk on the other). Goal at 64 connections: throughput ≥ 0,9 ×
// nginx's, p99 ≤ 2 × nginx's. Also: the cost of computing an answer that is not kept (each
// request asks another as-of date, so each runs the engine), and the compressed sizes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoDb, fmt, get, result, serveNginx, serveThidua, tempDir, wrk } from './lib/common.mjs';

const dir = tempDir('b1');
const { db, token } = demoDb(dir);
const auth = `Authorization: Bearer ${token}`;
const EVAL = '/api/v1/plans/1/evaluation?period=2026-Q3&as_of=2026-11-25';

const thidua = await serveThidua(db);
const body = (await get(thidua.base + EVAL, { Authorization: `Bearer ${token}` })).body;
const root = path.join(dir, 'www');
mkdirSync(root);
writeFileSync(path.join(root, 'evaluation.json'), body);
const nginx = await serveNginx(root);

console.log(`B1: evaluation body ${fmt(body.length)} bytes (gzip ${fmt(gzipSync(body).length)}); wrk ${process.env.BENCH_SECONDS ?? 5} s each, server pinned to one core, wrk to the other\n`);
console.log('connections   nginx req/s   p50 ms   p99 ms │ thidua req/s   p50 ms   p99 ms   errors │ ratio');
const rows = [];
for (const c of [1, 64, 512]) {
  const ref = wrk(`${nginx.base}/evaluation.json`, { connections: c, headers: [auth] });
  const ours = wrk(thidua.base + EVAL, { connections: c, headers: [auth] });
  rows.push({ c, ref, ours });
  console.log(`${String(c).padStart(11)}   ${fmt(ref.rps).padStart(11)}   ${fmt(ref.p50, 2).padStart(6)}   ${fmt(ref.p99, 2).padStart(6)} │ ` +
    `${fmt(ours.rps).padStart(12)}   ${fmt(ours.p50, 2).padStart(6)}   ${fmt(ours.p99, 2).padStart(6)}   ${ours.non2xx ? `${ours.non2xx} non-2xx ` : ''}${ours.errors === 'none' ? '0' : ours.errors} │ ${fmt(ours.rps / ref.rps, 2)}×`);
}

// answers not kept: another as-of date each time, so each request runs the engine
const days = Array.from({ length: 21 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
let k = 0;
const cold = [];
for (const d of days) {
  const t0 = process.hrtime.bigint();
  const r = await get(`${thidua.base}/api/v1/plans/1/evaluation?period=2026-Q3&as_of=${d}`, { Authorization: `Bearer ${token}` });
  if (r.status !== 200) throw new Error(`evaluation as of ${d}: ${r.status}`);
  cold.push(Number(process.hrtime.bigint() - t0) / 1e6);
  k++;
}
cold.sort((a, b) => a - b);
const coldMs = cold[Math.floor(cold.length / 2)];
console.log(`\nan answer not kept (engine run, ${k} as-of dates): median ${fmt(coldMs, 1)} ms`);

const at64 = rows.find((r) => r.c === 64);
const ratio = at64.ours.rps / at64.ref.rps, p99ratio = at64.ours.p99 / at64.ref.p99;
result({
  id: 'B1', work: 'GET evaluation (token), wrk 64 connections',
  measured: `${fmt(at64.ours.rps)} req/s, p99 ${fmt(at64.ours.p99, 1)} ms`,
  reference: `nginx ${fmt(at64.ref.rps)} req/s, p99 ${fmt(at64.ref.p99, 1)} ms`,
  ratio: `${fmt(ratio, 2)}× req/s, ${fmt(p99ratio, 2)}× p99`,
  goal: '≥ 0,9× req/s; p99 ≤ 2×', met: ratio >= 0.9 && p99ratio <= 2,
  extra: rows.map((r) => `${r.c} conn: ${fmt(r.ours.rps)} vs ${fmt(r.ref.rps)} req/s (${fmt(r.ours.rps / r.ref.rps, 2)}×), p99 ${fmt(r.ours.p99, 1)} vs ${fmt(r.ref.p99, 1)} ms`).join('; ') + `; engine run (not kept) ${fmt(coldMs, 1)} ms`,
});
await thidua.stop();
await nginx.stop();
