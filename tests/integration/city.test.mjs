// city.test.mjs — many communes in one deployment: `thidua demo generate` fills a city, a city
// officer reads every commune of its city and writes nothing, the city roll-up equals a
// recomputation from the raw figures in SQL, and a commune's accounts see their commune alone.
//
// Every test takes a database file of its own; when the suite runs on PostgreSQL, the helpers
// (dbUrl, pg17's) make that file name a database of its own on the server, for the CLI and the
// server alike, and the SQL of the recomputation goes through psql instead of sqlite3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as helpers from './helpers.mjs';

const { login, run, serve, SOURCE, tempDir } = helpers;
const dbUrl = helpers.dbUrl ?? ((file) => file);
const onPostgres = !!helpers.PG;
const CITY = 'thành phố Hải Phòng';
const OTHER = 'tỉnh Ninh Bình';
const PASSWORD = 'mat-khau-thanh-pho-2026';

/** A database of the test's own. */
function freshDb(t) {
  return path.join(tempDir(t), 'city.db');
}

/** Rows of a query on the same database the server uses, as arrays of text. */
function sql(db, query) {
  const url = dbUrl(db);
  const r = /^postgres(ql)?:/.test(url)
    ? spawnSync('psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', url, '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-batch', '-separator', '|', url, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${query}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

function generate(db, args) {
  const r = run(['--db', db, 'demo', 'generate', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

function addUser(db, name, role, where) {
  const r = run(['--db', db, 'user', 'add', name, '--role', role, ...where], { input: `${PASSWORD}\n` });
  assert.equal(r.code, 0, r.stderr);
}

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

/** The quantile of sorted v the way statistics tools take it by default (linear between ranks). */
function quantile(v, p) {
  const h = (v.length - 1) * p, lo = Math.floor(h), hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

// A commune's figure for a target over 2026 (docs/api.md "City"), from the raw figures alone:
// submitted and approved ones; a flow sums its periods, a yes/no is yes when every unit said yes
// in the latest period, anything else takes the latest period, summed over units when it adds up.
const FIGURES = `
WITH v AS (
  SELECT c.code AS cc, i.code AS ic, i.measure AS measure, i.aggregation AS agg, i.target_op AS op, d.period AS period,
         SUM(d.value) AS s, COUNT(d.value) AS n, MIN(d.value) AS mn
    FROM commune c JOIN city y ON y.id = c.city_id JOIN plan p ON p.commune_id = c.id
    JOIN indicator i ON i.plan_id = p.id JOIN data_value d ON d.indicator_id = i.id
   WHERE y.name = '${CITY}' AND d.status IN ('submitted', 'approved') AND d.value IS NOT NULL
     AND d.period >= '2026' AND d.period <= '2026-Q4'
   GROUP BY c.code, i.code, i.measure, i.aggregation, i.target_op, d.period),
last AS (SELECT cc, ic, MAX(period) AS lp FROM v GROUP BY cc, ic)
SELECT v.cc, v.ic,
       CASE WHEN MIN(v.op) = 'done' THEN MIN(CASE WHEN v.period = l.lp THEN (CASE WHEN v.mn > 0 THEN 1 ELSE 0 END) END)
            WHEN MIN(v.measure) = 'flow' AND MIN(v.agg) = 'sum' THEN SUM(v.s)
            WHEN MIN(v.measure) = 'flow' THEN SUM(v.s) * 1.0 / SUM(v.n)
            WHEN MIN(v.agg) = 'sum' THEN MAX(CASE WHEN v.period = l.lp THEN v.s END)
            ELSE MAX(CASE WHEN v.period = l.lp THEN v.s * 1.0 / v.n END) END
  FROM v JOIN last l ON l.cc = v.cc AND l.ic = v.ic
 GROUP BY v.cc, v.ic`;

test('a city roll-up over 114 generated communes answers through the API and equals a recomputation from the raw figures', async (t) => {
  const db = freshDb(t);
  const out = generate(db, ['--communes', '114', '--units', '3', '--months', '12', '--seed', '17']);
  assert.match(out, /\[114\/114\]/);
  assert.match(out, /Đã sinh 114 xã/);
  addUser(db, 'thanhpho', 'city', ['--city', CITY]);
  const { base } = await serve(t, db);
  const hp = await login(base, 'thanhpho', PASSWORD);
  assert.equal(hp.user.role, 'city');

  const res = await fetch(`${base}/api/v1/city/rollup?period=2026&as_of=2026-12-20`, { headers: hp.read });
  assert.equal(res.status, 200);
  const rollup = await res.json();
  assert.equal(rollup.city.name, CITY);
  assert.equal(rollup.communes, 114);
  assert.equal(rollup.final, false);

  const fig = new Map(); // "indicator|commune" → figure
  for (const [cc, ic, v] of sql(db, FIGURES)) fig.set(`${ic}|${cc}`, Number(v));
  const targets = new Map(sql(db, `SELECT i.code, i.target_op, i.target_value, i.target_change FROM indicator i WHERE i.plan_id = 1`).map((r) => [r[0], r]));
  const names = new Map(sql(db, 'SELECT code, name FROM commune').map(([c, n]) => [n, c]));
  assert.ok(rollup.targets.length >= 30, `${rollup.targets.length} targets`);
  let compared = 0;
  for (const tg of rollup.targets) {
    const values = [...fig].filter(([k]) => k.startsWith(`${tg.code}|`)).map(([, v]) => v).sort((a, b) => a - b);
    assert.equal(tg.communes, 114, tg.code);
    assert.equal(tg.with_data, values.length, `${tg.code}: communes with figures`);
    assert.equal(tg.no_data, 114 - values.length, tg.code);
    assert.equal(tg.exceeded + tg.achieved + tg.not_achieved, tg.with_data, tg.code);
    const [, op, value, change] = targets.get(tg.code);
    if (op === 'done') {
      assert.equal(tg.distribution, null, tg.code);
      assert.equal(tg.achieved + tg.exceeded, values.filter((v) => v === 1).length, `${tg.code}: communes achieved`);
    } else {
      const d = tg.distribution;
      close(d.min, values[0], `${tg.code} min`);
      close(d.max, values.at(-1), `${tg.code} max`);
      close(d.mean, values.reduce((a, b) => a + b, 0) / values.length, `${tg.code} mean`);
      close(d.median, quantile(values, 0.5), `${tg.code} median`);
      close(d.p25, quantile(values, 0.25), `${tg.code} p25`);
      close(d.p75, quantile(values, 0.75), `${tg.code} p75`);
      assert.equal(d.bins.reduce((a, b) => a + b.count, 0), values.length, `${tg.code} bins`);
      if ((op === '>=' || op === '>') && change === '') {
        const t0 = Number(value);
        const met = values.filter((v) => (op === '>=' ? v >= t0 : v > t0)).length;
        assert.equal(tg.exceeded + tg.achieved, met, `${tg.code} (${tg.target_text}): communes achieved`);
        compared++;
      }
    }
    // the laggards: not achieved, lowest degree first, each with its commune's own figure
    for (const [k, l] of tg.laggards.entries()) {
      const v = fig.get(`${tg.code}|${l.code}`);
      assert.ok(v !== undefined, `${tg.code}: laggard ${l.name} has figures`);
      if (typeof l.actual === 'number') close(l.actual, v, `${tg.code} laggard ${l.name}`);
      assert.equal(names.get(l.name), l.code);
      if (k > 0 && l.degree !== null) assert.ok(l.degree >= tg.laggards[k - 1].degree, `${tg.code}: laggards in order`);
    }
    assert.ok(tg.laggards.length <= 10);
    assert.equal(tg.laggards.length, Math.min(10, tg.not_achieved), tg.code);
  }
  assert.ok(compared >= 8, `only ${compared} targets compared by their threshold`);

  // side by side: the same verdicts, counted by commune
  const side = await (await fetch(`${base}/api/v1/city/communes?period=2026&as_of=2026-12-20`, { headers: hp.read })).json();
  assert.equal(side.communes.length, 114);
  for (const key of ['exceeded', 'achieved', 'not_achieved', 'no_data'])
    assert.equal(side.totals[key], rollup.targets.reduce((a, tg) => a + tg[key], 0), key);
  for (const c of side.communes) {
    assert.equal(c.counts.total, rollup.targets.length, c.code);
    const mine = [...fig.keys()].filter((k) => k.endsWith(`|${c.code}`)).length;
    assert.equal(c.counts.total - c.counts.no_data, mine, `${c.code}: targets with figures`);
  }
});

test('a city officer reads every commune of its city and nothing of another city, and writes nothing', async (t) => {
  const db = freshDb(t);
  generate(db, ['--communes', '3', '--units', '2', '--months', '6']);
  generate(db, ['--communes', '2', '--units', '2', '--months', '6', '--city', OTHER]);
  addUser(db, 'thanhpho', 'city', ['--city', CITY]);
  addUser(db, 'admin-an-hai', 'admin', ['--commune', 'sinh-an-hai']);
  const plansOf = (city) => sql(db, `SELECT p.id FROM plan p JOIN commune c ON c.id = p.commune_id JOIN city y ON y.id = c.city_id WHERE y.name = '${city}' ORDER BY p.id`).map((r) => Number(r[0]));
  const mine = plansOf(CITY), theirs = plansOf(OTHER);
  assert.equal(mine.length, 3);
  assert.equal(theirs.length, 2);
  // a city officer without a city, or a commune account with one, is refused
  assert.equal(run(['--db', db, 'user', 'add', 'x', '--role', 'city'], { input: `${PASSWORD}\n` }).code, 2);
  assert.equal(run(['--db', db, 'user', 'add', 'x', '--role', 'viewer', '--city', CITY], { input: `${PASSWORD}\n` }).code, 2);
  const unknown = run(['--db', db, 'user', 'add', 'x', '--role', 'city', '--city', 'tỉnh Không Có'], { input: `${PASSWORD}\n` });
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /không có thành phố "tỉnh Không Có"/);

  const { base } = await serve(t, db);
  const hp = await login(base, 'thanhpho', PASSWORD);
  const admin = await login(base, 'admin-an-hai', PASSWORD);
  const get = (who, url) => fetch(base + url, { headers: who.read });

  const plans = (await (await get(hp, '/api/v1/plans')).json()).items;
  assert.deepEqual(plans.map((p) => p.id), mine);
  const communes = (await (await get(hp, '/api/v1/communes')).json()).items;
  assert.deepEqual(communes.map((c) => c.code).sort(), ['sinh-an-hai', 'sinh-binh-hai', 'sinh-cat-hai']);
  for (const id of mine) {
    assert.equal((await get(hp, `/api/v1/plans/${id}`)).status, 200);
    assert.equal((await get(hp, `/api/v1/plans/${id}/evaluation?period=2026`)).status, 200);
    assert.equal((await get(hp, `/api/v1/plans/${id}/values`)).status, 200);
  }
  for (const id of theirs)
    for (const url of [`/api/v1/plans/${id}`, `/api/v1/plans/${id}/values`, `/api/v1/plans/${id}/evaluation?period=2026`, `/api/v1/plans/${id}/org-units`]) {
      const r = await get(hp, url);
      assert.equal(r.status, 404, url);
      assert.doesNotMatch((await r.json()).error.message, /Hòa Hải|Hưng Hải|Ninh Bình/, url);
    }
  const side = await (await get(hp, '/api/v1/city/communes?period=2026')).json();
  assert.deepEqual(side.communes.map((c) => c.code), ['sinh-an-hai', 'sinh-binh-hai', 'sinh-cat-hai']);
  assert.equal((await (await get(hp, '/api/v1/city/rollup?period=2026-Q2')).json()).communes, 3);
  assert.equal((await get(hp, '/api/v1/city/rollup?period=2026-13')).status, 422);

  // every route that changes something is refused to the city officer by its role
  const openapi = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  const allowed = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/password', 'POST /api/v1/targets/preview']);
  let refused = 0;
  for (const [pattern, item] of Object.entries(openapi.paths))
    for (const method of ['post', 'put', 'patch', 'delete'].filter((m) => item[m])) {
      const route = `${method.toUpperCase()} ${pattern}`;
      if (allowed.has(route)) continue;
      const url = pattern.replace('{id}', String(mine[0])).replace('{action}', 'submit');
      const r = await fetch(base + url, { method: method.toUpperCase(), headers: { ...hp.write, 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(r.status, 403, route);
      refused++;
    }
  assert.ok(refused >= 10, `only ${refused} writing routes`);
  assert.equal(sql(db, "SELECT COUNT(*) FROM data_value WHERE updated_by <> 'demo'")[0][0], '0');

  // a commune's account: its commune only, and none of the city's views
  assert.equal((await get(admin, `/api/v1/plans/${mine[1]}`)).status, 404);
  assert.deepEqual((await (await get(admin, '/api/v1/plans')).json()).items.map((p) => p.id), [mine[0]]);
  for (const view of ['communes', 'rollup', 'reports']) assert.equal((await get(admin, `/api/v1/city/${view}`)).status, 403, view);
  // and it cannot make a city officer, nor turn an account into one
  const made = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: { ...admin.write, 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'tp2', role: 'city', password: PASSWORD }) });
  assert.equal(made.status, 422);
  const self = admin.user.id;
  const turned = await fetch(`${base}/api/v1/users/${self}`, { method: 'PATCH', headers: { ...admin.write, 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'city' }) });
  assert.equal(turned.status, 422);
});

test("the communes' consolidated reports against the deadline, and the city officer reads the issued ones", async (t) => {
  const db = freshDb(t);
  generate(db, ['--communes', '3', '--units', '2', '--months', '12']);
  generate(db, ['--communes', '1', '--units', '2', '--months', '12', '--city', OTHER]);
  addUser(db, 'thanhpho', 'city', ['--city', CITY]);
  for (const code of ['sinh-an-hai', 'sinh-binh-hai', 'sinh-dai-hai']) addUser(db, `vp-${code}`, 'officer', ['--commune', code]);
  const { base } = await serve(t, db);
  const hp = await login(base, 'thanhpho', PASSWORD);
  const reports = async (asOf) => (await fetch(`${base}/api/v1/city/reports?period=2026&as_of=${asOf}`, { headers: hp.read })).json();
  const planOf = (code) => Number(sql(db, `SELECT p.id FROM plan p JOIN commune c ON c.id = p.commune_id WHERE c.code = '${code}'`)[0][0]);

  let r = await reports('2026-12-10');
  // the seed plan: "trước ngày 15/12/2026", so the 14th is the last day on time
  assert.equal(r.deadline, '2026-12-14');
  assert.equal(r.deadline_label, '14/12/2026');
  assert.equal(r.deadline_wording, 'trước ngày 15/12/2026');
  assert.deepEqual(r.communes.map((c) => c.status), ['pending', 'pending', 'pending']);
  assert.equal(r.communes[0].status_label, 'Chưa gửi');
  assert.equal(r.communes[0].document_id, null);

  // two communes issue their reports: one on the last day, one two days after; a third commune, of
  // another city, issues too and is never counted
  const issue = async (code, date) => {
    const who = await login(base, `vp-${code}`, PASSWORD);
    const res = await fetch(`${base}/api/v1/plans/${planOf(code)}/reports/consolidated/issue?period=2026&date=${date}`, { method: 'POST', headers: who.write });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()).document;
  };
  const onTime = await issue('sinh-an-hai', '2026-12-14');
  const late = await issue('sinh-binh-hai', '2026-12-16');
  const elsewhere = await issue('sinh-dai-hai', '2026-12-01');
  r = await reports('2026-12-20');
  assert.equal(r.communes.length, 3);
  const by = Object.fromEntries(r.communes.map((c) => [c.code, c]));
  assert.equal(by['sinh-an-hai'].status, 'on_time');
  assert.equal(by['sinh-an-hai'].issued_on, '2026-12-14');
  assert.equal(by['sinh-an-hai'].number, onTime.number_text);
  assert.equal(by['sinh-an-hai'].document_id, onTime.id);
  assert.equal(by['sinh-binh-hai'].status, 'late');
  assert.equal(by['sinh-cat-hai'].status, 'overdue');
  assert.deepEqual(r.counts, { on_time: 1, late: 1, overdue: 1, pending: 0 });

  // the city officer opens the documents of its communes, never another city's
  const docx = await fetch(`${base}/api/v1/documents/${late.id}.docx`, { headers: hp.read });
  assert.equal(docx.status, 200);
  assert.equal(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const listed = await (await fetch(`${base}/api/v1/plans/${planOf('sinh-an-hai')}/documents`, { headers: hp.read })).json();
  assert.deepEqual(listed.items.map((d) => d.id), [onTime.id]);
  assert.equal((await fetch(`${base}/api/v1/documents/${elsewhere.id}.docx`, { headers: hp.read })).status, 404);
  assert.equal((await fetch(`${base}/api/v1/plans/${planOf('sinh-dai-hai')}/documents`, { headers: hp.read })).status, 404);
  // and issues nothing itself
  const refused = await fetch(`${base}/api/v1/plans/${planOf('sinh-cat-hai')}/reports/consolidated/issue?period=2026`, { method: 'POST', headers: hp.write });
  assert.equal(refused.status, 403);
});

test("a commune's own database migrated into the city's deployment joins the city's row, and its officer reads it", async (t) => {
  const dir = tempDir(t);
  const commune = path.join(dir, 'kien-hai.db'), city = freshDb(t);
  assert.equal(run(['--db', `sqlite:${commune}`, 'init', '--demo']).code, 0);
  generate(city, ['--communes', '2', '--units', '2', '--months', '3']);
  addUser(city, 'thanhpho', 'city', ['--city', CITY]);
  const r = run(['migrate', '--from', commune, '--to', dbUrl(city)]);
  assert.equal(r.code, 0, r.stderr);
  // one row per city: the commune took the one already there, not a copy of its own
  assert.deepEqual(sql(city, 'SELECT name FROM city'), [[CITY]]);
  assert.deepEqual(sql(city, "SELECT y.name FROM commune c JOIN city y ON y.id = c.city_id WHERE c.code = 'kien-hai'"), [[CITY]]);
  const { base } = await serve(t, city);
  const hp = await login(base, 'thanhpho', PASSWORD);
  const side = await (await fetch(`${base}/api/v1/city/communes?period=2026`, { headers: hp.read })).json();
  assert.deepEqual(side.communes.map((c) => c.code).sort(), ['kien-hai', 'sinh-an-hai', 'sinh-binh-hai']);
  const kienHai = side.communes.find((c) => c.code === 'kien-hai');
  assert.equal((await fetch(`${base}/api/v1/plans/${kienHai.plan_id}/evaluation?period=2026`, { headers: hp.read })).status, 200);
});

test('demo generate: the same seed makes the same city, and bad counts are refused', (t) => {
  const sums = [1, 1, 2].map((seed) => {
    const db = freshDb(t);
    generate(db, ['--communes', '2', '--units', '2', '--months', '3', '--seed', String(seed)]);
    return sql(db, 'SELECT COUNT(*), SUM(value) FROM data_value')[0].join(' ');
  });
  assert.equal(sums[0], sums[1]);
  assert.notEqual(sums[0], sums[2]);
  const db = freshDb(t);
  for (const [opt, v] of [['--communes', '0'], ['--units', '201'], ['--months', '13'], ['--months', 'ba']]) {
    const args = { '--communes': '1', '--units': '1', '--months': '1', [opt]: v };
    const r = run(['--db', db, 'demo', 'generate', ...Object.entries(args).flat()]);
    assert.equal(r.code, 2, `${opt} ${v}`);
    assert.match(r.stderr, new RegExp(`${opt} cần một số nguyên`));
  }
  // run again, it adds communes after those already there
  generate(db, ['--communes', '2', '--units', '1', '--months', '1']);
  generate(db, ['--communes', '1', '--units', '1', '--months', '1']);
  assert.deepEqual(sql(db, 'SELECT code FROM commune ORDER BY id').map((r) => r[0]), ['sinh-an-hai', 'sinh-binh-hai', 'sinh-cat-hai']);
});

test('migration 12 keeps the accounts, their sessions and tokens, and puts each commune in its city', { skip: onPostgres && 'SQLite only: the rebuild of app_user is SQLite\'s' }, (t) => {
  const db = path.join(tempDir(t), 'old.db');
  const dir = path.join(SOURCE, 'src/store/migrations/sqlite');
  const old = readdirSync(dir).filter((f) => f < '0008').sort();
  let script = 'PRAGMA foreign_keys=ON; CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);';
  for (const f of old) script += readFileSync(path.join(dir, f), 'utf8') + `;INSERT INTO schema_migrations VALUES (${Number(f.slice(0, 4))}, '${f}', 'x');`;
  script += `INSERT INTO commune (id, code, name, city, created_at) VALUES (1, 'kien-hai', 'xã Kiến Hải', '${CITY}', 'x'), (2, 'ninh-hai', 'xã Ninh Hải', '${OTHER}', 'x');
    INSERT INTO org_unit (id, commune_id, code, name, kind) VALUES (1, 1, 'thon-9', 'Thôn 9', 'village');
    INSERT INTO app_user (id, commune_id, username, display_name, password_hash, role, org_unit_id, created_at) VALUES
      (1, 1, 'admin', 'Quản trị', 'h', 'admin', NULL, 'x'), (2, 1, 'thon9', 'Thôn 9', 'h', 'reporter', 1, 'x');
    INSERT INTO session VALUES ('s1', 2, 'c', 'x', '2099-01-01T00:00:00Z');
    INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES (1, 'máy', 't1', 'x');`;
  const made = spawnSync('sqlite3', ['-batch', db], { input: script, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const r = run(['--db', db, 'init']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /lược đồ v1[2-9]/);
  assert.deepEqual(sql(db, 'SELECT id, username, role, commune_id, org_unit_id FROM app_user ORDER BY id'), [['1', 'admin', 'admin', '1', ''], ['2', 'thon9', 'reporter', '1', '1']]);
  assert.deepEqual(sql(db, 'SELECT token_hash, user_id FROM session'), [['s1', '2']]);
  assert.deepEqual(sql(db, 'SELECT token_hash, user_id FROM api_token'), [['t1', '1']]);
  assert.deepEqual(sql(db, 'SELECT c.code, y.name FROM commune c JOIN city y ON y.id = c.city_id ORDER BY c.id'), [['kien-hai', CITY], ['ninh-hai', OTHER]]);
  assert.deepEqual(sql(db, 'PRAGMA foreign_key_check'), []);
  // the new role's rules hold in the table itself
  const bad = spawnSync('sqlite3', [db, "INSERT INTO app_user (commune_id, city_id, username, display_name, password_hash, role, created_at) VALUES (1, 1, 'tp', 'tp', 'h', 'city', 'x')"], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'a city officer with a commune');
  assert.match(bad.stderr, /CHECK constraint failed/);
});
