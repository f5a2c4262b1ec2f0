// cache.test.mjs — the evaluation kept in memory (src/http/answer_cache.c) never outlives the
// state it was computed from: a figure written through the API, or by `thidua values import` in
// another process while the server runs, is in the very next answer; If-None-Match with the
// current ETag is a 304, with an earlier one a 200. And JSON answers are compressed for clients
// that accept it (gzip, Brotli) when they are large enough, and decode to the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { demoDb, login, run, serve, walk } from './helpers.mjs';

const EVAL = '/api/v1/plans/1/evaluation?period=2026-11&as_of=2026-11-25&unit=thon-9';

/** A GET with node:http, which, unlike fetch, leaves the body as sent: {status, headers, bytes}. */
function raw(base, url, headers) {
  return new Promise((resolve, reject) => {
    http.get(base + url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

function node(evaluation, code) {
  return [...walk(evaluation.indicators)].find((n) => n.code === code);
}

test('a figure written through the API or the CLI is in the next evaluation; the ETag follows the state', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const admin = await login(base, 'admin');
  const get = (url, h = {}) => raw(base, url, { ...admin.read, ...h });

  const first = await get(EVAL);
  assert.equal(first.status, 200);
  const etag = first.headers.etag;
  const before = JSON.parse(first.bytes);
  assert.equal(before.org_unit, 'thon-9');
  assert.ok(node(before, '1.3.4'));

  // the same question again: the same bytes and ETag (kept), and a revalidation is a 304
  const again = await get(EVAL);
  assert.equal(again.headers.etag, etag);
  assert.deepEqual(again.bytes, first.bytes);
  const revalidated = await get(EVAL, { 'If-None-Match': etag });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.bytes.length, 0);
  assert.equal(revalidated.headers.etag, etag);

  // a figure through the API: the next answer has it, under a new ETag; the old one is a 200
  const put = await fetch(`${base}/api/v1/plans/1/values`, {
    method: 'PUT', headers: { ...admin.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ indicator: '1.3.4', org_unit: 'thon-9', period: '2026-11', value: 4321 }),
  });
  assert.equal(put.status, 200, await put.text());
  // a draft does not count, but it is a write to the plan's figures: a new ETag all the same
  const draft = await get(EVAL);
  assert.notEqual(draft.headers.etag, etag);
  assert.deepEqual(node(JSON.parse(draft.bytes), '1.3.4'), node(before, '1.3.4'));
  const submit = await fetch(`${base}/api/v1/plans/1/values/submit`, {
    method: 'POST', headers: { ...admin.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ org_unit: 'thon-9', period: '2026-11', indicator: '1.3.4' }),
  });
  assert.equal(submit.status, 200, await submit.text());
  const afterApi = await get(EVAL);
  assert.notEqual(afterApi.headers.etag, draft.headers.etag);
  assert.equal(node(JSON.parse(afterApi.bytes), '1.3.4').actual, 4321);
  assert.notEqual(node(before, '1.3.4').actual, 4321);
  assert.equal((await get(EVAL, { 'If-None-Match': etag })).status, 200);

  // a figure imported by another process while the server runs, read at once
  const csv = path.join(path.dirname(db), 'v.csv');
  writeFileSync(csv, 'indicator,org_unit,period,value,status\n1.3.4,thon-9,2026-11,5.678,approved\n');
  const imported = run(['--db', db, 'values', 'import', csv]);
  assert.equal(imported.code, 0, imported.stderr);
  const afterCli = await get(EVAL);
  assert.notEqual(afterCli.headers.etag, afterApi.headers.etag);
  assert.equal(node(JSON.parse(afterCli.bytes), '1.3.4').actual, 5678);
  assert.equal((await get(EVAL, { 'If-None-Match': afterApi.headers.etag })).status, 200);
  assert.equal((await get(EVAL, { 'If-None-Match': afterCli.headers.etag })).status, 304);

  // a refused write changes nothing: the ETag stays
  const refused = await fetch(`${base}/api/v1/plans/1/values`, {
    method: 'PUT', headers: { ...admin.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ indicator: '1.3.4', org_unit: 'thon-9', period: '2026-11', value: 'không phải số' }),
  });
  assert.equal(refused.status, 422);
  assert.equal((await get(EVAL)).headers.etag, afterCli.headers.etag);

  // another question has its own answer and ETag
  const year = await get('/api/v1/plans/1/evaluation?period=2026&as_of=2026-11-25&unit=thon-9');
  assert.notEqual(year.headers.etag, afterCli.headers.etag);
  assert.equal(JSON.parse(year.bytes).period, '2026');
});

test('JSON answers are compressed when accepted and large enough, and decode to the same bytes', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const admin = await login(base, 'admin');
  const get = (url, h = {}) => raw(base, url, { ...admin.read, ...h });

  for (const url of [EVAL, '/api/v1/plans/1']) {
    const plain = await get(url);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.ok(plain.bytes.length > 1024, `${url}: ${plain.bytes.length} bytes`);
    const gz = await get(url, { 'Accept-Encoding': 'gzip, deflate' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.ok(gz.bytes.length < plain.bytes.length / 3, `${url}: ${gz.bytes.length} of ${plain.bytes.length}`);
    assert.deepEqual(gunzipSync(gz.bytes), plain.bytes);
    const br = await get(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(br.bytes), plain.bytes);
    // refused with q=0: not that coding
    const noBr = await get(url, { 'Accept-Encoding': 'br;q=0, gzip' });
    assert.equal(noBr.headers['content-encoding'], 'gzip');
    const none = await get(url, { 'Accept-Encoding': 'gzip;q=0' });
    assert.equal(none.headers['content-encoding'], undefined);
    assert.deepEqual(none.bytes, plain.bytes);
  }

  // a small answer goes as it is, even to a client that accepts gzip
  const me = await get('/api/v1/auth/me', { 'Accept-Encoding': 'gzip, br' });
  assert.equal(me.status, 200);
  assert.ok(me.bytes.length < 1024);
  assert.equal(me.headers['content-encoding'], undefined);
  assert.equal(JSON.parse(me.bytes).username ?? JSON.parse(me.bytes).user?.username, 'admin');
});

// The account behind an API token and a plan's state are kept in memory between requests
// (src/store/store_memo.c) while nothing was written. A change made through the API (on the
// same connection with one worker thread, most likely on another with three) or by the CLI in
// another process is seen by the very next request: a role, a unit, a disabled account, a
// revoked token.
for (const threads of ['1', '3']) {
  test(`a token's account changed through the API or the CLI is seen by the next request (${threads} thread(s))`, async (t) => {
    const db = demoDb(t);
    const token = (name) => {
      const r = run(['--db', db, 'token', 'create', name]);
      assert.equal(r.code, 0, r.stderr);
      return { Authorization: `Bearer ${r.stdout.trim()}` };
    };
    const leader = token('chutich');
    const reporter = token('thaolai');
    const { base } = await serve(t, db, ['--threads', threads]);
    const admin = await login(base, 'admin');
    const users = await (await fetch(`${base}/api/v1/users`, { headers: admin.read })).json();
    const id = (name) => users.items.find((u) => u.username === name).id;
    const patch = async (name, body) => {
      const r = await fetch(`${base}/api/v1/users/${id(name)}`, {
        method: 'PATCH', headers: { ...admin.write, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      assert.equal(r.status, 200, await r.text());
    };
    const me = async (h) => {
      const r = await fetch(`${base}/api/v1/auth/me`, { headers: h });
      const body = r.status === 200 ? await r.json() : null;
      return { status: r.status, user: body && (body.user ?? body) };
    };
    const audit = async (h) => (await fetch(`${base}/api/v1/audit`, { headers: h })).status;
    const evalUnit = async (h) => {
      const r = await fetch(`${base}/api/v1/plans/1/evaluation?period=2026-11&as_of=2026-11-25`, { headers: h });
      assert.equal(r.status, 200);
      return (await r.json()).org_unit;
    };

    // read twice: the second from memory
    for (let i = 0; i < 2; i++) {
      assert.equal((await me(leader)).user.role, 'leader');
      assert.equal(await audit(leader), 200);
      assert.equal((await me(reporter)).user.org_unit, 'thon-thai-lai');
      assert.equal(await evalUnit(reporter), 'thon-thai-lai');
    }

    // a role changed through the API: the next request has the new role and its limits
    await patch('chutich', { role: 'viewer' });
    assert.equal((await me(leader)).user.role, 'viewer');
    assert.equal(await audit(leader), 403);
    await patch('chutich', { role: 'leader' });
    assert.equal(await audit(leader), 200);

    // a unit changed through the API: the reporter's next evaluation is its new unit's
    await patch('thaolai', { org_unit: 'thon-lao-phu' });
    const moved = await me(reporter);
    assert.equal(moved.user.org_unit, 'thon-lao-phu');
    assert.equal(moved.user.org_unit_name, 'Thôn Lão Phú');
    assert.equal(await evalUnit(reporter), 'thon-lao-phu');

    // disabled through the API: refused at once; enabled again, its token stays revoked
    await patch('thaolai', { disabled: true });
    assert.equal((await me(reporter)).status, 401);
    await patch('thaolai', { disabled: false });
    assert.equal((await me(reporter)).status, 401);

    // disabled by the CLI in another process: refused by the next request (the account read
    // twice just before, with nothing written in between, so that it was kept)
    assert.equal((await me(leader)).user.role, 'leader');
    assert.equal((await me(leader)).user.role, 'leader');
    assert.equal(run(['--db', db, 'user', 'disable', 'chutich']).code, 0);
    assert.equal((await me(leader)).status, 401);
    assert.equal(await audit(leader), 401);
    // enabled again by the CLI: the old token was revoked with the lock and stays so; a new one works
    assert.equal(run(['--db', db, 'user', 'enable', 'chutich']).code, 0);
    assert.equal((await me(leader)).status, 401);
    const fresh = token('chutich');
    assert.equal((await me(fresh)).user.role, 'leader');
    assert.equal((await me(leader)).status, 401);
  });
}
