// reliability.test.mjs — the workflow under concurrent use, and nothing lost: two clients race
// each pair of actions on one figure over loopback against the real server (exactly one winner
// where only one may win, no 500, the audit trail telling what the final state says); the
// server killed with SIGKILL during acknowledged writes; the disk full; backup and restore while
// a writer runs. See docs/reliability.md for the figures.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';

import { BIN, PG, SOURCE, dbUrl, demoDb, login, run, serve, sql as runSql, tempDir } from './helpers.mjs';

const V = '/api/v1/plans/1/values';

/** Runs SQL on the test's database (sqlite3 or psql); its output trimmed. */
function sql(db, query) {
  const r = runSql(db, query);
  if (r.code !== 0) throw new Error(`${query}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A client of one account: call(method, url, body) → {status, body}. */
function client(base, who) {
  return async (method, url, body) => {
    const r = await fetch(base + url, {
      method, headers: { ...who.write, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* an empty answer */ }
    return { status: r.status, headers: r.headers, body: json, text };
  };
}

// ---- races ------------------------------------------------------------------------------------

/* What each action needs and does, as the workflow defines it (src/service/workflow.h): the
 * model the observed outcome of a race is checked against. */
const model = {
  edit: (s, op) => (op.from.includes(s.status) && op.version === s.version
    ? { ...s, status: 'draft', version: s.version + 1, value: op.value } : null),
  submit: (s) => (['draft', 'returned'].includes(s.status) ? { ...s, status: 'submitted', version: s.version + 1 } : null),
  approve: (s) => (s.status === 'submitted' ? { ...s, status: 'approved', version: s.version + 1 } : null),
  return: (s) => (s.status === 'submitted' ? { ...s, status: 'returned', version: s.version + 1 } : null),
};
const auditAction = { edit: 'update', submit: 'submit', approve: 'approve', return: 'return' };

/** Whether some order of the two actions explains what was observed: each succeeded exactly when
 * its condition held at its turn, the final state is the one reached, and the trail holds the
 * successes in that order. Returns the order, or null. */
function explain(start, ops, outcomes, final, trail) {
  for (const order of [[0, 1], [1, 0]]) {
    let s = start;
    const actions = [];
    let ok = true;
    for (const i of order) {
      const next = model[ops[i].kind](s, ops[i]);
      if ((next !== null) !== (outcomes[i] === 200)) { ok = false; break; }
      if (next) { s = next; actions.push(auditAction[ops[i].kind]); }
    }
    if (ok && s.status === final.status && s.version === final.version && s.value === final.value &&
        JSON.stringify(actions) === JSON.stringify(trail)) return order;
  }
  return null;
}

test('two clients racing each pair of actions on one figure: one winner, no 500, the trail agrees with the state', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const rep = client(base, await login(base, 'thaolai'));
  const officer = client(base, await login(base, 'vhxh'));
  const leader = client(base, await login(base, 'chutich'));
  const fig = { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-10' };
  const read = async () => {
    const r = await officer('GET', `${V}?indicator=${fig.indicator}&unit=${fig.org_unit}&period=${fig.period}`);
    const v = r.body.items[0];
    return { id: v.id, status: v.status, version: v.version, value: v.value };
  };
  // one request naming a figure twice: the second row sees the first (last wins), not a conflict with itself
  let twice = await officer('PUT', V, { values: [{ ...fig, value: 41 }, { ...fig, value: 42 }] });
  assert.equal(twice.status, 200, twice.text);
  assert.equal((await read()).value, 42);
  twice = await officer('PUT', V, { values: [{ ...fig, value: 43 }, { ...fig, indicator: 'khong-co', value: 1 }] });
  assert.equal(twice.status, 422);
  assert.equal((await read()).value, 42, 'a bulk with a bad row writes nothing');
  let counter = 100;
  /* brings the figure to a draft, then to the state a race starts from */
  const prepare = async (state) => {
    let s = await read().catch(() => null);
    if (s?.status === 'approved') assert.equal((await officer('POST', `${V}/reopen`, fig)).status, 200);
    if (s?.status === 'submitted') assert.equal((await officer('POST', `${V}/return`, { ...fig, comment: 'làm lại' })).status, 200);
    assert.equal((await officer('PUT', V, { ...fig, value: counter++ })).status, 200);
    if (state === 'submitted' || state === 'returned') assert.equal((await officer('POST', `${V}/submit`, fig)).status, 200);
    if (state === 'returned') assert.equal((await officer('POST', `${V}/return`, { ...fig, comment: 'làm lại' })).status, 200);
    s = await read();
    assert.equal(s.status, state);
    return s;
  };
  const act = (op, s) => {
    if (op.kind === 'edit') {
      op.version = s.version;
      op.value = counter++;
      return op.who('PUT', V, { ...fig, value: op.value, version: op.version });
    }
    return op.who('POST', `${V}/${op.kind}`, op.kind === 'return' ? { ...fig, comment: 'Kiểm tra lại' } : fig);
  };
  const reporterEdit = () => ({ kind: 'edit', who: rep, from: ['draft', 'returned'] });
  const officerEdit = () => ({ kind: 'edit', who: officer, from: ['draft', 'returned', 'submitted'] });
  const pairs = [
    // [name, start state, the two actions, whether exactly one may win]
    ['edit/edit from the same version', 'draft', () => [reporterEdit(), officerEdit()], true],
    ['approve/edit', 'submitted', () => [{ kind: 'approve', who: leader }, officerEdit()], true],
    ['approve/return', 'submitted', () => [{ kind: 'approve', who: leader }, { kind: 'return', who: officer }], true],
    ['approve/approve', 'submitted', () => [{ kind: 'approve', who: leader }, { kind: 'approve', who: officer }], true],
    ['return/edit', 'submitted', () => [{ kind: 'return', who: officer }, officerEdit()], true],
    ['submit/edit from the same version', 'draft', () => [{ kind: 'submit', who: rep }, reporterEdit()], false],
    ['submit/return', 'returned', () => [{ kind: 'submit', who: rep }, { kind: 'return', who: leader }], false],
  ];
  const TRIALS = 15;
  const tally = {};
  for (const [name, state, make, oneWinner] of pairs) {
    tally[name] = { trials: 0, orders: {} };
    for (let trial = 0; trial < TRIALS; trial++) {
      const start = await prepare(state);
      const mark = Number(sql(db, 'SELECT COALESCE(MAX(id), 0) FROM audit_log'));
      const ops = make();
      // sent in either order, both before either answer arrives
      const first = Math.random() < 0.5 ? 0 : 1;
      const sent = [];
      sent[first] = act(ops[first], start);
      sent[1 - first] = act(ops[1 - first], start);
      const answers = await Promise.all(sent);
      const outcomes = answers.map((a) => a.status);
      for (const [i, a] of answers.entries()) {
        assert.ok(a.status < 500, `${name}: ${ops[i].kind} answered ${a.status} ${a.text}`);
        if (a.status !== 200) {
          assert.equal(a.status, ops[i].kind === 'edit' ? 409 : 422, `${name}: ${ops[i].kind} ${a.text}`);
          assert.ok(a.body?.error?.message, `${name}: a refusal says why`);
        }
      }
      const winners = outcomes.filter((s) => s === 200).length;
      if (oneWinner) assert.equal(winners, 1, `${name}, trial ${trial}: ${winners} winners (${outcomes})`);
      else assert.ok(winners >= 1, `${name}: neither succeeded`);
      const final = await read();
      const trail = sql(db, `SELECT action FROM audit_log WHERE id > ${mark} AND entity = 'data_value' AND entity_id = ${start.id} ORDER BY id`)
        .split('\n').filter(Boolean);
      const lastAfter = sql(db, `SELECT after_json FROM audit_log WHERE entity = 'data_value' AND entity_id = ${start.id} ORDER BY id DESC LIMIT 1`);
      assert.deepEqual(
        (({ status, version, value }) => ({ status, version, value }))(JSON.parse(lastAfter)),
        { status: final.status, version: final.version, value: final.value }, `${name}: the last audit entry is the final state`);
      const order = explain(start, ops, outcomes, final, trail);
      assert.ok(order, `${name}, trial ${trial}: ${JSON.stringify({ start, outcomes, final, trail })} fits no order of the two`);
      tally[name].trials++;
      const key = order.map((i) => `${ops[i].kind}#${i + 1}`).join('→');
      tally[name].orders[key] = (tally[name].orders[key] ?? 0) + 1;
    }
  }
  t.diagnostic(`races: ${JSON.stringify(tally)}`);
});

// ---- SIGKILL ----------------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('the server killed with SIGKILL during acknowledged writes, 20 times: every acknowledged write is there, the file is sound', async (t) => {
  const db = demoDb(t);
  const KILLS = Number(process.env.THIDUA_KILLS ?? 20); // a longer run: THIDUA_KILLS=100
  // one figure per client, each walked through put → submit → approve → reopen → put …
  const units = ['thon-thai-lai', 'thon-lao-phu', 'thon-9', 'thon-lao-phong-1'];
  const figs = units.map((u) => ({ indicator: '1.3.1', org_unit: u, period: '2026-09' }));
  const acked = figs.map(() => []); // [{action, value}] acknowledged, in order
  let cookie = null;
  let value = 1000;
  let writes = 0;
  let lost = 0;
  for (let round = 0; round < KILLS; round++) {
    const { base, child } = await serve(t, db);
    if (!cookie) cookie = await login(base, 'vhxh'); // the session lives in the database: it outlives the kills
    const officer = client(base, cookie);
    /* the figure's status; null when the server is gone */
    const state = async (fig) => {
      const r = await officer('GET', `${V}?indicator=${fig.indicator}&unit=${fig.org_unit}&period=${fig.period}`).catch(() => null);
      if (r === null) return null;
      assert.equal(r.status, 200, r.text);
      return r.body.items[0]?.status ?? 'none';
    };
    let dead = false;
    const worker = async (i) => {
      while (!dead) {
        const s = await state(figs[i]);
        if (s === null) return;
        const step = s === 'submitted' ? 'approve' : s === 'approved' ? 'reopen' : acked[i].at(-1)?.action === 'update' && s === 'draft' ? 'submit' : 'update';
        const v = value++;
        const r = await (step === 'update' ? officer('PUT', V, { ...figs[i], value: v }) : officer('POST', `${V}/${step}`, figs[i]))
          .catch(() => null);
        if (r === null) return; // the answer never came: not acknowledged
        assert.equal(r.status, 200, `${step}: ${r.text}`);
        acked[i].push({ action: step, value: step === 'update' ? v : null });
        writes++;
      }
    };
    const running = figs.map((_, i) => worker(i));
    // the kill lands at a random moment once writes are flowing
    const before = writes;
    for (let waited = 0; writes < before + 3 && waited < 5000; waited += 5) await sleep(5);
    await sleep(Math.floor(Math.random() * 80));
    dead = true;
    child.kill('SIGKILL');
    await Promise.all(running);
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', resolve)));
  }
  if (!PG) assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok'); // (PostgreSQL: its own WAL recovery)
  // every acknowledged step is in the trail, in its order (a step whose answer was lost may be there too)
  for (const [i, fig] of figs.entries()) {
    const id = sql(db, `SELECT v.id FROM data_value v JOIN indicator i ON i.id = v.indicator_id JOIN org_unit u ON u.id = v.org_unit_id
      WHERE i.plan_id = 1 AND i.code = '${fig.indicator}' AND u.code = '${fig.org_unit}' AND v.period = '${fig.period}'`);
    const value = PG ? "CAST(after_json AS json)->>'value'" : "json_extract(after_json, '$.value')";
    const trail = sql(db, `SELECT action || ' ' || COALESCE(${value}, '') FROM audit_log
      WHERE entity = 'data_value' AND entity_id = ${id} ORDER BY id`).split('\n').map((line) => {
      const [action, v] = line.split(' ');
      return { action: action === 'create' ? 'update' : action, value: Number(v) };
    });
    let at = 0;
    for (const step of acked[i]) {
      while (at < trail.length && !(trail[at].action === step.action && (step.value === null || trail[at].value === step.value))) at++;
      if (at === trail.length) lost++;
      else at++;
    }
  }
  assert.equal(lost, 0, `${lost} of ${writes} acknowledged writes lost`);
  assert.ok(writes >= KILLS * 3, `only ${writes} writes were acknowledged in ${KILLS} runs`);
  t.diagnostic(`kills: ${KILLS}, acknowledged writes: ${writes}, lost: ${lost}, integrity_check: ok`);
});

// ---- the disk full ----------------------------------------------------------------------------

/** Mounts a small tmpfs at dir; false when mounting is not permitted (not root, a container). */
function mountTmpfs(dir, size) {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0;
}

/** Fills the file system holding dir until it refuses more; returns the filler's path. */
function fillUp(dir) {
  const filler = path.join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
    // the last partial page too
    try { for (;;) writeSync(fd, chunk, 0, 512); } catch { /* full */ }
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** A PDF of n bytes: evidence, big enough to need room on the disk. */
const pdf = (n) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n, 7)]);

test('the disk full: a clear refusal, reads keep working, nothing acknowledged is lost, nothing corrupted', async (t) => {
  if (PG) {
    t.skip('on PostgreSQL the disk is the database server\'s: the disk-full mapping (53100) is in src/store/db_pg.c');
    return;
  }
  const mnt = path.join(tempDir(t), 'mnt');
  if (!mountTmpfs(mnt, '6m')) {
    t.skip('mount -t tmpfs is not permitted here (needs root outside a restricted container): the disk-full test did not run');
    return;
  }
  let child = null;
  try {
    const db = path.join(mnt, 'thidua.db');
    const init = run(['--db', db, 'init', '--demo']);
    assert.equal(init.code, 0, init.stderr);
    const served = await serve(t, db);
    child = served.child;
    const { base } = served;
    const who = await login(base, 'vhxh');
    const officer = client(base, who);
    const fig = { indicator: '1.3.1', org_unit: 'thon-9', period: '2026-12' };
    const evidence = (n) => fetch(`${base}${V}/evidence?indicator=1.3.1&org_unit=thon-9&period=2026-12&name=bien-ban.pdf`, {
      method: 'POST', headers: { ...who.write, 'Content-Type': 'application/pdf' }, body: pdf(n),
    });
    let r = await officer('PUT', V, { ...fig, value: 1 });
    assert.equal(r.status, 200, r.text);
    let acked = 1;
    const refused = [];

    const filler = fillUp(mnt);
    // a file that needs room: refused with words that say why, as JSON
    const up = await evidence(1024 * 1024);
    const upBody = await up.json();
    assert.ok(up.status >= 400 && ![403, 404, 409, 413, 415].includes(up.status), `evidence on a full disk: ${up.status}`);
    assert.match(upBody.error.message, /đầy/, upBody.error.message);
    assert.doesNotMatch(upBody.error.message, /SQL|sqlite|database/i);
    // small writes: each either acknowledged or refused the same way
    for (let v = 2; v <= 12; v++) {
      r = await officer('PUT', V, { ...fig, value: v });
      if (r.status === 200) acked = v;
      else {
        assert.ok(![403, 404, 409].includes(r.status), `PUT on a full disk: ${r.status} ${r.text}`);
        assert.match(r.body.error.message, /đầy/, r.text);
        refused.push(v);
      }
    }
    // reads keep working
    r = await officer('GET', `${V}?indicator=1.3.1&unit=thon-9&period=2026-12`);
    assert.equal(r.status, 200);
    assert.equal(r.body.items[0].value, acked);
    assert.equal((await officer('GET', '/api/v1/plans/1')).status, 200);
    r = await officer('GET', '/api/v1/plans/1/evaluation?period=2026&as_of=2026-12-20');
    assert.equal(r.status, 200);

    // room again: writes go on where they stopped
    unlinkSync(filler);
    r = await officer('PUT', V, { ...fig, value: 99 });
    assert.equal(r.status, 200, r.text);
    assert.equal((await evidence(1024 * 1024)).status, 201);
    child.kill('SIGTERM');
    await served.stopped;
    child = null;
    if (!PG) assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok'); // (PostgreSQL: its own WAL recovery)
    const trail = sql(db, `SELECT json_extract(after_json, '$.value') FROM audit_log a JOIN data_value v ON v.id = a.entity_id
      JOIN org_unit u ON u.id = v.org_unit_id WHERE a.entity = 'data_value' AND u.code = 'thon-9' AND v.period = '2026-12' ORDER BY a.id`)
      .split('\n').map(Number);
    assert.equal(trail.at(-1), 99);
    assert.ok(trail.includes(acked));
    for (const v of refused) assert.ok(!trail.includes(v), `refused value ${v} was written`);
    assert.equal(sql(db, 'SELECT COUNT(*) FROM evidence_file'), '1');
    t.diagnostic(`disk full: evidence refused with ${up.status}; ${refused.length} of 11 small writes refused, ${11 - refused.length} acknowledged; reads ok; integrity ok`);
  } finally {
    if (child) { child.kill('SIGKILL'); await new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', resolve))); }
    spawnSync('umount', [mnt]);
  }
});

// ---- backup and restore -----------------------------------------------------------------------

/** Runs thidua without blocking the event loop (a writer in this process goes on meanwhile). */
function runAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, THIDUA_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The rows of a table as text, in id order. */
const rows = (db, table, where = '') => sql(db, `SELECT * FROM ${table} ${where} ORDER BY 1`);

test('thidua backup while a writer runs: the copy is the database at one moment; restore checks and puts it back', async (t) => {
  const dir = tempDir(t);
  const db = demoDb(t);
  const copy = path.join(dir, 'sao-luu.db');
  if (PG) {
    // a city's deployment is backed up with PostgreSQL's own tools; thidua says so and writes nothing
    const r = run(['--db', db, 'backup', copy]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /pg_dump/);
    assert.ok(!existsSync(copy));
    return;
  }
  const { base } = await serve(t, db);
  const officer = client(base, await login(base, 'vhxh'));
  // each write sets three figures to the same number in one transaction: a copy taken between
  // two statements of a transaction, or across two transactions, would show different numbers
  const figs = ['thon-thai-lai', 'thon-lao-phu', 'thon-9'].map((u) => ({ indicator: '1.3.4', org_unit: u, period: '2026-12' }));
  let k = 0;
  let writing = true;
  const writes = [];
  const writer = (async () => {
    while (writing) {
      k++;
      const r = await officer('PUT', V, { values: figs.map((f) => ({ ...f, value: k })) });
      assert.equal(r.status, 200, r.text);
      writes.push(k);
    }
  })();
  while (writes.length < 5) await sleep(5);
  const startedAt = writes.length;
  const b = await runAsync(['--db', db, 'backup', copy]);
  const endedAt = writes.length;
  while (writes.length < endedAt + 5) await sleep(5);
  writing = false;
  await writer;
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, /Đã sao lưu .* \(\d+ KB, lược đồ v\d+\)/);
  assert.ok(!existsSync(`${copy}-wal`), 'the copy is one file');
  assert.equal(statSync(copy).mode & 0o777, 0o600, 'the copy holds password hashes: its owner alone reads it');

  assert.equal(sql(copy, 'PRAGMA integrity_check'), 'ok');
  const values = sql(copy, `SELECT DISTINCT v.value FROM data_value v JOIN org_unit u ON u.id = v.org_unit_id JOIN indicator i ON i.id = v.indicator_id
    WHERE i.code = '1.3.4' AND v.period = '2026-12'`).split('\n').filter(Boolean);
  const counted = sql(copy, `SELECT COUNT(*) FROM data_value v JOIN indicator i ON i.id = v.indicator_id WHERE i.code = '1.3.4' AND v.period = '2026-12'`);
  assert.ok(values.length <= 1 && (counted === '0' || counted === '3'), `a torn copy: ${counted} figures, values ${values}`);
  const n = Number(values[0] ?? 0);
  assert.ok(n >= startedAt - 1 && n <= endedAt + 1, `the copy holds write ${n}, taken between writes ${startedAt} and ${endedAt}`);
  assert.ok(n < k, 'the writer went on after the copy');
  // the trail of the copy is the source's up to that moment, entry for entry
  const last = sql(copy, 'SELECT MAX(id) FROM audit_log');
  assert.equal(rows(copy, 'audit_log'), rows(db, 'audit_log', `WHERE id <= ${last}`));
  assert.notEqual(sql(db, 'SELECT MAX(id) FROM audit_log'), last);
  // and every table the writer did not touch is the same
  for (const table of ['commune', 'org_unit', 'plan', 'indicator', 'app_user', 'schema_migrations'])
    assert.equal(rows(copy, table), rows(db, table), table);
  // the figures of the copy: the source's, but for the three the writer kept changing
  const others = "WHERE id NOT IN (SELECT v.id FROM data_value v JOIN indicator i ON i.id = v.indicator_id WHERE i.code = '1.3.4' AND v.period = '2026-12')";
  assert.equal(rows(copy, 'data_value', others), rows(db, 'data_value', others));

  // a backup onto the database itself is refused
  let r = run(['--db', db, 'backup', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /chính cơ sở dữ liệu đang dùng/);
  // restore: a file that is not a thidua database is refused and nothing changes
  const text = path.join(dir, 'ghi-chu.txt');
  copyFileSync(path.join(SOURCE, 'README.md'), text);
  const target = path.join(dir, 'khoi-phuc.db');
  assert.equal(run(['--db', target, 'init']).code, 0);
  r = run(['--db', target, 'restore', text]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không phải là cơ sở dữ liệu thidua/);
  assert.equal(sql(target, 'SELECT COUNT(*) FROM plan'), '0');
  r = run(['--db', target, 'restore', path.join(dir, 'khong-co.db')]);
  assert.equal(r.code, 1);
  // the copy is restored, figure for figure, with the restore in the trail
  r = run(['--db', target, 'restore', copy]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã khôi phục/);
  assert.equal(sql(target, 'PRAGMA integrity_check'), 'ok');
  assert.equal(rows(target, 'data_value'), rows(copy, 'data_value'));
  assert.equal(rows(target, 'audit_log', `WHERE id <= ${last}`), rows(copy, 'audit_log'));
  assert.equal(sql(target, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), 'database.restore');
  t.diagnostic(`backup: taken between writes ${startedAt} and ${endedAt}, holds write ${n}; the writer reached ${k}`);
});

// ---- a writer that holds the lock too long ----------------------------------------------------

/** Another program holds the database's write lock for seconds (an admin's sqlite3 shell, a
 * stuck import); resolves when it lets go. */
function holdWriteLock(db, seconds) {
  if (PG) { // the advisory lock every writer takes first (src/store/db_pg.c)
    const child = spawn('psql', ['-X', '-q', dbUrl(db)], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.stdin.end(`BEGIN;\nSELECT pg_advisory_xact_lock(127961101640813);\nSELECT pg_sleep(${seconds});\nCOMMIT;\n`);
    return new Promise((resolve) => child.on('exit', resolve));
  }
  const child = spawn('sqlite3', [db], { stdio: ['pipe', 'ignore', 'inherit'] });
  child.stdin.end(`BEGIN IMMEDIATE;\nUPDATE commune SET name = name;\n.shell sleep ${seconds}\nCOMMIT;\n`);
  return new Promise((resolve) => child.on('exit', resolve));
}

test('a writer holding the lock past the busy timeout: the answer says the server is busy, nothing is written, the next try works', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = client(base, await login(base, 'vhxh'));
  const fig = { indicator: '1.3.1', org_unit: 'thon-9', period: '2026-11' };
  const released = holdWriteLock(db, 6);
  await sleep(300);
  const r = await officer('PUT', V, { ...fig, value: 77 });
  await released;
  assert.ok(r.status >= 400, `${r.status} ${r.text}`);
  assert.match(r.body.error.message, /đang bận/, r.text);
  assert.doesNotMatch(r.body.error.message, /locked|SQL/i);
  assert.equal((await officer('GET', `${V}?indicator=1.3.1&unit=thon-9&period=2026-11`)).body.items.length, 0);
  assert.equal((await officer('PUT', V, { ...fig, value: 77 })).status, 200);
  assert.equal(r.status, 503, r.text);
  assert.ok(r.headers.get('retry-after'));
});

// ---- PostgreSQL: connections closed under the server --------------------------------------------

test('PostgreSQL closes the server\'s connections (a restart, a failover): the next requests are answered', async (t) => {
  if (!PG) {
    t.skip('PostgreSQL only (THIDUA_TEST_PG): a SQLite file has no connection to lose');
    return;
  }
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = client(base, await login(base, 'vhxh'));
  assert.equal((await officer('GET', '/api/v1/plans')).status, 200);
  const name = new URL(dbUrl(db)).pathname.slice(1);
  const killed = runSql(`${PG}/postgres`, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}'`);
  assert.equal(killed.code, 0, killed.stderr);
  assert.ok(Number(killed.stdout.trim()) >= 1);
  // every worker's connection is gone; each is made again on its next request, reads and writes
  for (let i = 0; i < 6; i++) assert.equal((await officer('GET', '/api/v1/plans')).status, 200);
  const put = await officer('PUT', V, { indicator: '1.3.1', org_unit: 'thon-9', period: '2026-11', value: 5 });
  assert.equal(put.status, 200, put.text);
});
