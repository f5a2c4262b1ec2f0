// common.mjs — what the benchmarks share: a temporary directory, the thidua binary, servers on
// loopback that stop with the benchmark whatever happens (exit, error, Ctrl+C), wrk, nginx as
// the reference web server, timing, and the result line that bench/run.mjs gathers.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(process.env.THIDUA_BIN ?? 'build/thidua');
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/* two cores: the load generator on one, the server measured (thidua or nginx) on the other */
export const CLIENT_CPU = '0';
export const SERVER_CPU = cpus().length > 1 ? '1' : '0';

const children = new Set();
const dirs = [];

function cleanup() {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* gone already */ }
  }
  children.clear();
  if (!process.env.BENCH_KEEP) for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
// the trap: servers never outlive the benchmark
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanup(); process.exit(130); });

export function tempDir(name) {
  const d = mkdtempSync(path.join(tmpdir(), `thidua-bench-${name}-`));
  chmodSync(d, 0o755); // nginx's workers run as www-data and read the reference file
  dirs.push(d);
  return d;
}

export function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }

/** Runs a command to its end; throws with its stderr on failure. */
export function run(cmd, args, { input, env = {} } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 30, env: { ...process.env, THIDUA_DB: '', ...env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Milliseconds a synchronous function takes. */
export function timeMs(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The median of runs timings of fn, in ms. */
export function medianMs(runs, fn) {
  const ms = [];
  for (let i = 0; i < runs; i++) ms.push(timeMs(fn));
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

/** hyperfine's mean, standard deviation, median and CPU time (user + system), in ms, of a command line. */
export function hyperfine(cmd, { runs = 10, warmup = 1 } = {}) {
  const out = path.join(tempDir('hf'), 'hf.json');
  run('hyperfine', ['-N', '--runs', String(runs), '--warmup', String(warmup), '--export-json', out, cmd]);
  const r = JSON.parse(readFileSync(out, 'utf8')).results[0];
  return { mean: r.mean * 1000, stddev: r.stddev * 1000, median: r.median * 1000, cpu: (r.user + r.system) * 1000 };
}

/** A demo database in dir, with an API token for the viewer account. */
export function demoDb(dir) {
  const db = path.join(dir, 'bench.db');
  run(BIN, ['--db', db, 'init', '--demo']);
  const token = run(BIN, ['--db', db, 'token', 'create', 'admin']).trim();
  return { db, token };
}

/** One GET /healthz on a new connection (node:http, whose first use costs nothing, unlike
 * fetch's): true on a 200. */
function healthy(base) {
  return new Promise((resolve) => {
    const req = http.get(`${base}/healthz`, { agent: false }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
  });
}

/** A GET on a new connection (no pooled socket the server may have closed while idle):
 * resolves {status, body: Buffer}. */
export function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** `thidua serve` on a free loopback port, pinned to SERVER_CPU; resolves {base, child, ms}
 * where ms is the time from spawn to the first answered request (/healthz). */
export async function serveThidua(db, extra = []) {
  const t0 = process.hrtime.bigint();
  const child = spawn('taskset', ['-c', SERVER_CPU, BIN, '--db', db, 'serve', '--listen', '127.0.0.1:0', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.on('data', (d) => { err += d; if (err.length > 65536) err = err.slice(-32768); });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`thidua serve exited (${code}): ${err}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(m[0]);
    });
  });
  while (!(await healthy(base))) await wait(1);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  child.removeAllListeners('exit');
  return { base, child, ms, stop: () => stop(child) };
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) { children.delete(child); resolve(); return; }
    child.on('exit', () => { children.delete(child); resolve(); });
    child.kill('SIGTERM');
  });
}

/** nginx on loopback serving root, one worker pinned to SERVER_CPU; resolves {base, stop}. */
export async function serveNginx(root) {
  const dir = tempDir('nginx');
  mkdirSync(path.join(dir, 'tmp'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(path.join(dir, 'nginx.conf'), `
worker_processes 1; daemon off; master_process off;
pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http { access_log off; types { application/json json; } default_type application/json;
  sendfile on; tcp_nodelay on; keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${port}; root ${root}; } }`);
  const child = spawn('taskset', ['-c', SERVER_CPU, 'nginx', '-c', path.join(dir, 'nginx.conf'), '-p', dir],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/`)).status) break; } catch { if (i > 2000) throw new Error('nginx did not start'); await wait(5); }
  }
  return { base, child, stop: () => stop(child) };
}

/** wrk pinned to CLIENT_CPU: requests/s, latency percentiles (ms), errors. */
export function wrk(url, { connections = 64, seconds = SECONDS, headers = [], lua = null } = {}) {
  /* one thread with a script: its counter makes every request's values new */
  const threads = lua ? 1 : Math.min(2, connections);
  const args = ['-c', CLIENT_CPU, 'wrk', `-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  if (lua) args.push('-s', lua);
  for (const h of headers) args.push('-H', h);
  const out = run('taskset', [...args, url]);
  const ms = (s) => {
    const m = /([0-9.]+)(us|ms|s)\b/.exec(s);
    return m ? Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 })[m[2]] : NaN;
  };
  return {
    rps: Number(/Requests\/sec:\s+([0-9.]+)/.exec(out)[1]),
    p50: ms(/^\s*50%\s+(\S+)/m.exec(out)[1]),
    p99: ms(/^\s*99%\s+(\S+)/m.exec(out)[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: /Socket errors: (.*)/.exec(out)?.[1] ?? 'none',
  };
}

/** Resident memory (kB) of a process: now and at its peak. */
export function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)[1]), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)[1]) };
}

/** Least-squares fit of time (s) against rows through the origin: rows per second. */
export function fitRowsPerSecond(points) {
  const sxy = points.reduce((a, p) => a + p.rows * p.seconds, 0);
  const sxx = points.reduce((a, p) => a + p.rows * p.rows, 0);
  return sxx / sxy;
}

export const fmt = (x, d = 0) => Number(x).toLocaleString('vi-VN', { minimumFractionDigits: d, maximumFractionDigits: d });

/** The line bench/run.mjs gathers into the table: {id, work, measured, reference, ratio, goal, met}. */
export function result(r) {
  console.log(`RESULT ${JSON.stringify(r)}`);
}
