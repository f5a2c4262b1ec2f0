// migrate.test.mjs — `thidua migrate --from FILE.db --to URL`: a commune that kept its own SQLite
// file joins a deployment that already holds another commune (PostgreSQL under THIDUA_TEST_PG,
// another SQLite file otherwise). Everything arrives under new ids and still adds up; the commune's
// accounts see only it; a second copy, or a name already taken, writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PASSWORD, dbUrl, demoDb, login, run, runJson, serve, sql, tempDir } from './helpers.mjs';

/** A commune's own SQLite file: the demo, renamed to code (and its accounts suffixed with
 * suffix, unless it is empty). */
function communeFile(t, code, suffix) {
  const file = path.join(tempDir(t), `${code}.db`);
  const r = run(['--db', `sqlite:${file}`, 'init', '--demo']);
  assert.equal(r.code, 0, r.stderr);
  let q = `UPDATE commune SET code = '${code}', name = 'Xã Mới';`;
  if (suffix) q += ` UPDATE app_user SET username = username || '${suffix}';`;
  const s = run(['--db', `sqlite:${file}`, 'plan', 'list']); // (migrated to this version first)
  assert.equal(s.code, 0, s.stderr);
  const u = sql(`sqlite:${file}`, q);
  assert.equal(u.code, 0, u.stderr);
  return file;
}

const count = (db, table) => Number(sql(db, `SELECT COUNT(*) FROM ${table}`).stdout.trim());

test('migrate copies a commune into a deployment with another, refuses a second copy and a taken name', async (t) => {
  const city = demoDb(t); // Kiến Hải is there already, with plan 1
  const file = communeFile(t, 'xa-moi', '-moi');
  const before = runJson(['--db', `sqlite:${file}`, 'evaluate', '--period', '2026-Q3', '--as-of', '2026-10-20']);

  const r = run(['migrate', '--from', file, '--to', dbUrl(city)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã chép Xã Mới \(mã xa-moi\)/);
  const plans = runJson(['--db', city, 'plan', 'list']).plans;
  assert.equal(plans.length, 2);
  const moved = plans.find((p) => p.id !== 1).id;
  // the copy evaluates as the original did: every figure found its new indicator and unit
  const after = runJson(['--db', city, 'evaluate', '--plan', String(moved), '--period', '2026-Q3', '--as-of', '2026-10-20']);
  const brief = (e) => ({ summary: e.summary, indicators: JSON.stringify(e.indicators) });
  assert.ok(before.summary.total > 0 && before.summary.achieved > 0);
  assert.deepEqual(brief(after), brief(before));
  assert.equal(runJson(['--db', city, 'values', 'list', '--plan', String(moved)]).values.length,
    runJson(['--db', `sqlite:${file}`, 'values', 'list']).values.length);

  // its accounts came along, and see only their own commune
  const { base } = await serve(t, city);
  const mine = await login(base, 'vhxh-moi', PASSWORD);
  const seen = (await (await fetch(`${base}/api/v1/plans`, { headers: mine.read })).json()).items;
  assert.deepEqual(seen.map((p) => p.id), [moved]);
  assert.equal((await fetch(`${base}/api/v1/plans/1`, { headers: mine.read })).status, 404);
  const old = await login(base, 'vhxh', PASSWORD);
  assert.equal((await fetch(`${base}/api/v1/plans/${moved}`, { headers: old.read })).status, 404);

  // the same commune again: refused, nothing written
  const rows = { values: count(city, 'data_value'), audit: count(city, 'audit_log'), users: count(city, 'app_user') };
  const again = run(['migrate', '--from', file, '--to', dbUrl(city)]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Xã Mới \(mã xa-moi\) đã có/);
  // another commune whose account names are taken: refused by name, nothing written
  const clash = run(['migrate', '--from', communeFile(t, 'xa-trung', ''), '--to', dbUrl(city)]);
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, /tên đăng nhập "[a-z]+"/);
  assert.deepEqual({ values: count(city, 'data_value'), audit: count(city, 'audit_log'), users: count(city, 'app_user') }, rows);
  assert.equal(runJson(['--db', city, 'plan', 'list']).plans.length, 2);
});

test('migrate: a source that is missing or not given is an error that creates nothing', (t) => {
  const dir = tempDir(t);
  const r = run(['migrate', '--from', path.join(dir, 'khong-co.db'), '--to', dbUrl(path.join(dir, 'city.db'))]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không đọc được tệp/);
  assert.equal(run(['migrate', '--to', dbUrl(path.join(dir, 'city.db'))]).code, 2);
});

test('a PostgreSQL server that does not answer: a clear error that never shows the password', () => {
  const r = run(['--db', 'postgresql://thidua:bi-mat-2026@127.0.0.1:1/thidua?connect_timeout=2', 'plan', 'list']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không kết nối được cơ sở dữ liệu PostgreSQL postgresql:\/\/thidua:\*\*\*@127\.0\.0\.1:1/);
  assert.doesNotMatch(r.stderr, /bi-mat/);
});
