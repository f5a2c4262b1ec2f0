// engine.test.mjs — the target engine as users drive it: evaluate on the demo plan, target
// explain, and plan extract on the seed plan and on the real plans of ../shared/plans-dev.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BIN, SOURCE, SHARED, docx, run, runJson, tempDir, walk } from './helpers.mjs';

const SEED = path.join(SHARED, 'seed', '000_082d302336bb75a5.txt');

function demoDb(t) {
  const db = path.join(tempDir(t), 'demo.db');
  const r = run(['--db', db, 'init', '--demo']);
  assert.equal(r.code, 0, r.stderr);
  return db;
}

const VERDICTS = ['exceeded', 'achieved', 'not_achieved', 'no_data', 'awaiting_assignment'];

test('evaluate --period 2026 --json: every leaf target has a verdict, a degree and a reason', (t) => {
  const db = demoDb(t);
  const r = runJson(['--db', db, 'evaluate', '--plan', '1', '--period', '2026', '--as-of', '2026-11-25']);
  assert.equal(r.period, '2026');
  assert.equal(r.final, false);
  assert.equal(r.elapsed_months, 10);
  const leaves = [...walk(r.indicators)].filter((n) => n.target && n.children.length === 0);
  assert.equal(leaves.length, 47);
  for (const n of leaves) {
    assert.ok(VERDICTS.includes(n.own_verdict), `${n.code}: ${n.own_verdict}`);
    assert.ok(n.reason.length > 10, `${n.code} has no reason`);
    // a rate to raise without a figure ("nâng tỉ lệ …", 9.2 and 9.3: above 0) has no degree to show
    if (n.target.value !== 0) assert.equal(typeof n.degree, 'number', `${n.code} has no degree: ${n.reason}`);
  }
  for (const code of ['9.2', '9.3']) {
    const raise = leaves.find((n) => n.code === code);
    assert.equal(raise.target.op, '>');
    assert.equal(raise.target.change, 'increase');
  }
  // the demo records the city's assignment for (7): judged against it, not left waiting
  const poverty = leaves.find((n) => n.code === '7');
  assert.equal(poverty.own_verdict, 'exceeded');
  assert.match(poverty.reason, /được giao 0,5/);
  const s = r.summary;
  assert.equal(s.total, 47);
  assert.equal(VERDICTS.reduce((k, v) => k + s[v], 0), 47);
  const byGroup = Object.values(s.by_group).reduce((k, g) => k + g.total, 0);
  assert.equal(byGroup, 47);
  // reasons are Vietnamese with Vietnamese numbers
  const bhyt = leaves.find((n) => n.code === '10.1');
  assert.match(bhyt.reason, /96,8% so với mục tiêu trên 97,2%/);
  assert.equal(bhyt.pace, 'at_risk');
  // a flow is projected pro rata: 1.510 placements in 10 months → 1.812 by December
  const jobs = leaves.find((n) => n.code === '11');
  assert.equal(jobs.actual, 1510);
  assert.equal(jobs.projected, 1812);
  // a rate over several units is weighted by the denominators, not averaged
  const yieldRice = leaves.find((n) => n.code === '1.3.2');
  const num = yieldRice.units.reduce((k, u) => k + u.value * u.denominator, 0);
  const den = yieldRice.units.reduce((k, u) => k + u.denominator, 0);
  assert.ok(Math.abs(yieldRice.actual - num / den) < 1e-6);
  // a decrease against the 2025 baseline: 17 posts short → 13
  const shortage = leaves.find((n) => n.code === '9.6');
  assert.equal(shortage.baseline, 17);
  assert.ok(Math.abs(shortage.actual - 400 / 17) < 1e-4);
  assert.equal(shortage.own_verdict, 'exceeded');
  // a parent is achieved only when all its children are
  const p20 = r.indicators.find((n) => n.code === '20');
  assert.equal(p20.verdict, 'not_achieved');
  assert.equal(p20.counts.total, 4);
});

test('evaluate after the year: final verdicts, no pace; approved-only counts fewer values', (t) => {
  const db = demoDb(t);
  const r = runJson(['--db', db, 'evaluate', '--period', '2026', '--as-of', '15/01/2027']);
  assert.equal(r.final, true);
  for (const n of walk(r.indicators)) assert.equal(n.pace ?? null, null);
  const approved = runJson(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2027-01-15', '--approved']);
  assert.ok(approved.summary.no_data > r.summary.no_data);
  const table = run(['--db', db, 'evaluate', '--period', '2026-Q1', '--as-of', '2026-11-25']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /quý I\/2026/);
  assert.match(table.stdout, /Tổng hợp:/);
});

test('evaluate refuses a bad period, date or unit with a clear message', (t) => {
  const db = demoDb(t);
  let r = run(['--db', db, 'evaluate', '--period', '2026-13']);
  assert.equal(r.code, 2);
  r = run(['--db', db, 'evaluate', '--as-of', '31/02/2026']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /không phải là ngày/);
  r = run(['--db', db, 'evaluate', '--unit', 'khong-co']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không có đơn vị/);
  r = run(['--db', db, 'evaluate', '--period', '2031']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ngoài thời gian/);
  // one unit's own figures
  const unit = runJson(['--db', db, 'evaluate', '--unit', 'thon-9', '--as-of', '2026-11-25']);
  const area = [...walk(unit.indicators)].find((n) => n.code === '1.3.1');
  assert.equal(area.units.length, 1);
});

test('evaluate: a period is over on its last day, later months wait, and the table prints the JSON verdict', (t) => {
  const db = demoDb(t);
  const year = runJson(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2026-12-31']);
  assert.equal(year.final, true);
  assert.equal(year.elapsed_months, 12);
  const q2 = runJson(['--db', db, 'evaluate', '--period', '2026-Q2', '--as-of', '30/06/2026']);
  assert.equal(q2.final, true);
  assert.equal(q2.elapsed_months, 3);
  // as of 30/06 nothing after June counts: no unit's figure is read from a later period
  const june = runJson(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2026-06-30']);
  const late = /^2026-(0[7-9]|1[0-2]|Q[34])/;
  for (const n of walk(june.indicators))
    for (const u of n.units ?? []) assert.ok(!late.test(u.periods.split(' … ').pop()), `${n.code}: ${u.periods}`);
  const jobs = (r) => [...walk(r.indicators)].find((n) => n.code === '11');
  const nov = runJson(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2026-11-25']);
  assert.ok(jobs(june).actual < jobs(nov).actual);
  // one verdict per node: the table's verdict column is the JSON's "verdict_label"
  const table = run(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2026-11-25']);
  assert.equal(table.code, 0, table.stderr);
  for (const code of ['1', '1.2', '1.3', '5', '20']) {
    const n = [...walk(nov.indicators)].find((x) => x.code === code);
    const row = table.stdout.split('\n').find((l) => l.startsWith(code + ' '));
    assert.ok(row, `no row for ${code}`);
    assert.ok(row.includes(n.verdict_label), `${code}: table "${row}" vs JSON ${n.verdict_label}`);
    if (n.target) assert.equal(n.verdict, n.own_verdict, code);
  }
  // a unit without a target of its own: its contribution, no verdict, named as users know it
  const unit = runJson(['--db', db, 'evaluate', '--unit', 'thon-9', '--period', '2026', '--as-of', '2026-11-25']);
  const mine = [...walk(unit.indicators)];
  const free = mine.find((n) => n.unit_target === false && typeof n.actual === 'number' && n.children.length === 0);
  assert.ok(free, 'thôn 9 reports some figure without a share of its own');
  assert.equal(free.verdict, null);
  assert.equal(free.target, null);
  assert.equal(free.verdict_label, 'Không giao chỉ tiêu riêng');
  assert.match(free.reason, /Thôn 9/);
  // its share of the herd: judged against the share, never against the commune's 8.990
  const pigs = mine.find((n) => n.code === '1.3.4');
  assert.equal(pigs.unit_target, true);
  assert.notEqual(pigs.target.text, 'khoảng 8.990 con');
  assert.ok(pigs.verdict);
  assert.ok(unit.summary.total < nov.summary.total);
  // the commune: its own roll-up, with the villages' shares beside it
  const herd = [...walk(nov.indicators)].find((n) => n.code === '1.3.4');
  assert.equal(herd.shares.n, 4);
  assert.equal(herd.shares.sum, 8990);
  assert.equal(herd.shares.matches, true);
  assert.equal(herd.aggregation, 'sum');
  assert.equal(herd.direction, 'higher');
  const text = run(['--db', db, 'evaluate', '--unit', 'thon-9', '--period', '2026', '--as-of', '2026-11-25']);
  assert.match(text.stdout, /đơn vị Thôn 9/);
  assert.doesNotMatch(text.stdout, /thon-9/);
});

test('a plan of its own: a rate falls in points, a ratio per hectare is weighted, a stock is not added up', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'own.db');
  const doc = JSON.parse(readFileSync(path.join(SOURCE, 'data/plans/kien-hai-2026.json'), 'utf8'));
  const target = (text) => ({ text });
  // no aggregation, direction or measure given: each is guessed from the wording
  doc.plan.indicators = [
    { code: '1', name: 'Tỷ lệ hộ nghèo', group: 'culture_society', unit: '%', frequency: 'year', responsible: ['vh-xh'], target: target('giảm từ 0,5% trở lên') },
    { code: '2', name: 'Giá trị sản phẩm trên 1 ha đất trồng trọt', group: 'economy', unit: 'triệu đồng', frequency: 'year', target: target('đạt 190 - 210 triệu đồng') },
    { code: '3', name: 'Doanh nghiệp có hoạt động đổi mới sáng tạo', group: 'economy', unit: 'doanh nghiệp', frequency: 'quarter', target: target('10 doanh nghiệp') },
    { code: '4', name: 'Đàn lợn', group: 'economy', unit: 'con', frequency: 'quarter', target: target('khoảng 8.990 con') },
  ];
  doc.plan.tasks = [];
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(doc));
  writeFileSync(path.join(dir, 'values.csv'), [
    'indicator,org_unit,period,value,denominator,note,status',
    '1,vh-xh,2025,"3,8",1000,,approved', '1,vh-xh,2026,"3,5",1000,,approved',
    '2,thon-thai-lai,2026,200,10,,approved', '2,thon-9,2026,190,30,,approved',
    '3,vp,2026-Q1,4,,,approved', '3,vp,2026-Q2,6,,,approved', '3,vp,2026-Q3,10,,,approved',
    '4,thon-thai-lai,2026-Q3,5000,,,approved', '4,thon-9,2026-Q3,4500,,,approved',
  ].join('\n') + '\n');
  for (const args of [['init'], ['plan', 'import', path.join(dir, 'plan.json')], ['values', 'import', path.join(dir, 'values.csv')]]) {
    const r = run(['--db', db, ...args]);
    assert.equal(r.code, 0, r.stderr);
  }
  const r = runJson(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2027-01-10']);
  const by = new Map([...walk(r.indicators)].map((n) => [n.code, n]));
  // 3,8% → 3,5% is 0,3 points: short of 0,5 (a relative 7,9% would have said "Vượt")
  assert.equal(by.get('1').aggregation, 'rate');
  assert.equal(by.get('1').direction, 'lower');
  assert.ok(Math.abs(by.get('1').actual - 0.3) < 1e-9);
  assert.equal(by.get('1').verdict, 'not_achieved');
  assert.match(by.get('1').method, /điểm phần trăm/);
  // (200 × 10 + 190 × 30) ÷ 40 = 192,5 million per hectare, never 390 "Vượt 205,3%"
  assert.equal(by.get('2').aggregation, 'ratio');
  assert.equal(by.get('2').actual, 192.5);
  assert.equal(by.get('2').verdict, 'achieved');
  // 4, 6 and 10 enterprises in three quarters are 10 enterprises
  assert.equal(by.get('3').measure, 'level');
  assert.equal(by.get('3').actual, 10);
  assert.equal(by.get('3').verdict, 'achieved');
  // 9.500 pigs against "khoảng 8.990 con": more is better, so Vượt, not Không đạt
  assert.equal(by.get('4').verdict, 'exceeded');
  assert.match(by.get('4').reason, /càng cao càng tốt/);
  const table = run(['--db', db, 'evaluate', '--period', '2026', '--as-of', '2027-01-10']);
  assert.match(table.stdout, /0,3 điểm phần trăm/);
});

test('target explain reads a target and judges both sides of its bound', () => {
  const cases = [
    ['trên 97,2%', '97,2', 'not_achieved'], ['trên 97,2%', '97,5', 'achieved'],
    ['từ 19% trở lên', '19', 'achieved'], ['từ 19% trở lên', '18,9', 'not_achieved'],
    ['từ 19% trở lên', '20', 'exceeded'], ['15 - 17%', '18', 'exceeded'], ['15 - 17%', '16', 'achieved'],
    // with no indicator, the direction is guessed from the phrase: more land, more pigs are better
    ['duy trì từ 901 - 910 ha', '911', 'exceeded'], ['duy trì từ 901 - 910 ha', '900', 'not_achieved'],
    ['khoảng 8.990 con', '9.400', 'achieved'], ['khoảng 8.990 con', '9.500', 'exceeded'],
    ['khoảng 8.990 con', '8.500', 'not_achieved'], ['tỷ số giới tính khi sinh 105 - 110', '111', 'not_achieved'],
    ['dưới 4%', '4', 'not_achieved'], ['không quá 4%', '4', 'achieved'],
    ['hoàn thành', 'có', 'achieved'], ['đạt so với chỉ tiêu được giao', '5', 'awaiting_assignment'],
  ];
  for (const [text, actual, verdict] of cases) {
    const r = runJson(['target', 'explain', text, '--actual', actual]);
    assert.equal(r.verdict, verdict, `${text} with ${actual}: ${r.reason}`);
    assert.ok('degree' in r && 'target' in r && r.reason);
  }
  const r = runJson(['target', 'explain', 'trên 97,2%', '--actual', '97,5']);
  assert.equal(r.reason, 'Đạt: 97,5% so với mục tiêu trên 97,2% (100,3% mục tiêu)');
  const g = runJson(['target', 'explain', 'giảm từ 20% trở lên so với năm 2025', '--actual', '12', '--baseline', '16']);
  assert.equal(g.target.baseline_year, 2025);
  assert.equal(g.verdict, 'exceeded');
  assert.equal(g.degree, 125);
  // a rate's fall is in percentage points: 3,8% → 3,5% is 0,3 points, short of 0,5
  const poor = runJson(['target', 'explain', 'Tỷ lệ hộ nghèo giảm từ 0,5% trở lên', '--actual', '3,5', '--baseline', '3,8']);
  assert.equal(poor.verdict, 'not_achieved', poor.reason);
  assert.match(poor.reason, /giảm 0,3 điểm phần trăm/);
  // a miss is never shown as 100%
  const near = runJson(['target', 'explain', 'đạt tối thiểu 90%', '--actual', '89,99']);
  assert.equal(near.verdict, 'not_achieved');
  assert.ok(near.degree < 100, String(near.degree));
  const none = runJson(['target', 'explain', 'trên 97,2%']);
  assert.equal(none.verdict, 'no_data');
  assert.equal(none.degree, null);
  const bad = run(['target', 'explain', 'trên 97,2%', '--actual', '97.5']);
  assert.equal(bad.code, 2);
  const text = run(['target', 'explain', 'khoảng 8.990 con', '--actual', '8.949']);
  assert.match(text.stdout, /dung sai/);
});

test('plan extract reads every target of the seed plan as hand-checked', { skip: !existsSync(SEED) }, () => {
  const got = runJson(['plan', 'extract', SEED]);
  const want = JSON.parse(readFileSync(path.join(SOURCE, 'tests/data/kien-hai-2026.expected.json'), 'utf8'));
  const byCode = new Map(got.targets.map((t) => [t.code, t]));
  assert.equal(got.targets.length, want.targets.length);
  for (const w of want.targets) {
    const g = byCode.get(w.code);
    assert.ok(g, `code ${w.code} missing`);
    for (const k of ['op', 'value', 'high', 'unit', 'change', 'baseline_year', 'items'])
      assert.deepEqual(g[k], w[k], `${w.code}.${k}`);
    assert.ok(g.line >= 41 && g.line <= 85, `${w.code} line ${g.line}`);
    assert.ok(g.name.length > 2, `${w.code} has no name`);
  }
  const table = run(['plan', 'extract', SEED]);
  assert.match(table.stdout, /50 mục tiêu/);
});

test('plan extract keeps its score on the real plans of ../shared/plans-dev', { skip: !existsSync(path.join(SHARED, 'plans-dev')) }, () => {
  const r = spawnSync('python3', [path.join(SHARED, 'tools', 'score-extract'), BIN, '--min', '0.98'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const f1 = Number(/F1 ([0-9.]+)/.exec(r.stdout)[1]);
  assert.ok(f1 >= 0.98, r.stdout);
});

test('plan extract survives random and truncated text: no crash, JSON out', { skip: !existsSync(SEED) }, (t) => {
  const dir = tempDir(t);
  const seed = readFileSync(SEED);
  let state = 20261125;
  const rand = (n) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
  const alphabet = Buffer.from('0123456789 ,.;:-–+()%$\\\n|/≥≤≈ tăng giảm từ trên dưới khoảng đạt thôn Xã Hai một');
  for (let i = 0; i < 60; i++) {
    let buf;
    if (i % 3 === 0) buf = seed.subarray(0, rand(seed.length));
    else if (i % 3 === 1) buf = seed.subarray(rand(seed.length), seed.length);
    else buf = Buffer.from(Array.from({ length: 1 + rand(3000) }, () => alphabet[rand(alphabet.length)]));
    const file = path.join(dir, `f${i}.txt`);
    writeFileSync(file, buf);
    const r = run(['plan', 'extract', file, '--json']);
    // a cut inside a character is invalid UTF-8: refused with exit 1; anything else is read
    assert.ok(r.code === 0 || r.code === 1, `case ${i}: exit ${r.code} ${r.stderr}`);
    if (r.code === 0) assert.ok(Array.isArray(JSON.parse(r.stdout).targets));
    else assert.match(r.stderr, /UTF-8/);
  }
});

test('plan extract --plan-file gives a plan file that imports once its header is filled in', { skip: !existsSync(SEED) }, (t) => {
  const dir = tempDir(t);
  const out = run(['plan', 'extract', SEED, '--plan-file']);
  assert.equal(out.code, 0, out.stderr);
  const file = JSON.parse(out.stdout);
  assert.equal(file.format, 'thidua-plan/1');
  assert.equal(file.plan.period.start, '2026-01-01');
  const unfilled = path.join(dir, 'draft.json');
  writeFileSync(unfilled, out.stdout);
  const db = path.join(dir, 'x.db');
  // the fields the text does not give are named until a person fills them in
  const refused = run(['--db', db, 'plan', 'import', unfilled]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /commune\.code: không được để trống/);
  file.commune = { code: 'kien-hai', name: 'xã Kiến Hải', city: 'Hải Phòng' };
  Object.assign(file.plan, { number: '01/KH-UBND', issuer: 'UBND xã Kiến Hải', title: 'Kế hoạch thi đua năm 2026' });
  const filled = path.join(dir, 'plan.json');
  writeFileSync(filled, JSON.stringify(file));
  const ok = run(['--db', db, 'plan', 'import', filled]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /59 chỉ tiêu \(47 mục tiêu lá\)/);
  const plan = runJson(['--db', db, 'plan', 'show', '1']);
  const groups = new Map([...walk(plan.indicators)].map((n) => [n.code, n.group]));
  assert.equal(groups.get('20.3'), 'defence_security');
  assert.equal(groups.get('10.1'), 'culture_society');
  assert.equal(groups.get('17.2'), 'digital_admin');
});

test('target assign records the city\'s figure for an "as assigned" target, and refuses others', (t) => {
  const db = path.join(tempDir(t), 'a.db');
  assert.equal(run(['--db', db, 'init']).code, 0);
  assert.equal(run(['--db', db, 'plan', 'import', path.join(SOURCE, 'data/plans/kien-hai-2026.json')]).code, 0);
  const before = runJson(['--db', db, 'evaluate', '--as-of', '2027-01-10']);
  assert.equal([...walk(before.indicators)].find((n) => n.code === '7').own_verdict, 'awaiting_assignment');
  const r = run(['--db', db, 'target', 'assign', '7', '1,5']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /mức được giao 1,5/);
  const after = runJson(['--db', db, 'evaluate', '--as-of', '2027-01-10']);
  const seven = [...walk(after.indicators)].find((n) => n.code === '7');
  assert.equal(seven.own_verdict, 'no_data');
  assert.match(seven.reason, /được giao 1,5/);
  const refused = run(['--db', db, 'target', 'assign', '4', '95']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /không phải loại/);
  assert.equal(run(['--db', db, 'target', 'assign', '7', '1.5']).code, 2);
  assert.equal(run(['--db', db, 'target', 'assign', 'khong-co', '1']).code, 1);
  assert.equal(run(['--db', db, 'target', 'assign', '7', '-']).code, 0);
});

test('plan extract of a .docx whose targets are in a Word table: each row a target, units from the column or the label', (t) => {
  const file = path.join(tempDir(t), 'bang-chi-tieu.docx');
  writeFileSync(file, docx([
    'KẾ HOẠCH phát triển kinh tế - xã hội năm 2027',
    'I. CÁC CHỈ TIÊU CHỦ YẾU',
    [['STT', 'Chỉ tiêu', 'ĐVT', 'Thực hiện 2026', 'Kế hoạch 2027'],
     ['1', 'Sản lượng lương thực', 'tấn', '4.380', '> 4.500'],
     ['2', 'Tổng vốn đầu tư toàn xã hội (tỷ đồng)', '', '172', 'khoảng 180'],
     ['3', 'Tỷ lệ hộ nghèo', '%', '2,9', 'dưới 2,5'],
     ['4', 'Xã đạt chuẩn nông thôn mới nâng cao', '', '', 'Hoàn thành']],
    'II. NHIỆM VỤ, GIẢI PHÁP',
  ]));
  const got = runJson(['plan', 'extract', file, '--json']);
  const leaves = got.targets;
  const by = (name) => leaves.find((n) => n.name.startsWith(name));
  assert.equal(leaves.length, 4, JSON.stringify(got));
  // no row of the table is left unread (the title's year is listed, as a year should be)
  assert.ok(!got.unread.some((u) => /Sản lượng|vốn|hộ nghèo|nông thôn/.test(u.text)), JSON.stringify(got.unread));
  const food = by('Sản lượng lương thực');
  assert.ok(food, JSON.stringify(leaves.map((n) => n.name)));
  assert.equal(food.op, '>');
  assert.equal(food.value, 4500);
  assert.equal(food.unit, 'tấn');
  const capital = by('Tổng vốn đầu tư toàn xã hội');
  assert.equal(capital.op, 'approx');
  assert.equal(capital.value, 180);
  assert.equal(capital.unit, 'tỷ đồng');
  const poor = by('Tỷ lệ hộ nghèo');
  assert.equal(poor.op, '<');
  assert.equal(poor.value, 2.5);
  assert.equal(poor.unit, '%');
  assert.equal(by('Xã đạt chuẩn nông thôn mới nâng cao').op, 'done');
  // the figures of the year before are a baseline column, never a target of their own
  assert.ok(!leaves.some((n) => n.value === 4380 || n.value === 172), JSON.stringify(leaves));
});
