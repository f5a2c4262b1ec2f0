// soak.mjs — `thidua serve` under a crowd: SOAK_CONNECTIONS (256) keep-alive connections for
// SOAK_SECONDS (120) of mixed reads and writes on loopback, against the demo database. Each
// connection is one client that sends its next request when the last is answered; about four
// requests in ten are writes (PUT …/values, one figure), the rest the reads a commune's staff
// make (figures of a unit, the evaluation, completeness, the plan, /healthz).
//
// It fails (exit 1) when:
//   - any answer is not 2xx, or a request fails (reset, timeout);
//   - the server's resident memory (VmRSS) grows 10% or more from the end of the warm-up
//     (SOAK_WARMUP seconds, 20) to the end;
//   - a write the server acknowledged is not there afterwards: every client writes its own
//     figures (indicator, unit, month) so the last acknowledged value of each is known; they are
//     read back after the server was stopped (SIGTERM) and started again on the same database.
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.THIDUA_BIN ?? path.resolve('build/thidua');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const WARMUP = Number(process.env.SOAK_WARMUP ?? 20);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 256);
const KEYS_PER_CLIENT = 3;
const dir = mkdtempSync(path.join(tmpdir(), 'thidua-soak-'));
const db = path.join(dir, 'soak.db');
let server;

function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }

function start() {
  const child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; if (err.length > 65536) err = err.slice(-32768); });
  child.log = () => err;
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`thidua serve exited (${code}): ${err}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
}

function rssKb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });

function request(port, token, method, url, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({
      host: '127.0.0.1', port, method, path: url, agent, timeout: 30000,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}),
      },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout 30 s')));
    req.on('error', reject);
    req.end(data);
  });
}

// A figure between 1 and 99,99 with two decimals: valid for counts and percentages alike.
function figure(n) { return 1 + (n % 9899) / 100; }
function vi(x) { return x.toFixed(2).replace('.', ','); }

try {
  spawnSync(BIN, ['--db', db, 'init', '--demo'], { encoding: 'utf8' });
  const token = spawnSync(BIN, ['--db', db, 'token', 'create', 'admin'], { encoding: 'utf8' }).stdout.trim();
  let s = await start();
  server = s.child;
  const get = async (url) => JSON.parse((await request(s.port, token, 'GET', url)).body);

  // The keys: (indicator, unit, month) the admin may write a number to, and that hold no figure
  // yet; tried once each before the load (that write counts as the first).
  const indicators = (await get('/api/v1/plans/1/indicators?limit=500')).items.map((i) => i.code);
  const units = (await get('/api/v1/plans/1/org-units?limit=500')).items.map((u) => u.code);
  const wanted = CONNECTIONS * KEYS_PER_CLIENT;
  const keys = [];
  const last = new Map(); // key → last acknowledged figure
  const candidates = [];
  for (let m = 12; m >= 1; m--)
    for (const u of units)
      for (const i of indicators) candidates.push({ indicator: i, org_unit: u, period: `2026-${String(m).padStart(2, '0')}` });
  for (let c = 0; c < candidates.length && keys.length < wanted; c += 32) {
    await Promise.all(candidates.slice(c, c + 32).map(async (k) => {
      const v = figure(keys.length + c);
      const r = await request(s.port, token, 'PUT', '/api/v1/plans/1/values', { ...k, value: vi(v) });
      if (r.status === 200 && keys.length < wanted) {
        keys.push(k);
        last.set(`${k.indicator}|${k.org_unit}|${k.period}`, v);
      }
    }));
  }
  if (keys.length < wanted) throw new Error(`only ${keys.length} writable figures, ${wanted} wanted`);

  const counts = { read: 0, write: 0 };
  const errors = new Map();
  const latencies = [];
  const byKind = new Map(); // "GET /api/v1/plans/1/evaluation" → latencies (ms)
  let stopAt = 0;
  const note = (what) => errors.set(what, (errors.get(what) ?? 0) + 1);
  const reads = [
    (k) => `/api/v1/plans/1/values?unit=${k.org_unit}&period=${k.period}`,
    () => '/api/v1/plans/1/evaluation?period=2026-Q1',
    () => '/api/v1/plans/1/completeness?period=2026-01',
    () => '/api/v1/plans/1',
    () => '/healthz',
  ];
  async function client(c) {
    const mine = keys.slice(c * KEYS_PER_CLIENT, (c + 1) * KEYS_PER_CLIENT);
    for (let n = 0; Date.now() < stopAt; n++) {
      const k = mine[n % mine.length];
      const write = Math.random() < 0.4;
      const url = write ? '/api/v1/plans/1/values' : reads[Math.floor(Math.random() * reads.length)](k);
      const kind = `${write ? 'PUT' : 'GET'} ${url.replace(/\?.*/, '')}`;
      const t0 = performance.now();
      try {
        if (write) {
          const v = figure(c * 7919 + n);
          const r = await request(s.port, token, 'PUT', url, { ...k, value: vi(v) });
          if (r.status === 200) last.set(`${k.indicator}|${k.org_unit}|${k.period}`, v);
          else note(`PUT ${r.status} ${r.body.slice(0, 160)}`);
          counts.write++;
        } else {
          const r = await request(s.port, token, 'GET', url);
          if (r.status !== 200) note(`${kind} ${r.status} ${r.body.slice(0, 160)}`);
          counts.read++;
        }
      } catch (e) {
        note(`${write ? 'PUT' : 'GET'} ${e.message}`);
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (!byKind.has(kind)) byKind.set(kind, []);
      byKind.get(kind).push(ms);
    }
  }

  const t0 = Date.now();
  stopAt = t0 + SECONDS * 1000;
  const rss = [];
  const sampler = setInterval(() => rss.push({ t: (Date.now() - t0) / 1000, kb: rssKb(server.pid) }), 1000);
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => client(c)));
  clearInterval(sampler);
  const elapsed = (Date.now() - t0) / 1000;
  const atWarm = rss.find((x) => x.t >= WARMUP) ?? rss[0];
  const atEnd = rss[rss.length - 1];
  const peak = Math.max(...rss.map((x) => x.kb));
  const growth = (atEnd.kb - atWarm.kb) / atWarm.kb;
  agent.destroy();

  // every acknowledged write, read back from a server started again on the same file
  await stop(server);
  s = await start();
  server = s.child;
  let missing = 0;
  const examples = [];
  for (let i = 0; i < keys.length; i += 32) {
    await Promise.all(keys.slice(i, i + 32).map(async (k) => {
      const url = `/api/v1/plans/1/values?unit=${k.org_unit}&period=${k.period}&indicator=${k.indicator}`;
      const items = (await get(url)).items.filter((x) => x.indicator === k.indicator);
      const want = last.get(`${k.indicator}|${k.org_unit}|${k.period}`);
      if (items.length !== 1 || Math.abs(items[0].value - want) > 1e-9) {
        missing++;
        if (examples.length < 5) examples.push(`${k.indicator} ${k.org_unit} ${k.period}: ${want} ≠ ${items[0]?.value}`);
      }
    }));
  }

  const pctOf = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1);
  latencies.sort((a, b) => a - b);
  const pct = (p) => pctOf(latencies, p);
  const total = counts.read + counts.write;
  const nErrors = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(`soak: ${CONNECTIONS} connections, ${elapsed.toFixed(0)} s, ${total} requests ` +
    `(${(total / elapsed).toFixed(0)}/s): ${counts.write} writes, ${counts.read} reads`);
  console.log(`latency ms: p50 ${pct(0.5)}  p99 ${pct(0.99)}  max ${latencies[latencies.length - 1].toFixed(1)}`);
  for (const [kind, xs] of [...byKind].sort()) {
    xs.sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(40)} ${String(xs.length).padStart(7)}   p50 ${pctOf(xs, 0.5).padStart(7)}   p99 ${pctOf(xs, 0.99).padStart(7)}`);
  }
  console.log(`error answers: ${nErrors}`);
  for (const [what, n] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${n} × ${what}`);
  console.log(`server RSS: ${(atWarm.kb / 1024).toFixed(1)} MB after ${atWarm.t.toFixed(0)} s warm-up, ` +
    `${(atEnd.kb / 1024).toFixed(1)} MB at the end (${(growth * 100).toFixed(1)}%), peak ${(peak / 1024).toFixed(1)} MB`);
  console.log(`writes checked after a restart: ${keys.length} figures, ${missing} missing or stale`);
  for (const e of examples) console.log(`  ${e}`);
  const ok = nErrors === 0 && growth < 0.10 && missing === 0;
  console.log(ok ? 'soak: OK' : 'soak: FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  if (server && server.exitCode === null) await stop(server);
  rmSync(dir, { recursive: true, force: true });
}
