// b6_memory_startup.mjs — B6: the server's resident memory idle and under B1's load (the
// evaluation, 64 connections) on the demo database, and its start-up time to the first answered
// request (spawn to a 200 from /healthz, median of 10 starts). Goals: < 20 MB; < 50 ms.
import { demoDb, fmt, memory, result, serveThidua, tempDir, wrk } from './lib/common.mjs';

const dir = tempDir('b6');
const { db, token } = demoDb(dir);
const starts = [];
for (let i = 0; i < 10; i++) {
  const s = await serveThidua(db);
  starts.push(s.ms);
  await s.stop();
}
starts.sort((a, b) => a - b);
const start = starts[Math.floor(starts.length / 2)];

const s = await serveThidua(db);
await new Promise((r) => setTimeout(r, 300));
const pid = s.child.pid;
// taskset execs thidua in the same process: the pid is the server's
const idle = memory(pid);
const load = wrk(`${s.base}/api/v1/plans/1/evaluation?period=2026-Q3&as_of=2026-11-25`, { connections: 64, headers: [`Authorization: Bearer ${token}`] });
const after = memory(pid);
await s.stop();
console.log(`B6: start-up to the first answer: median ${fmt(start, 1)} ms (min ${fmt(starts[0], 1)}, max ${fmt(starts.at(-1), 1)})`);
console.log(`B6: resident memory idle ${fmt(idle.rss / 1024, 1)} MB; under load (${fmt(load.rps)} req/s) peak ${fmt(after.hwm / 1024, 1)} MB, after ${fmt(after.rss / 1024, 1)} MB`);
result({ id: 'B6', work: 'server memory idle / under B1 load; start-up to first answer', measured: `${fmt(idle.rss / 1024, 1)} MB / ${fmt(after.hwm / 1024, 1)} MB; ${fmt(start, 1)} ms`,
  reference: '—', ratio: '—', goal: '< 20 MB; < 50 ms', met: after.hwm / 1024 < 20 && start < 50 });
