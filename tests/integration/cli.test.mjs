// cli.test.mjs — the thidua command line as a user drives it: init, plans, values, bad input,
// exit codes (0 ok, 1 runtime error, 2 usage error) and --help on every command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { PG, run, runJson, sql, tempDir, walk } from './helpers.mjs';

function demoDb(t) {
  const dir = tempDir(t);
  const db = path.join(dir, 'demo.db');
  const r = run(['--db', db, 'init', '--demo']);
  assert.equal(r.code, 0, r.stderr);
  return { dir, db };
}

test('init --demo loads the Kiến Hải plan and says what it loaded', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'x.db');
  const r = run(['--db', db, 'init', '--demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nạp kế hoạch số 1/);
  assert.match(r.stdout, /minh họa/);
  if (!PG) assert.ok(existsSync(db)); // (on PostgreSQL the database is the server's)
  // a second demo load into the same database is refused, and changes nothing
  const again = run(['--db', db, 'init', '--demo']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /đã có 1 kế hoạch/);
  assert.equal(runJson(['--db', db, 'plan', 'list']).plans.length, 1);
});

test('THIDUA_DB names the database when --db is absent', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'env.db');
  assert.equal(run(['init'], { env: { THIDUA_DB: db } }).code, 0);
  if (!PG) assert.ok(existsSync(db));
  assert.equal(runJson(['plan', 'list'], { env: { THIDUA_DB: db } }).plans.length, 0);
  // and the default is thidua.db in the working directory
  assert.equal(run(['init'], { cwd: dir }).code, 0);
  assert.ok(existsSync(path.join(dir, 'thidua.db')));
});

test('plan list and plan show print readable tables', (t) => {
  const { db } = demoDb(t);
  const list = run(['--db', db, 'plan', 'list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /01\/01\/2026 – 31\/12\/2026/);
  const show = run(['--db', db, 'plan', 'show', '1']);
  assert.equal(show.code, 0, show.stderr);
  for (const want of ['56/KH-UBND', '18/02/2026', '05/12/2026', '15/12/2026', 'Chủ động thực thi',
    'trên 97,2%', 'khoảng 8.990 con', 'Đạt so với chỉ tiêu được giao', 'Trạm y tế']) {
    assert.ok(show.stdout.includes(want), `plan show lacks ${want}`);
  }
});

test('plan show --json gives the tree with one target shape', (t) => {
  const { db } = demoDb(t);
  const plan = runJson(['--db', db, 'plan', 'show', '1']);
  assert.equal(plan.indicators.length, 20);
  const keys = ['text', 'op', 'value', 'high', 'unit', 'change', 'baseline_year', 'items', 'tolerance'];
  for (const ind of walk(plan.indicators)) {
    for (const k of ['code', 'name', 'unit', 'target', 'children']) assert.ok(k in ind, `${ind.code} lacks ${k}`);
    if (ind.target) {
      assert.deepEqual(Object.keys(ind.target).sort(), [...keys].sort());
      if (ind.target.value !== null) assert.equal(typeof ind.target.value, 'number');
    }
  }
  assert.equal(plan.counts.roots, 20);
  assert.ok(plan.counts.leaf_targets >= 45);
});

test('values list shows the demo values, filtered', (t) => {
  const { db } = demoDb(t);
  const all = runJson(['--db', db, 'values', 'list']);
  assert.ok(all.values.length > 50, 'the demo has values');
  assert.ok(all.values.every((v) => v.demo), 'demo values are marked demo');
  const some = all.values[0];
  const one = runJson(['--db', db, 'values', 'list', '--unit', some.org_unit, '--indicator', some.indicator,
    '--period', some.period]);
  assert.equal(one.values.length, 1);
  assert.deepEqual(one.values[0], some);
  const table = run(['--db', db, 'values', 'list', '--unit', some.org_unit]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /\[demo\]/);
});

test('values import writes good rows and updates a value, raising its version', (t) => {
  const { dir, db } = demoDb(t);
  const csv = path.join(dir, 'v.csv');
  writeFileSync(csv, 'indicator;org_unit;period;value;note;denominator\n1.3.4;thon-9;2026-11;"1.234";Báo cáo tháng 11;\n' +
    '10.1;vh-xh;2026-11;97,4;;9.800\n');
  const r = run(['--db', db, 'values', 'import', csv]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập 2 số liệu/);
  let got = runJson(['--db', db, 'values', 'list', '--period', '2026-11', '--unit', 'thon-9']).values;
  assert.equal(got.length, 1);
  assert.equal(got[0].value, 1234);
  assert.equal(got[0].version, 1);
  assert.equal(got[0].demo, false);
  writeFileSync(csv, 'indicator,org_unit,period,value\n1.3.4,thon-9,2026-11,1.240\n');
  assert.equal(run(['--db', db, 'values', 'import', csv]).code, 0);
  got = runJson(['--db', db, 'values', 'list', '--period', '2026-11', '--unit', 'thon-9']).values;
  assert.equal(got[0].value, 1240);
  assert.equal(got[0].version, 2);
});

test('a bad CSV names file, line and column, exits 1 and writes nothing', (t) => {
  const { dir, db } = demoDb(t);
  const before = runJson(['--db', db, 'values', 'list']).values.length;
  const csv = path.join(dir, 'bad.csv');
  writeFileSync(csv, 'indicator,org_unit,period,value\n1.3.4,thon-9,2026-11,1.234\n1.3.4,thon-9,2026-12,"8,99,0"\n' +
    '99,thon-9,2026-12,1\n');
  const r = run(['--db', db, 'values', 'import', csv]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(`${csv}:3:`), r.stderr);
  assert.ok(r.stderr.includes(`${csv}:4:`), r.stderr);
  assert.match(r.stderr, /:3: giá trị: "8,99,0"/); // the field as users know it, not the column's code
  assert.doesNotMatch(r.stderr, /cột "value"/);
  assert.match(r.stderr, /không nhập dòng nào/);
  assert.equal(runJson(['--db', db, 'values', 'list']).values.length, before, 'the good line was not written');
});

test('a large import: one bad row in the middle writes nothing and names its line; again over the same figures, every one is audited with before and after', (t) => {
  const { dir, db } = demoDb(t);
  const plan = runJson(['--db', db, 'plan', 'show', '1']);
  const leaves = [...walk(plan.indicators)].filter((i) => !i.children.length && i.aggregation === 'sum' && i.target &&
    !['done', 'list', 'assigned'].includes(i.target.op) && i.measure !== 'yesno').map((i) => i.code);
  const units = sql(db, 'SELECT code FROM org_unit WHERE commune_id = 1 ORDER BY id').stdout.trim().split('\n');
  const periods = [...Array(12).keys()].map((m) => `2026-${String(m + 1).padStart(2, '0')}`).concat(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  const keys = [];
  for (const u of units) for (const code of leaves) for (const p of periods) if (keys.length < 5000) keys.push(`${code},${u},${p}`);
  assert.ok(keys.length > 2048, `${keys.length} figures: more than one of the import's chunks`);
  const csvOf = (value, bad) => 'indicator,org_unit,period,value\n' + keys.map((k, i) => `${k},${i === bad ? 'abc' : value}`).join('\n') + '\n';
  const one = (q) => Number(sql(db, q).stdout.trim());
  const csv = path.join(dir, 'many.csv');

  writeFileSync(csv, csvOf('"71,25"'));
  let r = run(['--db', db, 'values', 'import', csv]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Đã nhập ${keys.length} số liệu`));
  const audited = one('SELECT COUNT(*) FROM audit_log');
  const figures = one('SELECT COUNT(*) FROM data_value');

  // a bad row far into the file: nothing of the rows before it is written, the line is named
  const bad = keys.length - 300; // in the second chunk written
  writeFileSync(csv, csvOf('"83,75"', bad));
  r = run(['--db', db, 'values', 'import', csv]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(`${csv}:${bad + 2}: giá trị: "abc"`), r.stderr);
  assert.equal(one('SELECT COUNT(*) FROM data_value WHERE value = 83.75'), 0, 'no row was written');
  assert.equal(one('SELECT COUNT(*) FROM audit_log'), audited, 'nor audited');

  // the same figures again: each one an update of its own, from 71,25 to 83,75, naming the figure
  writeFileSync(csv, csvOf('"83,75"'));
  r = run(['--db', db, 'values', 'import', csv]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(one('SELECT COUNT(*) FROM data_value'), figures);
  const last = one('SELECT MAX(id) FROM audit_log');
  assert.equal(last - audited, keys.length);
  assert.equal(one(`SELECT COUNT(*) FROM audit_log a JOIN data_value v ON v.id = a.entity_id WHERE a.id > ${audited}
    AND a.entity = 'data_value' AND a.action = 'update' AND v.value = 83.75
    AND a.before_json LIKE '%"value":71.25,%' AND a.before_json LIKE '%"version":' || (v.version - 1) || ',%'
    AND a.after_json LIKE '%"value":83.75,%' AND a.after_json LIKE '%"version":' || v.version || ',%'
    AND a.after_json LIKE '%"indicator":"' || (SELECT code FROM indicator WHERE id = v.indicator_id) || '"%'`), keys.length);
});

test('non-UTF-8 input is rejected, not mangled', (t) => {
  const { dir, db } = demoDb(t);
  const csv = path.join(dir, 'latin1.csv');
  writeFileSync(csv, Buffer.concat([Buffer.from('indicator,org_unit,period,value,note\n1.3.4,thon-9,2026-11,1,'),
    Buffer.from([0x54, 0x68, 0xf4, 0x6e]), Buffer.from('\n')]));
  const r = run(['--db', db, 'values', 'import', csv]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /latin1\.csv:2: .*UTF-8/);
  const json = path.join(dir, 'latin1.json');
  writeFileSync(json, Buffer.from('{"format": "thidua-plan/1", "label": "Ki\xea', 'latin1'));
  const p = run(['--db', db, 'plan', 'import', json]);
  assert.equal(p.code, 1);
  assert.match(p.stderr, /UTF-8/);
});

test('a malformed plan file names the file and the place, and loads nothing', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'p.db');
  const file = path.join(dir, 'plan.json');
  writeFileSync(file, '{"format": "thidua-plan/1",\n "commune": {"code": "x", "name": "xã X", "city": "Y"},\n' +
    ' "org_units": [{"code": "a", "name": "A", "kind": "office"}],\n' +
    ' "plan": {"number": "1/KH-UBND", "issuer": "UBND", "title": "T",\n' +
    '  "period": {"start": "2026-01-01", "end": "2026-12-31"},\n' +
    '  "indicators": [{"code": "1", "name": "N", "group": "economy", "frequency": "year", "measure": "level",\n' +
    '    "target": {"text": "trên 97,2%", "op": "more"}}]}}\n');
  const r = run(['--db', db, 'plan', 'import', file]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(file), r.stderr);
  assert.match(r.stderr, /plan\.indicators\[0\]\.target/);
  assert.equal(runJson(['--db', db, 'plan', 'list']).plans.length, 0);
  // a syntax error gives line and column
  writeFileSync(file, '{"format": "thidua-plan/1",\n  "commune": {\n}');
  const s = run(['--db', db, 'plan', 'import', file]);
  assert.equal(s.code, 1);
  assert.ok(s.stderr.includes(`${file}:3:`), s.stderr);
  // a good file loads
  writeFileSync(file, '{"format": "thidua-plan/1",\n "commune": {"code": "x", "name": "xã X", "city": "Y"},\n' +
    ' "plan": {"number": "1/KH-UBND", "issuer": "UBND", "title": "T",\n' +
    '  "period": {"start": "2026-01-01", "end": "2026-12-31"},\n' +
    '  "indicators": [{"code": "1", "name": "N", "group": "economy", "frequency": "year", "measure": "level",\n' +
    '    "target": {"text": "trên 97,2%"}}]}}\n');
  const ok = run(['--db', db, 'plan', 'import', file]);
  assert.equal(ok.code, 0, ok.stderr);
  const plan = runJson(['--db', db, 'plan', 'show', '1']);
  assert.equal(plan.indicators[0].target.op, '>');
  assert.equal(plan.indicators[0].target.value, 97.2);
});

test('a database from a newer thidua is refused, not opened', (t) => {
  const { db } = demoDb(t);
  const s = sql(db, "INSERT INTO schema_migrations VALUES (999, '0999_future', 'x')");
  assert.equal(s.code, 0, String(s.stderr));
  const r = run(['--db', db, 'plan', 'list']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /mới hơn/);
  assert.match(r.stderr, /v999/);
});

test('usage errors exit 2 with a message', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'u.db');
  const cases = [[], ['bay'], ['plan'], ['plan', 'fly'], ['plan', 'show'], ['plan', 'show', '1', '2'],
    ['plan', 'show', 'abc'], ['plan', 'list', '--demo'], ['init', '--bogus'], ['values', 'list', '--period']];
  assert.equal(run(['init', '--db']).code, 2, 'a --db without a file');
  for (const args of cases) {
    const r = run(['--db', db, ...args]);
    assert.equal(r.code, 2, `thidua ${args.join(' ')} → ${r.code}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0);
  }
  const period = run(['--db', db, 'values', 'list', '--period', '2026-13']);
  assert.equal(period.code, 2);
  assert.match(period.stderr, /2026-Q1/);
  // a runtime error (no such plan) is 1, not 2
  assert.equal(run(['--db', db, 'plan', 'show', '7']).code, 1);
});

test('--help works on every command', () => {
  const top = run(['--help']);
  assert.equal(top.code, 0);
  const commands = [...top.stdout.matchAll(/^ {2}(\w+(?: \w+)?) {2,}/gm)].map((m) => m[1].split(' '));
  assert.ok(commands.length >= 6, top.stdout);
  for (const cmd of commands) {
    const r = run([...cmd, '--help']);
    assert.equal(r.code, 0, cmd.join(' '));
    assert.match(r.stdout, /Cách dùng: thidua/);
  }
  assert.equal(run(['plan', '--help']).code, 0);
  // help on a command that does not exist is an error, not a success
  assert.equal(run(['plan', 'bay', '--help']).code, 2);
  assert.equal(run(['bay', '--help']).code, 2);
  assert.match(run(['--version']).stdout, /thidua \d+\.\d+/);
});

test('today is Vietnam\'s day, whatever the server\'s zone: the default as-of date of evaluate', (t) => {
  const db = path.join(tempDir(t), 'now.db');
  assert.equal(run(['--db', db, 'init', '--demo']).code, 0);
  const asOf = (now) => runJson(['--db', db, 'evaluate', '--period', '2026'], { env: { THIDUA_NOW: now, TZ: 'UTC' } }).as_of;
  assert.equal(asOf('2026-06-30T16:59:00Z'), '2026-06-30'); // 23:59 on 30/06 in Vietnam
  assert.equal(asOf('2026-06-30T17:00:00Z'), '2026-07-01'); // 00:00 on 01/07 there, still 30/06 in UTC
});

test('target share hands a unit its part of a target, target shares lists them, --clear takes it back', (t) => {
  const { db } = demoDb(t);
  // the demo's shares of the herd add up to the commune's 8.990 con
  let shares = runJson(['--db', db, 'target', 'shares', '--indicator', '1.3.4']).unit_targets;
  assert.equal(shares.length, 4);
  assert.equal(shares.reduce((s, u) => s + u.target.value, 0), 8990);
  let r = run(['--db', db, 'target', 'share', '1.3.4', '--unit', 'thon-9', 'khoảng 2.000 con']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã giao chỉ tiêu 1\.3\.4 \(Đàn lợn\) cho Thôn 9: khoảng 2\.000 con/);
  shares = runJson(['--db', db, 'target', 'shares', '--unit', 'thon-9', '--indicator', '1.3.4']).unit_targets;
  assert.deepEqual(shares.map((u) => [u.org_unit_name, u.target.text]), [['Thôn 9', 'khoảng 2.000 con']]);
  const table = run(['--db', db, 'target', 'shares', '--unit', 'thon-9']);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /Thôn 9/);
  assert.match(table.stdout, /khoảng 2\.000 con/);
  assert.doesNotMatch(table.stdout, /Thôn Thái Lai/);
  // refused: a text without a figure where the commune's target has one, an unknown unit, a missing text
  r = run(['--db', db, 'target', 'share', '1.3.4', '--unit', 'thon-9', 'cố gắng']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không có con số/);
  r = run(['--db', db, 'target', 'share', '1.3.4', '--unit', 'thon-99', '1 con']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /"thon-99"/);
  assert.equal(run(['--db', db, 'target', 'share', '1.3.4', '--unit', 'thon-9']).code, 2);
  assert.equal(run(['--db', db, 'target', 'share', '1.3.4', '1 con']).code, 2);
  // --clear, audited like every change
  r = run(['--db', db, 'target', 'share', '1.3.4', '--unit', 'thon-9', '--clear']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã bỏ chỉ tiêu 1\.3\.4 \(Đàn lợn\) giao cho Thôn 9: khoảng 2\.000 con/);
  assert.equal(runJson(['--db', db, 'target', 'shares', '--indicator', '1.3.4']).unit_targets.length, 3);
  assert.equal(run(['--db', db, 'target', 'share', '1.3.4', '--unit', 'thon-9', '--clear']).code, 1);
  const audit = sql(db, "SELECT action FROM audit_log WHERE entity = 'unit_target' ORDER BY id");
  assert.equal(audit.code, 0, audit.stderr);
  assert.match(audit.stdout, /unit_target\.set[^]*unit_target\.clear/);
});

test('evaluate --units prints the unit × indicator table, units in Vietnamese order', (t) => {
  const { db } = demoDb(t);
  const r = run(['--db', db, 'evaluate', '--units', '--period', '2026-Q3', '--as-of', '2026-10-20']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đơn vị × chỉ tiêu, kế hoạch số 1 — Quý III\/2026/);
  assert.match(r.stdout, /Thôn 9 +1\.3\.4 +Đàn lợn +khoảng 1\.950 con/);
  assert.match(r.stdout, /Không giao chỉ tiêu riêng/);
  assert.doesNotMatch(r.stdout, /thon-9/);
  const m = runJson(['--db', db, 'evaluate', '--units', '--period', '2026-Q3', '--as-of', '2026-10-20', '--json']);
  const names = m.units.map((u) => u.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'vi')));
  // the table's rows follow the units' order
  const at = (name) => r.stdout.indexOf(`\n${name} `);
  assert.ok(at('Thôn 9') > 0 && at('Thôn 9') < at('Thôn Thái Lai'));
  // one unit
  const one = runJson(['--db', db, 'evaluate', '--units', '--unit', 'thon-9', '--period', '2026-Q3', '--json']);
  assert.deepEqual(one.units.map((u) => u.code), ['thon-9']);
  // evaluate --unit names the unit in its heading, not its code
  const unit = run(['--db', db, 'evaluate', '--unit', 'thon-thai-lai', '--period', '2026-Q3']);
  assert.match(unit.stdout.split('\n')[0], /Thôn Thái Lai/);
  assert.doesNotMatch(unit.stdout.split('\n')[0], /thon-thai-lai/);
});
