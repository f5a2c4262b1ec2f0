// run.mjs — `make bench`: runs B1–B6 (bench/b*.mjs) one after the other, each printing its own
// figures, then the soak test (bench/soak.mjs, 60 s here), and prints the table of results with
// each goal. Benchmarks are not tests: a missed goal is reported, not failed; a benchmark that
// breaks (a server that does not start, a wrong count) fails the run.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
const files = readdirSync(here).filter((f) => /^b\d_.*\.mjs$/.test(f)).sort()
  .filter((f) => !only || only.some((o) => f.startsWith(o.toLowerCase())));
const results = [];
const t0 = Date.now();

function runOne(file, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('RESULT ')) results.push(JSON.parse(line.slice(7)));
        else console.log(line);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}`))));
  });
}

for (const f of files) {
  console.log(`\n== ${f}`);
  const t = Date.now();
  await runOne(f);
  console.log(`(${((Date.now() - t) / 1000).toFixed(0)} s)`);
}
if (!only && !process.env.BENCH_NO_SOAK) {
  console.log('\n== soak.mjs (256 connections, mixed reads and writes)');
  await runOne('soak.mjs', { SOAK_SECONDS: process.env.SOAK_SECONDS ?? '60', SOAK_WARMUP: process.env.SOAK_WARMUP ?? '15' });
}

console.log(`\n== results (${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((Date.now() - t0) / 60000).toFixed(1)} min)\n`);
console.log('| # | work | measured | reference (same run) | ratio | goal | met |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.id} | ${r.work} | ${r.measured} | ${r.reference} | ${r.ratio} | ${r.goal} | ${r.met ? 'yes' : 'no'} |`);
for (const r of results.filter((x) => x.extra)) console.log(`\n${r.id}: ${r.extra}`);
