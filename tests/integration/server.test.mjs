// server.test.mjs — the real `thidua serve` on a loopback port, driven with node's fetch:
// health, plans, values, the evaluation with its ETag, the error shape, and the graceful stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PASSWORD, PG, dbUrl, demoDb, login, run, serve, sql, tempDir } from './helpers.mjs';

test('the API serves plans, values and evaluations, and stops cleanly on SIGTERM', async (t) => {
  const { base, child, stopped } = await serve(t, demoDb(t));
  const { read, write } = await login(base, 'admin');
  const get = (u, h = {}) => fetch(base + u, { headers: { ...read, ...h } });
  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200);
  const schema = Number(/lược đồ cơ sở dữ liệu v(\d+)/.exec(run(['--version']).stdout)[1]);
  assert.deepEqual(await health.json(), { status: 'ok', schema });

  const plans = await (await get('/api/v1/plans')).json();
  assert.equal(plans.total, 1);
  const plan = await (await get('/api/v1/plans/1')).json();
  assert.equal(plan.indicators.length, 20);
  const values = await (await get('/api/v1/plans/1/values?unit=thon-9&period=2026-Q3')).json();
  assert.ok(values.items.length > 0);
  assert.ok(values.items.every((v) => v.org_unit === 'thon-9' && v.period === '2026-Q3'));

  const units = await (await get('/api/v1/plans/1/org-units')).json();
  assert.equal(units.total, 18);
  assert.ok(units.items.some((u) => u.code === 'thon-thai-lai' && u.kind === 'village'));
  const blocks = await (await get('/api/v1/plans/1/blocks')).json();
  assert.equal(blocks.total, 4);
  const communes = await (await get('/api/v1/communes')).json();
  assert.equal(communes.items[0].code, 'kien-hai');
  const tasks = await (await get('/api/v1/plans/1/tasks?limit=2')).json();
  assert.equal(tasks.items.length, 2);
  assert.ok(tasks.total > 2);
  // Section V's duties, each with its lead unit by name (docs/api.md)
  const all = (await (await get(`/api/v1/plans/1/tasks?limit=${tasks.total}`)).json()).items;
  const follow = all.find((x) => x.duty === 'follow_up');
  assert.deepEqual([follow.lead, follow.lead_name, follow.duty_label], ['vh-xh', 'Phòng Văn hóa - Xã hội', 'Theo dõi, đôn đốc']);
  assert.ok(all.every((x) => 'assignee' in x && 'due' in x && (x.lead === null) === (x.lead_name === null)));
  const whole = await (await get('/api/v1/plans/1')).json();
  assert.equal(whole.tasks.find((x) => x.duty === 'propagate').lead_name, 'Văn phòng HĐND và UBND xã');
  assert.equal(whole.deadlines.find((d) => d.kind === 'unit_report').last_on_time, '2026-12-04');
  assert.equal((await (await get('/api/v1/plans/1/org-units?limit=5&offset=15')).json()).items.length, 3);
  // lists page: limit and offset, with the total
  const page1 = await (await get('/api/v1/plans/1/values?limit=10')).json();
  const page2 = await (await get('/api/v1/plans/1/values?limit=10&offset=10')).json();
  assert.equal(page1.items.length, 10);
  assert.equal(page1.total, page2.total);
  assert.ok(page1.total > 200);
  assert.notDeepEqual(page1.items[0], page2.items[0]);
  assert.equal((await get('/api/v1/plans/1/values?limit=9999')).status, 422);

  const url = '/api/v1/plans/1/evaluation?period=2026&as_of=2026-11-25';
  const ev = await get(url);
  assert.equal(ev.status, 200);
  assert.match(ev.headers.get('content-type'), /application\/json/);
  const etag = ev.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  const body = await ev.json();
  assert.equal(body.summary.total, 47);
  const again = await get(url, { 'If-None-Match': etag });
  assert.equal(again.status, 304);
  const other = await get('/api/v1/plans/1/evaluation?period=2026-Q3&as_of=2026-11-25', { 'If-None-Match': etag });
  assert.equal(other.status, 200);
  const unit = await (await get('/api/v1/plans/1/evaluation?period=2026&unit=thon-9&as_of=2026-11-25')).json();
  assert.equal(unit.org_unit, 'thon-9');

  // a PATCH, a DELETE, and a PUT on a path that GET serves too, each counted under its own method
  const send = (method, u, body) => fetch(base + u, { method, headers: { ...write, 'Content-Type': 'application/json' }, body });
  assert.equal((await send('PATCH', '/api/v1/users/999', '{}')).status, 404);
  assert.equal((await send('DELETE', '/api/v1/evidence/999')).status, 404);
  assert.equal((await send('PUT', '/api/v1/plans/1/values', '[]')).status, 422);

  // /metrics counts what was just served, in Prometheus text format
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /# TYPE thidua_http_requests_total counter/);
  assert.match(metrics, /thidua_http_requests_total\{method="GET",route="\/api\/v1\/plans\/\{id\}\/evaluation",status="304"\} 1/);
  assert.match(metrics, /thidua_http_requests_total\{method="PATCH",route="\/api\/v1\/users\/\{id\}",status="404"\} 1/);
  assert.match(metrics, /thidua_http_requests_total\{method="DELETE",route="\/api\/v1\/evidence\/\{id\}",status="404"\} 1/);
  assert.match(metrics, /thidua_http_requests_total\{method="PUT",route="\/api\/v1\/plans\/\{id\}\/values",status="422"\} 1/);
  assert.match(metrics, /thidua_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} 1/);
  assert.match(metrics, /thidua_http_request_duration_seconds_count\{method="PUT",route="\/api\/v1\/plans\/\{id\}\/values"\} 1/);
  assert.match(metrics, /thidua_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/plans\/\{id\}\/values"\} [0-9]+/);
  assert.match(metrics, /thidua_db_seconds_total\{method="GET",route="\/api\/v1\/plans\/\{id\}\/evaluation"\} [0-9.]+/);
  // no two samples share a name and labels (Prometheus refuses a scrape that has any)
  const series = metrics.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.slice(0, l.lastIndexOf(' ')));
  assert.equal(new Set(series).size, series.length);

  child.kill('SIGTERM');
  const end = await stopped;
  assert.equal(end.code, 0, end.out);
  assert.match(end.out, /đã dừng/);
});

test('errors are JSON with a status that says what went wrong', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const { read } = await login(base, 'admin');
  const cases = [
    ['GET', '/khong-co', 404, 'not_found'],
    ['GET', '/api/v1/plans/9', 404, 'not_found'],
    ['GET', '/api/v1/plans/abc', 404, 'not_found'],
    ['DELETE', '/api/v1/plans', 405, 'method_not_allowed'],
    ['GET', '/api/v1/plans/1/evaluation?period=2026-13', 422, 'invalid'],
    ['GET', '/api/v1/plans/1/evaluation?unit=khong-co', 404, 'not_found'],
    ['GET', '/api/v1/plans/1/evaluation?as_of=31/02/2026', 422, 'invalid'],
    ['GET', '/api/v1/plans/1/values?period=x', 422, 'invalid'],
  ];
  for (const [method, url, status, code] of cases) {
    const r = await fetch(base + url, { method, headers: read });
    assert.equal(r.status, status, `${method} ${url}`);
    const e = await r.json();
    assert.equal(e.error.code, code, `${method} ${url}`);
    assert.ok(e.error.message.length > 5);
    assert.ok('details' in e.error);
  }
  const del = await fetch(`${base}/api/v1/plans`, { method: 'DELETE', headers: read });
  assert.equal(del.headers.get('allow'), 'GET, POST');
  // an oversized body is refused by the server's limit, and the server keeps serving
  const big = await fetch(`${base}/api/v1/plans`, { method: 'POST', body: 'x'.repeat(9 * 1024 * 1024) }).catch(() => null);
  if (big) assert.ok(big.status >= 400);
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
});

test('every answer carries the security headers; odd queries, huge ids and bad days get JSON errors', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const { read } = await login(base, 'admin');
  for (const url of ['/healthz', '/api/v1/plans', '/api/v1/khong-co', '/api/v1/openapi.json', '/metrics']) {
    const r = await fetch(base + url, { headers: read });
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.doesNotMatch(csp, /unsafe-inline/, url);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', url);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', url);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', url);
  }
  const cases = [
    // a query value that is not UTF-8: a JSON 400 naming the parameter, on every route that reads one
    ['/api/v1/plans/1/values?unit=%FF', 400, 'bad_query', /unit/],
    ['/api/v1/plans/1/evaluation?period=%C3%28', 400, 'bad_query', /period/],
    ['/api/v1/audit?q=%FE%FF', 400, 'bad_query', /\bq\b/],
    ['/api/v1/plans/1/unit-targets?indicator=%80', 400, 'bad_query', /indicator/],
    // an id beyond 64 bits names nothing, and is not echoed as the largest 64-bit number
    ['/api/v1/plans/99999999999999999999', 404, 'not_found', /99999999999999999999/],
    ['/api/v1/plans/18446744073709551617/values', 404, 'not_found', /18446744073709551617/],
    ['/api/v1/evidence/9223372036854775808', 404, 'not_found', /9223372036854775808/],
    // an offset beyond 64 bits, or beyond any list, is refused rather than echoed as the largest number
    ['/api/v1/plans/1/values?offset=99999999999999999999', 422, 'invalid', /offset/],
    ['/api/v1/audit?offset=9223372036854775807', 422, 'invalid', /offset/],
    // as_of is a day on completeness as on the evaluation
    ['/api/v1/plans/1/completeness?period=2026-Q3&as_of=garbage', 422, 'invalid', /garbage/],
    ['/api/v1/plans/1/completeness?period=2026-Q3&as_of=2026-02-30', 422, 'invalid', /2026-02-30/],
  ];
  for (const [url, status, code, message] of cases) {
    const r = await fetch(base + url, { headers: read });
    assert.equal(r.status, status, url);
    const e = await r.json();
    assert.equal(e.error.code, code, url);
    assert.match(e.error.message, message, url);
    assert.doesNotMatch(e.error.message, /9223372036854775807/, url);
  }
  assert.equal((await fetch(`${base}/api/v1/plans/1/completeness?period=2026-Q3&as_of=2026-11-25`, { headers: read })).status, 200);
});

test("what libevent refuses before the router sees it (headers too large, a body beyond the limit, an unknown method) is JSON too", async (t) => {
  const { base } = await serve(t, demoDb(t));
  const port = Number(new URL(base).port);
  const raw = (data) => new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(data));
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
  });
  const cases = [
    ['GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(20000) + '\r\n\r\n', 400, 'bad_request'],
    ['POST /api/v1/plans HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n', 413, 'too_large'],
    ['FOO /api/v1/plans HTTP/1.1\r\nHost: x\r\n\r\n', 501, 'method_not_allowed'],
    ['TRACE /api/v1/plans HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 405, 'method_not_allowed'],
  ];
  for (const [request, status, code] of cases) {
    const answer = await raw(request);
    const [head, body] = answer.split('\r\n\r\n');
    assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `), request.slice(0, 30));
    assert.match(head, /Content-Type: application\/json; charset=utf-8/);
    assert.match(head, /Content-Security-Policy: default-src 'self'/);
    assert.equal(JSON.parse(body).error.code, code, request.slice(0, 30));
  }
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
});

test('the session cookie is Secure over HTTPS: behind a proxy that says so, or always with --secure-cookies', async (t) => {
  const db = demoDb(t);
  const plain = await serve(t, db);
  const body = JSON.stringify({ username: 'admin', password: PASSWORD });
  const post = (base, h = {}) => fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...h }, body });
  assert.doesNotMatch((await post(plain.base)).headers.get('set-cookie'), /Secure/);
  assert.match((await post(plain.base, { 'X-Forwarded-Proto': 'https' })).headers.get('set-cookie'), /; Secure/);
  assert.doesNotMatch((await post(plain.base, { 'X-Forwarded-Proto': 'http' })).headers.get('set-cookie'), /Secure/);
  const secure = await serve(t, db, ['--secure-cookies']);
  assert.match((await post(secure.base)).headers.get('set-cookie'), /HttpOnly; SameSite=Strict; Max-Age=\d+; Secure/);
});

test('a database failure is a plain 500 naming no SQL, logged with its detail; a locked database is a 503 with Retry-After', async (t) => {
  const db = demoDb(t);
  const { base, child, stopped } = await serve(t, db);
  const { read, write } = await login(base, 'admin');
  // another writer holds the lock longer than the server waits for it
  // (PostgreSQL: the advisory lock every writer takes first, src/store/db_pg.c)
  const holder = PG
    ? spawn('psql', ['-X', '-A', '-t', dbUrl(db)], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  holder.stdin.write(PG ? 'BEGIN;\nSELECT pg_advisory_xact_lock(127961101640813);\nSELECT \'held\';\n'
    : 'BEGIN IMMEDIATE;\nINSERT INTO commune (code, name, city, created_at) VALUES (\'khoa\', \'x\', \'y\', \'z\');\nSELECT \'held\';\n');
  await new Promise((resolve) => holder.stdout.on('data', (d) => { if (String(d).includes('held')) resolve(); }));
  const put = await fetch(`${base}/api/v1/plans/1/values`, {
    method: 'PUT', headers: { ...write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ indicator: '1', org_unit: 'thon-9', period: '2026-Q3', value: 1 }),
  });
  holder.stdin.end(PG ? 'ROLLBACK;\n\\q\n' : 'ROLLBACK;\n.quit\n');
  assert.equal(put.status, 503);
  assert.equal(put.headers.get('retry-after'), '1');
  const busy = await put.json();
  assert.equal(busy.error.code, 'busy');
  assert.doesNotMatch(busy.error.message, /lock|SQL|sqlite/i);
  await new Promise((resolve) => holder.on('exit', resolve));

  // a table gone under the server: the client learns nothing of the SQL, the log keeps it
  assert.equal(sql(db, 'DROP TABLE audit_log').code, 0);
  const r = await fetch(`${base}/api/v1/audit`, { headers: read });
  assert.equal(r.status, 500);
  const e = await r.json();
  assert.equal(e.error.code, 'internal');
  assert.doesNotMatch(e.error.message, /audit_log|SQL|no such table|SELECT/i);
  child.kill('SIGTERM');
  const end = await stopped;
  assert.match(end.out, /GET \/api\/v1\/audit: 500 internal: .*(no such table: audit_log|relation "audit_log" does not exist)/);
});

test('serve refuses a bad address before listening', () => {
  const r = run(['serve', '--listen', '127.0.0.1:99999']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--listen/);
});

test('accounts: login, sessions, bearer tokens, roles, a reporter sees its own unit, CSRF, throttling', async (t) => {
  const db = demoDb(t);
  const token = run(['--db', db, 'token', 'create', 'xem']).stdout.trim();
  assert.match(token, /^[0-9a-f]{64}$/);
  const { base } = await serve(t, db);

  // the OpenAPI document is public
  const api = await fetch(`${base}/api/v1/openapi.json`);
  assert.equal(api.status, 200);
  assert.equal((await api.json()).openapi, '3.1.0');

  // nothing but /healthz and the document without an account
  const anon = await fetch(`${base}/api/v1/plans`);
  assert.equal(anon.status, 401);
  assert.equal((await anon.json()).error.code, 'unauthenticated');

  const admin = await login(base, 'admin');
  assert.match(admin.setCookie, /HttpOnly/);
  assert.match(admin.setCookie, /SameSite=Strict/);
  assert.equal(admin.user.role, 'admin');
  const me = await (await fetch(`${base}/api/v1/auth/me`, { headers: admin.read })).json();
  assert.equal(me.user.username, 'admin');

  // a machine client with a bearer token
  const byToken = await fetch(`${base}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal((await byToken.json()).user.role, 'viewer');
  assert.equal((await fetch(`${base}/api/v1/plans`, { headers: { Authorization: 'Bearer 00' } })).status, 401);

  // a reporter reads its own unit only
  const rep = await login(base, 'thaolai');
  const repMe = (await (await fetch(`${base}/api/v1/auth/me`, { headers: rep.read })).json()).user;
  assert.equal(repMe.org_unit, 'thon-thai-lai');
  assert.equal(repMe.org_unit_name, 'Thôn Thái Lai'); // what the header shows
  const own = await (await fetch(`${base}/api/v1/plans/1/values`, { headers: rep.read })).json();
  assert.ok(own.items.length > 0);
  assert.ok(own.items.every((v) => v.org_unit === 'thon-thai-lai'));
  const other = await fetch(`${base}/api/v1/plans/1/values?unit=thon-lao-phu`, { headers: rep.read });
  assert.equal(other.status, 403);
  const otherEval = await fetch(`${base}/api/v1/plans/1/evaluation?unit=thon-lao-phu`, { headers: rep.read });
  assert.equal(otherEval.status, 403);
  const ownEval = await (await fetch(`${base}/api/v1/plans/1/evaluation?as_of=2026-11-25`, { headers: rep.read })).json();
  assert.equal(ownEval.org_unit, 'thon-thai-lai');

  // a state change with a session needs the CSRF token
  const noCsrf = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: rep.read });
  assert.equal(noCsrf.status, 403);
  assert.equal((await noCsrf.json()).error.code, 'csrf');
  const out = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: rep.write });
  assert.equal(out.status, 204);
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: rep.read })).status, 401);

  // bad bodies: not UTF-8, wrong types, too large
  const latin1 = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: Buffer.from([0x7b, 0x22, 0x75, 0xff, 0x22, 0x3a, 0x31, 0x7d]) });
  assert.equal(latin1.status, 400);
  const wrongType = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: '{"username": 5, "password": "x"}' });
  assert.equal(wrongType.status, 422);
  const huge = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'a'.repeat(9 << 20), password: 'x' }) }).catch((e) => e);
  assert.ok(huge instanceof Error || huge.status === 413, `oversized body: ${huge.status}`);
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const bad = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: '{"username": "admin",' });
  assert.equal(bad.status, 400);
  const be = await bad.json();
  assert.equal(be.error.code, 'bad_json');
  assert.ok(be.error.details.column > 0);
  const extra = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: '{"username": "admin", "password": "x", "role": "admin"}' });
  assert.equal(extra.status, 422);

  // five wrong passwords lock the account for a while, even with the right one
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'chutich', password: 'sai-mat-khau' }) });
    assert.equal(r.status, 401);
  }
  const locked = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'chutich', password: PASSWORD }) });
  assert.equal(locked.status, 429);
  assert.ok(locked.headers.get('retry-after'));
  // other accounts are not locked by it
  await login(base, 'vhxh');
});

test('the reporting workflow: enter, submit, return with a comment, resubmit, approve, locked, reopen', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const rep = await login(base, 'thaolai');
  const officer = await login(base, 'vhxh');
  const viewer = await login(base, 'xem');
  const leader = await login(base, 'chutich');
  const call = (who, method, url, body) => fetch(base + url, {
    method, headers: { ...who.write, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const V = '/api/v1/plans/1/values';
  const evalUnit = async () => {
    const r = await (await fetch(`${base}/api/v1/plans/1/evaluation?period=2026&unit=thon-thai-lai&as_of=2026-12-20&approved=true`, { headers: officer.read })).json();
    const walk = function* (ns) { for (const n of ns) { yield n; yield* walk(n.children); } };
    return [...walk(r.indicators)].find((n) => n.code === '1.3.1');
  };
  const before = await evalUnit();

  // a reporter enters its own unit's figure, not another's
  let r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: '255,5' });
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await r.json()).saved, 1);
  r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-lao-phu', period: '2026-11', value: 200 });
  assert.equal(r.status, 403);
  r = await call(viewer, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: 200 });
  assert.equal(r.status, 403);

  // a bulk with one bad row saves nothing and lists the bad row
  r = await call(rep, 'PUT', V, { values: [
    { indicator: '1.3.4', org_unit: 'thon-thai-lai', period: '2026-11', value: 2300 },
    { indicator: '14.2', org_unit: 'thon-thai-lai', period: '2026-Q4', numerator: 70, denominator: 50 },
    { indicator: '1.3.4', org_unit: 'thon-thai-lai', period: '2026-12', value: -5 },
  ] });
  assert.equal(r.status, 422);
  const bad = await r.json();
  assert.deepEqual(bad.error.details.map((p) => p.index), [1, 2]);
  assert.match(bad.error.details[0].message, /100%/);
  const saved = await (await fetch(`${base}${V}?indicator=1.3.4&period=2026-11`, { headers: rep.read })).json();
  assert.equal(saved.items.length, 0);
  r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: 1, colour: 'đỏ' });
  assert.equal(r.status, 422);

  // submit; a submitted figure is not edited by its reporter
  r = await call(rep, 'POST', `${V}/submit`, { period: '2026-11' });
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await r.json()).values, 1);
  r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: '256' });
  assert.equal(r.status, 409);
  assert.equal((await r.json()).error.details[0].code, 'submitted');

  // the officer returns it: a comment is required
  r = await call(officer, 'POST', `${V}/return`, { org_unit: 'thon-thai-lai', period: '2026-11' });
  assert.equal(r.status, 422);
  r = await call(rep, 'POST', `${V}/approve`, { org_unit: 'thon-thai-lai', period: '2026-11' });
  assert.equal(r.status, 403);
  r = await call(officer, 'POST', `${V}/return`, { org_unit: 'thon-thai-lai', period: '2026-11', comment: 'Kiểm tra lại diện tích vụ đông' });
  assert.equal(r.status, 200);
  const returned = (await (await fetch(`${base}${V}?indicator=1.3.1&period=2026-11`, { headers: rep.read })).json()).items[0];
  assert.equal(returned.status, 'returned');
  assert.equal(returned.review_comment, 'Kiểm tra lại diện tích vụ đông');

  // an edit made from a stale version is refused, never silently overwritten
  r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: '260', version: returned.version - 1 });
  assert.equal(r.status, 409);
  assert.equal((await r.json()).error.details[0].code, 'version_conflict');
  r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: '260', version: returned.version });
  assert.equal(r.status, 200);
  assert.equal((await call(rep, 'POST', `${V}/submit`, { period: '2026-11' })).status, 200);

  // the leader approves; approved figures are locked until an officer reopens them
  assert.equal((await call(viewer, 'POST', `${V}/approve`, { org_unit: 'thon-thai-lai', period: '2026-11' })).status, 403);
  r = await call(leader, 'POST', `${V}/approve`, { org_unit: 'thon-thai-lai', period: '2026-11' });
  assert.equal(r.status, 200, await r.clone().text());
  r = await call(rep, 'PUT', V, { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: '1' });
  assert.equal(r.status, 409);
  assert.equal((await r.json()).error.details[0].code, 'locked');

  // the evaluation now counts the approved November figure
  const after = await evalUnit();
  assert.equal(after.actual, 260);
  assert.notEqual(after.actual, before.actual);

  assert.equal((await call(leader, 'POST', `${V}/reopen`, { org_unit: 'thon-thai-lai', period: '2026-11' })).status, 403);
  r = await call(officer, 'POST', `${V}/reopen`, { org_unit: 'thon-thai-lai', period: '2026-11' });
  assert.equal(r.status, 200);
  r = await call(officer, 'POST', `${V}/reopen`, { org_unit: 'thon-thai-lai', period: '2026-11' });
  assert.equal(r.status, 422);
  assert.equal((await call(officer, 'POST', `${V}/publish`, {})).status, 404);
  // an unknown field is named (the message outlives the body it came from: run under ASan)
  r = await call(officer, 'POST', `${V}/submit`, { org_unit: 'thon-thai-lai', colour: 'đỏ' });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /"colour"/);
});

test('two PUTs of the same figure from the same version at once: one is saved, the other refused with 409; one audit entry', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = await login(base, 'vhxh');
  const V = '/api/v1/plans/1/values';
  const figure = { indicator: '1.3.4', org_unit: 'thon-thai-lai', period: '2026-10' };
  const put = (value, version) => fetch(base + V, {
    method: 'PUT', headers: { ...officer.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ values: [{ ...figure, value, version }, { ...figure, period: '2026-09', value }] }),
  });
  const stored = async () => (await (await fetch(`${base}${V}?indicator=1.3.4&unit=thon-thai-lai&period=2026-10`,
    { headers: officer.read })).json()).items;
  let r = await put(100);
  assert.equal(r.status, 200, await r.clone().text());
  const [{ version }] = await stored();
  const audited = () => Number(sql(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'data_value'").stdout.trim());
  const before = audited();
  const answers = await Promise.all([put(200, version), put(300, version)]);
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
  const lost = await answers.find((a) => a.status === 409).json();
  assert.equal(lost.error.details.length, 1);
  assert.equal(lost.error.details[0].index, 0);
  assert.equal(lost.error.details[0].code, 'version_conflict');
  assert.match(lost.error.details[0].message, new RegExp(`phiên bản ${version + 1}, bạn sửa từ phiên bản ${version}\\)`));
  const won = answers.findIndex((a) => a.status === 200) === 0 ? 200 : 300;
  const items = await stored();
  assert.equal(items.length, 1);
  assert.equal(items[0].value, won);
  assert.equal(items[0].version, version + 1);
  assert.equal(audited(), before + 2, "the winner's two figures, nothing of the refused PUT");
});

test('completeness: who has reported a period, on time or late, and which targets lack data', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const officer = await login(base, 'vhxh');
  const rep = await login(base, 'thaolai');
  const get = async (who, q) => (await fetch(`${base}/api/v1/plans/1/completeness?${q}`, { headers: who.read })).json();
  const year = await get(officer, 'period=2026&as_of=2026-11-25');
  assert.equal(year.due, '2026-12-05');
  // "trước ngày 05/12/2026": on time through 04/12, overdue from 05/12
  assert.equal(year.last_on_time, '2026-12-04');
  assert.equal(year.due_wording, 'trước ngày 05/12/2026');
  assert.equal((await get(officer, 'period=2026&as_of=2026-12-04')).overdue, false);
  assert.equal((await get(officer, 'period=2026&as_of=2026-12-05')).overdue, true);
  assert.equal(year.commune_due, '2026-12-15');
  assert.equal(year.overdue, false);
  assert.ok(year.units.length >= 10);
  const s = year.summary;
  assert.equal(s.complete_on_time + s.complete_late + s.partial + s.none, s.units);
  const month = await get(officer, 'period=2026-11&as_of=2026-12-20');
  assert.equal(month.due, '2026-12-05');
  assert.equal(month.overdue, true);
  const village = (m) => m.units.find((u) => u.org_unit === 'thon-thai-lai');
  assert.equal(village(month).status, 'missing');
  const lacking = month.targets_without_data.length;
  assert.ok(lacking > 0);
  // the village reports its November area: it is no longer missing, and one target fewer lacks data
  const w = { ...rep.write, 'Content-Type': 'application/json' };
  assert.equal((await fetch(`${base}/api/v1/plans/1/values`, { method: 'PUT', headers: w, body: JSON.stringify({ indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: 262 }) })).status, 200);
  assert.equal((await fetch(`${base}/api/v1/plans/1/values/submit`, { method: 'POST', headers: w, body: JSON.stringify({ period: '2026-11' }) })).status, 200);
  const after = await get(officer, 'period=2026-11&as_of=2026-12-20');
  assert.notEqual(village(after).status, 'missing');
  assert.equal(village(after).on_time + village(after).late, 1);
  assert.equal(after.targets_without_data.length, lacking - 1);
  // a reporter sees its own line only
  const own = await get(rep, 'period=2026-11&as_of=2026-12-20');
  assert.deepEqual(own.units.map((u) => u.org_unit), ['thon-thai-lai']);
  assert.equal((await fetch(`${base}/api/v1/plans/1/completeness`, { headers: officer.read })).status, 422);
});

test('the role × route matrix: each role on each route, allowed or forbidden; the audit names who did it', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const roles = { admin: 'admin', officer: 'vhxh', reporter: 'thaolai', leader: 'chutich', viewer: 'xem' };
  const who = {};
  for (const [role, name] of Object.entries(roles)) who[role] = await login(base, name);
  const row = { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-12', value: 250 };
  const doc = await (await fetch(`${base}/api/v1/plans/1/plan-file`, { headers: who.admin.read })).json();
  const unitPeriod = { org_unit: 'thon-thai-lai', period: '2026-12' };
  const routes = [
    ['GET', '/api/v1/auth/me', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['GET', '/api/v1/plans', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['GET', '/api/v1/plans/1', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['GET', '/api/v1/plans/1/values', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['GET', '/api/v1/plans/1/evaluation?as_of=2026-11-25', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['GET', '/api/v1/plans/1/completeness?period=2026', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['PUT', '/api/v1/plans/1/values', row, ['admin', 'officer', 'reporter']],
    ['POST', '/api/v1/plans/1/values/submit', unitPeriod, ['admin', 'officer', 'reporter']],
    ['POST', '/api/v1/plans/1/values/approve', unitPeriod, ['admin', 'officer', 'leader']],
    ['POST', '/api/v1/plans/1/values/return', { ...unitPeriod, comment: 'xem lại' }, ['admin', 'officer', 'leader']],
    ['POST', '/api/v1/plans/1/values/reopen', unitPeriod, ['admin', 'officer']],
    ['GET', '/api/v1/audit', null, ['admin', 'officer', 'leader']],
    ['GET', '/api/v1/users', null, ['admin']],
    ['POST', '/api/v1/users', { username: 'moi', role: 'viewer', password: 'mat-khau-moi-1' }, ['admin']],
    ['GET', '/api/v1/plans/1/indicators', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['POST', '/api/v1/targets/preview', { text: 'từ 19% trở lên', actual: '20,5' }, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['POST', '/api/v1/extract', { text: '(1) Tỷ lệ hộ nghèo giảm còn dưới 2%' }, ['admin', 'officer']],
    ['GET', '/api/v1/plans/1/plan-file', null, ['admin', 'officer', 'leader']],
    ['PUT', '/api/v1/plans/1/plan-file', doc, ['admin', 'officer']],
    ['POST', '/api/v1/plans', doc, ['admin', 'officer']],
    ['GET', '/api/v1/plans/1/indicators/11/history?as_of=2026-11-25', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['GET', '/api/v1/audit/actions', null, ['admin', 'officer', 'leader']],
    ['GET', '/api/v1/plans/1/unit-targets', null, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
    ['PUT', '/api/v1/plans/1/unit-targets', { indicator: '1.3.4', org_unit: 'thon-9', target: 'khoảng 1.950 con' }, ['admin', 'officer']],
    ['DELETE', '/api/v1/plans/1/unit-targets?indicator=1.3.5&org_unit=thon-9', null, ['admin', 'officer']],
    ['GET', '/api/v1/plans/1/evaluation/units?period=2026-Q3', null, ['admin', 'officer', 'leader']],
  ];
  for (const [method, url, body, allowed] of routes) {
    for (const role of Object.keys(roles)) {
      const r = await fetch(base + url, {
        method, headers: { ...who[role].write, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
      });
      const ok = r.status !== 401 && r.status !== 403;
      assert.equal(ok, allowed.includes(role), `${role} ${method} ${url}: ${r.status} ${await r.text()}`);
    }
  }
  // the audit trail says who changed what, from what to what
  const audit = await (await fetch(`${base}/api/v1/audit?entity=data_value&limit=100`, { headers: who.officer.read })).json();
  // the same figure sent again changes nothing: only the first writer is in the trail
  const put = audit.items.find((e) => e.actor === 'admin' && e.action === 'create' && e.after && e.after.period === '2026-12');
  assert.ok(put, JSON.stringify(audit.items.slice(0, 3)));
  assert.ok(audit.items.some((e) => e.action === 'approve' && e.actor === 'admin'));
  assert.equal((await fetch(`${base}/api/v1/audit?limit=0`, { headers: who.admin.read })).status, 422);
  const users = await (await fetch(`${base}/api/v1/users`, { headers: who.admin.read })).json();
  assert.equal(users.total, 7);
  assert.ok(users.items.every((u) => !('password_hash' in u)));
});

test('an admin creates accounts through the API; bad ones are refused with the reason', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const admin = await login(base, 'admin');
  const post = (body) => fetch(`${base}/api/v1/users`, { method: 'POST', headers: { ...admin.write, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  let r = await post({ username: 'laophong', display_name: 'Báo cáo viên thôn Lão Phong 1', role: 'reporter', org_unit: 'thon-lao-phong-1', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 201, await r.clone().text());
  assert.equal((await r.json()).user.org_unit, 'thon-lao-phong-1');
  const fresh = await login(base, 'laophong', 'mat-khau-dai-2');
  assert.equal(fresh.user.role, 'reporter');
  r = await post({ username: 'laophong', role: 'viewer', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 409);
  r = await post({ username: 'khong-don-vi', role: 'reporter', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 422);
  r = await post({ username: 'ngan', role: 'viewer', password: 'ngan' });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /8 ký tự/);
  r = await post({ username: 'x', role: 'vua', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 422);
  r = await post({ username: 'x', role: 'viewer', colour: 'đỏ' });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /"colour"/);
  r = await post({ username: 'y', role: 'viewer', password: 'mat-khau-dai-2', org_unit: 'khong-co' });
  assert.equal(r.status, 404);
  const inds = await (await fetch(`${base}/api/v1/plans/1/indicators`, { headers: admin.read })).json();
  assert.equal(inds.total, 59);
  assert.equal(inds.items.find((i) => i.code === '1.3.4').parent, '1.3');
});

test('the built web front end is served with its content types and caching; nothing outside it', async (t) => {
  const web = path.join(tempDir(t), 'dist');
  mkdirSync(path.join(web, 'assets'), { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>thidua</title>');
  writeFileSync(path.join(web, 'assets', 'app-3f9a1c.js'), 'console.log("thi đua")');
  writeFileSync(path.join(web, 'assets', 'app-3f9a1c.css'), 'body{}');
  const { base } = await serve(t, demoDb(t), ['--web', web]);
  let r = await fetch(`${base}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  r = await fetch(`${base}/assets/app-3f9a1c.js`);
  assert.match(r.headers.get('content-type'), /text\/javascript/);
  assert.match(r.headers.get('cache-control'), /immutable/);
  assert.equal(await r.text(), 'console.log("thi đua")');
  assert.match((await fetch(`${base}/assets/app-3f9a1c.css`)).headers.get('content-type'), /text\/css/);
  // the gzip copy beside a file goes to a browser that accepts it, and only to one
  writeFileSync(path.join(web, 'assets', 'app-3f9a1c.js.gz'), gzipSync('console.log("thi đua, nén")'));
  for (const [accept, coded] of [['gzip, deflate, br', true], ['br;q=1.0, gzip;q=0.8', true], ['gzip;q=0', false],
    ['identity', false], ['x-gzip-not', false]]) {
    r = await fetch(`${base}/assets/app-3f9a1c.js`, { headers: { 'Accept-Encoding': accept } });
    assert.equal(r.headers.get('content-encoding'), coded ? 'gzip' : null, accept);
    assert.equal(r.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await r.text(), coded ? 'console.log("thi đua, nén")' : 'console.log("thi đua")', accept);
  }
  // a page of the app falls back to index.html; a missing file is a 404; the API is not shadowed
  r = await fetch(`${base}/ke-hoach/1/danh-gia`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /<title>thidua/);
  assert.equal((await fetch(`${base}/assets/khong-co.js`)).status, 404);
  assert.equal((await fetch(`${base}/api/v1/khong-co`)).status, 404);
  assert.equal((await fetch(`${base}/api/v1/plans`)).status, 401);
  for (const bad of ['/../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e/secret.txt']) {
    // fetch normalises plain dots away (the app's page is served); encoded ones are refused
    const x = await fetch(base + bad);
    assert.ok([200, 400, 404].includes(x.status), `${bad}: ${x.status}`);
    assert.doesNotMatch(await x.text(), /root:/);
  }
});

test('targets assigned to units: list, set, refuse what does not read, clear; audited with before and after', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const officer = await login(base, 'vhxh');
  const rep = await login(base, 'thaolai');
  const call = (who, method, url, body) => fetch(base + url, {
    method, headers: { ...who.write, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const U = '/api/v1/plans/1/unit-targets';
  // the demo hands the herd to the four villages; their shares add up to the commune's 8.990
  let list = (await (await call(rep, 'GET', `${U}?indicator=1.3.4`)).json()).unit_targets;
  assert.equal(list.length, 4);
  assert.equal(list.reduce((s, u) => s + u.target.value, 0), 8990);
  assert.ok(list.every((u) => u.indicator_name === 'Đàn lợn' && u.org_unit_name.startsWith('Thôn')));
  // the plan carries them with the unit's name, and the roll-up and direction of each indicator
  const plan = (await (await call(rep, 'GET', '/api/v1/plans/1')).json());
  const walk = function* (ns) { for (const n of ns) { yield n; yield* walk(n.children); } };
  const herd = [...walk(plan.indicators)].find((n) => n.code === '1.3.4');
  assert.equal(herd.unit_targets.length, 4);
  assert.ok(herd.unit_targets.every((u) => u.org_unit_name && u.target.text));
  assert.equal(herd.aggregation, 'sum');
  assert.equal(herd.direction, 'higher');
  assert.ok(herd.aggregation_label && herd.direction_label && herd.measure_label);
  const perHa = [...walk(plan.indicators)].find((n) => n.code === '3');
  assert.equal(perHa.aggregation, 'ratio');
  assert.equal([...walk(plan.indicators)].find((n) => n.code === '4').measure, 'buildup');
  assert.equal([...walk(plan.indicators)].find((n) => n.code === '5.2').measure, 'level');

  // set: the response is the share as stored
  let r = await call(officer, 'PUT', U, { indicator: '1.3.4', org_unit: 'thon-9', target: 'khoảng 2.000 con' });
  assert.equal(r.status, 200, await r.clone().text());
  const set = (await r.json()).unit_target;
  assert.equal(set.org_unit_name, 'Thôn 9');
  assert.equal(set.target.op, 'approx');
  assert.equal(set.target.value, 2000);
  list = (await (await call(rep, 'GET', `${U}?indicator=1.3.4&org_unit=thon-9`)).json()).unit_targets;
  assert.deepEqual(list.map((u) => u.target.text), ['khoảng 2.000 con']);
  // refused: not a target, not a figure where the commune's is one, another unit of measure; unknowns are 404
  for (const [body, status, re] of [
    [{ indicator: '1.3.4', org_unit: 'thon-9', target: '' }, 422, /khoảng 1\.200 con/],
    [{ indicator: '1.3.4', org_unit: 'thon-9', target: 'cố gắng hết sức' }, 422, /không có con số/],
    [{ indicator: '1.3.4', org_unit: 'thon-9', target: 'từ 95% trở lên' }, 422, /tính bằng %/],
    [{ indicator: '1.3.4', org_unit: 'thon-9', target: 'từ 1,5 - 1 con' }, 422, /.+/],
    [{ indicator: '1', org_unit: 'thon-9', target: 'từ 5%' }, 200, null],
    [{ indicator: '99', org_unit: 'thon-9', target: '1 con' }, 404, /"99"/],
    [{ indicator: '1.3.4', org_unit: 'thon-99', target: '1 con' }, 404, /"thon-99"/],
  ]) {
    r = await call(officer, 'PUT', U, body);
    assert.equal(r.status, status, JSON.stringify(body));
    if (re) assert.match((await r.json()).error.message, re);
  }
  // a group has no target of its own to hand out
  r = await call(officer, 'PUT', U, { indicator: '5', org_unit: 'thon-9', target: '5 cơ sở' });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /là nhóm/);
  // a reporter cannot hand out targets
  assert.equal((await call(rep, 'PUT', U, { indicator: '1.3.4', org_unit: 'thon-thai-lai', target: 'khoảng 9.000 con' })).status, 403);

  // clear; clearing again is 404
  r = await call(officer, 'DELETE', `${U}?indicator=1.3.4&org_unit=thon-9`);
  assert.equal(r.status, 204);
  r = await call(officer, 'DELETE', `${U}?indicator=1.3.4&org_unit=thon-9`);
  assert.equal(r.status, 404);
  assert.match((await r.json()).error.message, /Thôn 9/); // the unit by its name
  assert.equal((await call(officer, 'DELETE', `${U}?indicator=1.3.4`)).status, 422);

  // the trail holds both, with the share before and after
  const audit = (await (await call(officer, 'GET', '/api/v1/audit?entity=unit_target&limit=10')).json()).items;
  const cleared = audit.find((e) => e.action === 'unit_target.clear');
  assert.equal(cleared.actor, 'vhxh');
  assert.equal(cleared.before.target.text, 'khoảng 2.000 con');
  assert.equal(cleared.after, null);
  const changed = audit.find((e) => e.action === 'unit_target.set' && e.before);
  assert.equal(changed.before.target.text, 'khoảng 1.950 con');
  assert.equal(changed.after.target.text, 'khoảng 2.000 con');
});

test('the unit × indicator table: units in Vietnamese order, assigned targets, filters', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const officer = await login(base, 'vhxh');
  const get = async (q) => (await fetch(`${base}/api/v1/plans/1/evaluation/units?${q}`, { headers: officer.read }));
  let r = await get('period=2026-Q3&as_of=2026-10-20');
  assert.equal(r.status, 200);
  const m = await r.json();
  assert.equal(m.period, '2026-Q3');
  assert.equal(m.period_label, 'Quý III/2026');
  assert.equal(m.final, true);
  const names = m.units.map((u) => u.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'vi')));
  assert.ok(m.units.some((u) => u.code === 'thon-9'));
  const codes = m.indicators.map((i) => i.code);
  assert.ok(codes.indexOf('1.3.1') < codes.indexOf('1.3.4') && codes.indexOf('1.3.4') < codes.indexOf('10.1'));
  const cell = (u, i) => m.cells.find((c) => c.org_unit === u && c.indicator === i);
  const herd = cell('thon-9', '1.3.4');
  assert.equal(herd.target_text, 'khoảng 1.950 con');
  assert.equal(typeof herd.actual, 'number');
  assert.ok(herd.verdict && herd.verdict_label && herd.reason);
  // a unit's figure on an indicator not assigned to it: no verdict of its own
  const share = cell('thon-9', '14.2');
  assert.equal(share.target_text, null);
  assert.equal(share.verdict, null);
  assert.equal(share.verdict_label, 'Không giao chỉ tiêu riêng');
  // assigned but not reported yet
  assert.equal(cell('thon-9', '10.1').verdict, 'no_data');
  // filters
  const one = await (await get('period=2026-Q3&org_unit=thon-9&indicator=1.3.4')).json();
  assert.deepEqual(one.cells.map((c) => [c.org_unit, c.indicator]), [['thon-9', '1.3.4']]);
  assert.deepEqual(one.units.map((u) => u.code), ['thon-9']);
  const noData = await (await get('period=2026-Q3&verdict=no_data')).json();
  assert.ok(noData.cells.length > 0 && noData.cells.every((c) => c.verdict === 'no_data'));
  assert.equal((await get('period=2026-Q3&org_unit=thon-99')).status, 404);
  assert.equal((await get('period=2026-Q3&indicator=99')).status, 404);
  assert.equal((await get('period=2026-13')).status, 422);
  const rep = await login(base, 'thaolai');
  assert.equal((await fetch(`${base}/api/v1/plans/1/evaluation/units`, { headers: rep.read })).status, 403);
});

test('a rate entered as numerator and denominator, a per-hectare figure as amount and area; one figure approved alone', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const rep = await login(base, 'thaolai');
  const officer = await login(base, 'vhxh');
  const call = (who, method, url, body) => fetch(base + url, {
    method, headers: { ...who.write, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const V = '/api/v1/plans/1/values';
  let r = await call(rep, 'PUT', V, { values: [
    { indicator: '14.2', org_unit: 'thon-thai-lai', period: '2026-Q4', numerator: 588, denominator: 600 },
    { indicator: '1.3.2', org_unit: 'thon-thai-lai', period: '2026-11', numerator: 660, denominator: 10 },
  ] });
  assert.equal(r.status, 200, await r.clone().text());
  const ok = await r.json();
  assert.equal(ok.saved, 2);
  assert.equal(ok.message, 'Đã lưu 2 số liệu.');
  const items = (await (await call(rep, 'GET', `${V}?unit=thon-thai-lai&period=2026-Q4&indicator=14.2`)).json()).items;
  assert.equal(items[0].value, 98);
  assert.equal(items[0].denominator, 600);
  assert.equal(items[0].numerator, 588);
  const ratio = (await (await call(rep, 'GET', `${V}?indicator=1.3.2&period=2026-11`)).json()).items[0];
  assert.equal(ratio.value, 66);
  assert.equal(ratio.numerator, 660);
  // the same again changes nothing, and says so
  r = await call(rep, 'PUT', V, { indicator: '14.2', org_unit: 'thon-thai-lai', period: '2026-Q4', numerator: 588, denominator: 600 });
  const same = await r.json();
  assert.equal(same.saved, 0);
  assert.doesNotMatch(same.message, /Đã lưu 0/);
  assert.match(same.message, /Không có gì thay đổi/);

  // without the base, the reason names the field as users know it; limits on figures and notes
  for (const [row, re] of [
    [{ indicator: '14.2', value: 98 }, /^mẫu số: /],
    [{ indicator: '1.3.2', value: 66 }, /^diện tích \(ha\): /],
    [{ indicator: '1.3.2', numerator: 660 }, /cần diện tích \(ha\)/],
    [{ indicator: '14.2', numerator: 601, denominator: 600 }, /vượt quá 100%/],
    [{ indicator: '1.3.4', value: 1e40 }, /quá lớn/],
    [{ indicator: '1.3.4', value: '1234567890123456789012345678901234567890' }, /chữ số có nghĩa/],
    [{ indicator: '1.3.4', value: '1.234.567.890.123.456' }, /chữ số có nghĩa|quá lớn/],
    [{ indicator: '1.3.4', value: 2000, note: 'a'.repeat(1001) }, /ghi chú: dài 1\.001 ký tự/],
  ]) {
    r = await call(rep, 'PUT', V, { org_unit: 'thon-thai-lai', period: '2026-12', ...row });
    assert.equal(r.status, 422, JSON.stringify(row));
    const msg = (await r.json()).error.details[0].message;
    assert.match(msg, re);
    assert.doesNotMatch(msg, /cột "|thon-thai-lai|\(comment\)/);
  }
  // messages name the unit, not its code
  r = await call(rep, 'PUT', V, { indicator: '1.3.4', org_unit: 'thon-9', period: '2026-12', value: 1 });
  assert.equal(r.status, 403);
  assert.match((await r.json()).error.details[0].message, /Thôn 9/);

  // submit both; the officer approves one figure and returns the other
  assert.equal((await call(rep, 'POST', `${V}/submit`, { period: '2026-Q4' })).status, 200);
  assert.equal((await call(rep, 'POST', `${V}/submit`, { period: '2026-11' })).status, 200);
  r = await call(officer, 'POST', `${V}/approve`, { org_unit: 'thon-thai-lai', period: '2026-11', indicator: '1.3.2' });
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await r.json()).values, 1);
  r = await call(officer, 'POST', `${V}/return`, { org_unit: 'thon-thai-lai', period: '2026-Q4', indicator: '14.2' });
  assert.equal(r.status, 422);
  assert.doesNotMatch((await r.json()).error.message, /comment/);
  r = await call(officer, 'POST', `${V}/return`, { org_unit: 'thon-thai-lai', period: '2026-Q4', indicator: '14.2', comment: 'Thiếu biên bản' });
  assert.equal((await r.json()).values, 1);
  const nov = (await (await call(rep, 'GET', `${V}?unit=thon-thai-lai&period=2026-11`)).json()).items;
  assert.equal(nov.find((v) => v.indicator === '1.3.2').status, 'approved');
  r = await call(officer, 'POST', `${V}/approve`, { org_unit: 'thon-thai-lai', period: '2026-11', indicator: '1.3.2' });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /Thôn Thái Lai không có số liệu chỉ tiêu 1\.3\.2, tháng 11\/2026/i);
});
