// http.mjs — requests per second of `thidua serve` for a JSON body held in memory (the OpenAPI
// document, 25 KB) against nginx serving the same bytes from a file, measured in the same run
// with wrk (2 threads, 50 connections). Also the evaluation endpoint, the heaviest read.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.THIDUA_BIN ?? path.resolve('build/thidua');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), 'thidua-httpbench-'));
chmodSync(dir, 0o755); // nginx's workers run as www-data and must read the file
const children = [];

function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }

function wrk(url, headers = []) {
  const args = ['-t2', '-c50', `-d${SECONDS}s`, '--latency'];
  for (const h of headers) args.push('-H', h);
  const r = spawnSync('wrk', [...args, url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const rps = Number(/Requests\/sec:\s+([0-9.]+)/.exec(r.stdout)[1]);
  const p99 = /99%\s+([0-9.]+\w+)/.exec(r.stdout)?.[1];
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? '0';
  return { rps, p99, errors };
}

function show(label, m) {
  console.log(`${label.padEnd(52)} ${m.rps.toFixed(0).padStart(8)} req/s   p99 ${m.p99}   non-2xx ${m.errors}`);
}

try {
  const db = path.join(dir, 'bench.db');
  spawnSync(BIN, ['--db', db, 'init', '--demo'], { encoding: 'utf8' });
  const token = spawnSync(BIN, ['--db', db, 'token', 'create', 'xem'], { encoding: 'utf8' }).stdout.trim();

  const server = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(server);
  const base = await new Promise((resolve) => {
    let out = '';
    server.stdout.on('data', (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out); if (m) resolve(m[0]); });
  });

  // nginx on its own config and port, serving the same document as a file
  const root = path.join(dir, 'www');
  mkdirSync(root);
  const body = await (await fetch(`${base}/api/v1/openapi.json`)).arrayBuffer();
  writeFileSync(path.join(root, 'openapi.json'), Buffer.from(body));
  const port = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(path.join(dir, 'nginx.conf'), `
worker_processes 2; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; types { application/json json; }
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${port}; root ${root}; } }`);
  mkdirSync(path.join(dir, 'tmp'));
  const nginx = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'inherit' });
  children.push(nginx);
  await wait(500);

  console.log(`body: ${body.byteLength} bytes, ${SECONDS} s each, wrk -t2 -c50\n`);
  const ref = wrk(`http://127.0.0.1:${port}/openapi.json`);
  show('nginx: static file (reference)', ref);
  const ours = wrk(`${base}/api/v1/openapi.json`);
  show('thidua: /api/v1/openapi.json from memory', ours);
  const health = wrk(`${base}/healthz`);
  show('thidua: /healthz (database query)', health);
  const ev = wrk(`${base}/api/v1/plans/1/evaluation?period=2026-Q3&as_of=2026-11-25`, [`Authorization: Bearer ${token}`]);
  show('thidua: evaluation 2026-Q3 (auth, engine, JSON)', ev);
  console.log(`\nthidua / nginx on the same body: ${(ours.rps / ref.rps).toFixed(2)}×`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await wait(300);
  rmSync(dir, { recursive: true, force: true });
}
