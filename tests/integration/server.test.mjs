// server.test.mjs — the real `thidua serve` on a loopback port, driven with node's fetch:
// health, plans, values, the evaluation with its ETag, the error shape, and the graceful stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BIN, run, tempDir } from './helpers.mjs';

/** Starts the server on a free port; resolves with {base, child, stopped}. */
function serve(t, db) {
  const child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stopped = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  t.after(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, child, stopped });
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}

function demoDb(t) {
  const db = path.join(tempDir(t), 'demo.db');
  assert.equal(run(['--db', db, 'init', '--demo']).code, 0);
  return db;
}

test('the API serves plans, values and evaluations, and stops cleanly on SIGTERM', async (t) => {
  const { base, child, stopped } = await serve(t, demoDb(t));
  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200);
  const schema = Number(/lược đồ cơ sở dữ liệu v(\d+)/.exec(run(['--version']).stdout)[1]);
  assert.deepEqual(await health.json(), { status: 'ok', schema });

  const plans = await (await fetch(`${base}/api/v1/plans`)).json();
  assert.equal(plans.total, 1);
  const plan = await (await fetch(`${base}/api/v1/plans/1`)).json();
  assert.equal(plan.indicators.length, 20);
  const values = await (await fetch(`${base}/api/v1/plans/1/values?unit=thon-9&period=2026-Q3`)).json();
  assert.ok(values.items.length > 0);
  assert.ok(values.items.every((v) => v.org_unit === 'thon-9' && v.period === '2026-Q3'));

  const url = `${base}/api/v1/plans/1/evaluation?period=2026&as_of=2026-11-25`;
  const ev = await fetch(url);
  assert.equal(ev.status, 200);
  assert.match(ev.headers.get('content-type'), /application\/json/);
  const etag = ev.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  const body = await ev.json();
  assert.equal(body.summary.total, 47);
  const again = await fetch(url, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const other = await fetch(`${base}/api/v1/plans/1/evaluation?period=2026-Q3&as_of=2026-11-25`, { headers: { 'If-None-Match': etag } });
  assert.equal(other.status, 200);
  const unit = await (await fetch(`${base}/api/v1/plans/1/evaluation?period=2026&unit=thon-9&as_of=2026-11-25`)).json();
  assert.equal(unit.org_unit, 'thon-9');

  child.kill('SIGTERM');
  const end = await stopped;
  assert.equal(end.code, 0, end.out);
  assert.match(end.out, /đã dừng/);
});

test('errors are JSON with a status that says what went wrong', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const cases = [
    ['GET', '/khong-co', 404, 'not_found'],
    ['GET', '/api/v1/plans/9', 404, 'not_found'],
    ['GET', '/api/v1/plans/abc', 404, 'not_found'],
    ['POST', '/api/v1/plans', 405, 'method_not_allowed'],
    ['GET', '/api/v1/plans/1/evaluation?period=2026-13', 422, 'invalid'],
    ['GET', '/api/v1/plans/1/evaluation?unit=khong-co', 404, 'not_found'],
    ['GET', '/api/v1/plans/1/evaluation?as_of=31/02/2026', 422, 'invalid'],
    ['GET', '/api/v1/plans/1/values?period=x', 422, 'invalid'],
  ];
  for (const [method, url, status, code] of cases) {
    const r = await fetch(base + url, { method });
    assert.equal(r.status, status, `${method} ${url}`);
    const e = await r.json();
    assert.equal(e.error.code, code, `${method} ${url}`);
    assert.ok(e.error.message.length > 5);
    assert.ok('details' in e.error);
  }
  const post = await fetch(`${base}/api/v1/plans`, { method: 'POST' });
  assert.equal(post.headers.get('allow'), 'GET');
  // an oversized body is refused by the server's limit, and the server keeps serving
  const big = await fetch(`${base}/api/v1/plans`, { method: 'POST', body: 'x'.repeat(9 * 1024 * 1024) }).catch(() => null);
  if (big) assert.ok(big.status >= 400);
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
});

test('serve refuses a bad address before listening', () => {
  const r = run(['serve', '--listen', '127.0.0.1:99999']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--listen/);
});
