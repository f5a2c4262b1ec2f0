// plans.test.mjs — the plan's document and its targets over the API, on the real server: a
// target previewed, targets read from a plan's text (JSON, plain text, Word), the plan written
// out and back (a round trip changes no verdict; removing a target that has figures is refused
// and writes nothing), a new plan confirmed, one indicator's year month by month, the audit
// trail's filters, and evidence on figures. `thidua plan export` is the same document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoDb, docx, login, run, runJson, serve, tempDir, walk, SHARED } from './helpers.mjs';

/** A request as one user: JSON in, {status, body} out. */
function caller(base, who) {
  return async (method, url, body, headers = {}) => {
    const raw = body instanceof Buffer || typeof body === 'string';
    const r = await fetch(base + url, {
      method, headers: { ...who.write, ...(raw ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
  };
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PLAN_TEXT = 'KẾ HOẠCH thi đua năm 2026\n(1) Tỷ lệ hộ nghèo giảm còn dưới 2%\n' +
  '(2) Tỷ lệ người dân tham gia bảo hiểm y tế đạt từ 95% trở lên\n';

test('a target preview reads the text as `target explain` does, and says when it cannot', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const viewer = caller(base, await login(base, 'xem'));
  let r = await viewer('POST', '/api/v1/targets/preview', { text: 'từ 19% trở lên', actual: '20,5' });
  assert.equal(r.status, 200);
  assert.equal(r.body.ok, true);
  assert.equal(r.body.target.op, '>=');
  assert.equal(r.body.target.value, 19);
  const cli = run(['target', 'explain', 'từ 19% trở lên', '--actual', '20,5']).stdout;
  assert.ok(cli.includes(`Cách hiểu:    ${r.body.plain}`), cli);
  assert.equal(r.body.judgement.verdict, 'exceeded');
  assert.equal(r.body.judgement.degree, 107.9);
  assert.match(r.body.judgement.reason, /Vượt/);
  r = await viewer('POST', '/api/v1/targets/preview', { text: 'trên 97,2%' });
  assert.equal(r.body.judgement, null);
  assert.equal(r.body.plain, 'trên 97,2%');
  // a growth judged from the figure and its baseline
  r = await viewer('POST', '/api/v1/targets/preview', { text: 'tăng 10% so với năm 2025', actual: 110, baseline: '100' });
  assert.equal(r.body.judgement.verdict, 'achieved');
  // one reader with the extractor: a label is no figure, and a rate to raise is not yes/no
  const seed = runJson(['plan', 'extract', path.join(SHARED, 'seed', '000_082d302336bb75a5.txt')]).targets;
  for (const [text, code] of [['giữ vững chuẩn Quốc gia mức độ 1', '9.1'], ['nâng tỉ lệ trường đạt chuẩn mức độ 2', '9.2']]) {
    r = await viewer('POST', '/api/v1/targets/preview', { text });
    const extracted = seed.find((x) => x.code === code);
    assert.deepEqual([r.body.target.op, r.body.target.value], [extracted.op, extracted.value], text);
  }
  assert.equal(r.body.target.change, 'increase');
  // a text the parser cannot read is an answer, not an error
  r = await viewer('POST', '/api/v1/targets/preview', { text: 'từ 20 - 15%' });
  assert.equal(r.status, 200);
  assert.equal(r.body.ok, false);
  const parser = run(['target', 'explain', 'từ 20 - 15%']);
  assert.equal(parser.code, 1);
  assert.ok(parser.stderr.includes(r.body.message), `${parser.stderr} / ${r.body.message}`);
  // a figure that is not a number is the request's error
  r = await viewer('POST', '/api/v1/targets/preview', { text: 'từ 19% trở lên', actual: '20.5.1' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /^actual: .*kiểu Việt Nam/);
  r = await viewer('POST', '/api/v1/targets/preview', { actual: '1' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /cần text/);
  r = await viewer('POST', '/api/v1/targets/preview', { text: 'x', colour: 'đỏ' });
  assert.equal(r.status, 422);
  // a change needs the CSRF token, like every other POST
  const bare = await fetch(`${base}/api/v1/targets/preview`, { method: 'POST', headers: (await login(base, 'xem')).read, body: '{"text": "100%"}' });
  assert.equal(bare.status, 403);
});

test('targets are read from a plan\'s text: pasted, a text file, or a Word document', async (t) => {
  const dir = tempDir(t);
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = caller(base, await login(base, 'vhxh'));
  let r = await officer('POST', '/api/v1/extract', { text: PLAN_TEXT });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.lines, PLAN_TEXT.split('\n').slice(0, 3));
  assert.equal(r.body.targets.length, 2);
  for (const x of r.body.targets) assert.ok(r.body.lines[x.line - 1].includes(x.name), x.name);
  assert.equal(r.body.plan_file.format, 'thidua-plan/1');
  // the same answer as `thidua plan extract --json` and `--plan-file`
  const file = path.join(dir, 'plan.txt');
  writeFileSync(file, PLAN_TEXT);
  const cli = runJson(['plan', 'extract', file]);
  assert.deepEqual(r.body.targets, cli.targets);
  assert.deepEqual(r.body.unread, cli.unread);
  assert.deepEqual(r.body.plan_file, JSON.parse(run(['plan', 'extract', file, '--plan-file']).stdout));
  // uploads: plain text and Word
  const text = await officer('POST', '/api/v1/extract', readFileSync(file), { 'Content-Type': 'text/plain; charset=utf-8' });
  assert.deepEqual(text.body.targets, cli.targets);
  const word = await officer('POST', '/api/v1/extract', docx(PLAN_TEXT.trim().split('\n')), { 'Content-Type': DOCX });
  assert.equal(word.status, 200, JSON.stringify(word.body));
  assert.deepEqual(word.body.targets.map((x) => [x.line, x.code, x.op, x.value]), cli.targets.map((x) => [x.line, x.code, x.op, x.value]));
  // a damaged Word file names what is wrong; other kinds of body are refused
  r = await officer('POST', '/api/v1/extract', Buffer.from('không phải zip'), { 'Content-Type': DOCX });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /không phải tệp Word \.docx/);
  r = await officer('POST', '/api/v1/extract', Buffer.from([0x89, 0x50]), { 'Content-Type': 'image/png' });
  assert.equal(r.status, 415);
  assert.match(r.body.error.message, /\.docx/);
  r = await officer('POST', '/api/v1/extract', { text: 5 });
  assert.equal(r.status, 422);
  for (const name of ['thaolai', 'chutich', 'xem']) {
    const other = caller(base, await login(base, name));
    assert.equal((await other('POST', '/api/v1/extract', { text: PLAN_TEXT })).status, 403, name);
  }
});

test('the plan as a document: written out, written back unchanged, changed, refused when a target with figures would go', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const admin = caller(base, await login(base, 'admin'));
  const leader = caller(base, await login(base, 'chutich'));
  const EVAL = '/api/v1/plans/1/evaluation?period=2026&as_of=2026-11-25';

  const doc = (await leader('GET', '/api/v1/plans/1/plan-file')).body;
  assert.equal(doc.format, 'thidua-plan/1');
  assert.equal(doc.commune.code, 'kien-hai');
  assert.equal(doc.org_units.length, 18);
  assert.equal(doc.blocks.length, 4);
  assert.equal(doc.plan.deadlines.length, 2);
  const inds = [...walk(doc.plan.indicators)];
  assert.equal(inds.length, 59);
  const seven = inds.find((i) => i.code === '7');
  assert.equal(seven.assigned_value, 0.5);
  assert.ok(inds.find((i) => i.code === '1.3.4').responsible.length > 0);
  assert.ok(inds.every((i) => 'formula' in i && 'line' in i && 'target' in i));
  // `thidua plan export` writes the same document
  assert.deepEqual(JSON.parse(run(['--db', db, 'plan', 'export', '1']).stdout), doc);

  // written back unchanged: the same verdicts, but a new ETag (the plan was rewritten)
  const before = await admin('GET', EVAL);
  let r = await admin('PUT', '/api/v1/plans/1/plan-file', doc);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.summary.indicators.unchanged, 59);
  assert.equal(r.body.summary.header_changed, false);
  const after = await admin('GET', EVAL);
  assert.deepEqual(after.body, before.body);
  assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
  assert.deepEqual((await admin('GET', '/api/v1/plans/1/plan-file')).body, doc);

  // a change: a target renamed, one added, a unit added, a unit left out (kept), the title
  const changed = structuredClone(doc);
  const cw = [...walk(changed.plan.indicators)];
  cw.find((i) => i.code === '1.3.1').name += ' (sửa)';
  changed.plan.indicators.push({ code: '21', name: 'Chỉ tiêu thêm', group: 'economy', unit: '%', frequency: 'year',
    measure: 'level', responsible: ['vh-xh'], target: { text: 'từ 50% trở lên' } });
  changed.org_units.push({ code: 'thon-moi', name: 'Thôn Mới', kind: 'village' });
  changed.plan.title += ' (sửa)';
  r = await admin('PUT', '/api/v1/plans/1/plan-file', changed);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = r.body.summary;
  assert.deepEqual([s.indicators.added_codes, s.indicators.changed_codes, s.indicators.removed], [['21'], ['1.3.1'], 0]);
  assert.equal(s.org_units.added, 1);
  assert.equal(s.header_changed, true);
  const plan = (await admin('GET', '/api/v1/plans/1')).body;
  assert.match(plan.title, /\(sửa\)$/);
  assert.equal(plan.indicators.find((i) => i.code === '21').target.op, '>=');
  // the figures of the renamed target are still its own
  const values = (await admin('GET', '/api/v1/plans/1/values?indicator=1.3.1&limit=500')).body;
  assert.ok(values.total > 0);
  // one audit entry for the whole update, with its summary
  const audit = (await admin('GET', '/api/v1/audit?action=plan.update')).body;
  assert.equal(audit.total, 2);
  assert.equal(audit.items[0].entity, 'plan');
  assert.equal(audit.items[0].after.indicators.added, 1);
  assert.match(audit.items[0].after.summary, /thêm 1/);

  // the added target (no figures) can go again
  r = await admin('PUT', '/api/v1/plans/1/plan-file', doc);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.summary.indicators.removed_codes, ['21']);
  assert.deepEqual(r.body.summary.org_units.kept_not_listed, ['thon-moi']);

  // a target with figures cannot: 409 with the codes, and nothing is written
  const without = structuredClone(doc);
  const parent = [...walk(without.plan.indicators)].find((i) => i.code === '1.3');
  parent.children = parent.children.filter((c) => c.code !== '1.3.4');
  without.plan.title = 'Không được ghi';
  const auditBefore = (await admin('GET', '/api/v1/audit?limit=1')).body.total;
  const current = (await admin('GET', '/api/v1/plans/1/plan-file')).body;
  const etag = (await admin('GET', EVAL)).headers.get('etag');
  r = await admin('PUT', '/api/v1/plans/1/plan-file', without);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'conflict');
  assert.equal(r.body.error.message, 'Không thể xóa chỉ tiêu đã có số liệu: 1.3.4');
  assert.deepEqual(r.body.error.details.codes, ['1.3.4']);
  assert.deepEqual((await admin('GET', '/api/v1/plans/1/plan-file')).body, current);
  assert.equal((await admin('GET', '/api/v1/audit?limit=1')).body.total, auditBefore);
  assert.equal((await admin('GET', EVAL)).headers.get('etag'), etag);

  // an invalid document: the import's message with its place, and details listing it
  const bad = structuredClone(doc);
  bad.plan.indicators[0].target.op = 'more';
  r = await admin('PUT', '/api/v1/plans/1/plan-file', bad);
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /plan\.indicators\[0\]\.target/);
  assert.equal(r.body.error.details[0].path, 'plan.indicators[0].target');
  r = await admin('PUT', '/api/v1/plans/1/plan-file', { ...doc, commune: { ...doc.commune, code: 'xa-khac' } });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /commune\.code/);
  r = await admin('PUT', '/api/v1/plans/9/plan-file', doc);
  assert.equal(r.status, 404);
  r = await admin('PUT', '/api/v1/plans/1/plan-file', '{"format": ');
  assert.equal(r.status, 400);
  for (const name of ['thaolai', 'chutich', 'xem']) {
    const other = caller(base, await login(base, name));
    assert.equal((await other('PUT', '/api/v1/plans/1/plan-file', doc)).status, 403, name);
  }
  for (const name of ['thaolai', 'xem'])
    assert.equal((await caller(base, await login(base, name))('GET', '/api/v1/plans/1/plan-file')).status, 403, name);
});

test('a new plan is created from a document, as `plan import` creates it', async (t) => {
  const dir = tempDir(t);
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = caller(base, await login(base, 'vhxh'));
  const doc = (await officer('GET', '/api/v1/plans/1/plan-file')).body;
  doc.plan.number = '99/KH-UBND';
  let r = await officer('POST', '/api/v1/plans', doc);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.id, 2);
  assert.equal(r.headers.get('location'), '/api/v1/plans/2');
  const made = (await officer('GET', '/api/v1/plans/2')).body;
  assert.equal(made.number, '99/KH-UBND');
  assert.equal(made.counts.indicators, 59);
  // the same plan `thidua plan import` makes of the same file
  const file = path.join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(doc));
  const other = path.join(dir, 'other.db');
  assert.equal(run(['--db', other, 'plan', 'import', file]).code, 0);
  const strip = (p) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'id' ? undefined : v)));
  assert.deepEqual(strip(runJson(['--db', other, 'plan', 'show', '1'])), strip(runJson(['--db', db, 'plan', 'show', '2'])));
  // invalid: nothing is created
  r = await officer('POST', '/api/v1/plans', { ...doc, plan: { ...doc.plan, period: { start: '2026-12-31', end: '2026-01-01' } } });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /plan\.period/);
  r = await officer('POST', '/api/v1/plans', { ...doc, values: 'so-lieu.csv' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /values/);
  r = await officer('POST', '/api/v1/plans', { format: 'thidua-plan/1', demo: true, commune: { code: 'kien-hai' } });
  assert.equal(r.status, 422);
  assert.equal((await officer('GET', '/api/v1/plans')).body.total, 2);
  assert.equal((await caller(base, await login(base, 'chutich'))('POST', '/api/v1/plans', doc)).status, 403);
});

test('one indicator through the year: months, quarters and the year, from the engine', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const officer = caller(base, await login(base, 'vhxh'));
  const rep = caller(base, await login(base, 'thaolai'));
  // 11: job placements, a flow reported monthly by the culture and society office
  const h = (await officer('GET', '/api/v1/plans/1/indicators/11/history?as_of=2026-11-25')).body;
  assert.equal(h.code, '11');
  assert.equal(h.measure, 'flow');
  assert.equal(h.months.length, 12);
  assert.deepEqual(h.months.map((m) => m.period), Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
  assert.deepEqual(h.quarters.map((q) => q.period), ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  let sum = 0;
  for (const m of h.months) {
    sum += m.actual ?? 0;
    assert.equal(m.cumulative, sum || null, m.period);
  }
  assert.ok(sum > 0);
  assert.equal(h.year.actual, sum);
  assert.equal(h.quarters[0].actual, h.months.slice(0, 3).reduce((a, m) => a + (m.actual ?? 0), 0));
  assert.equal(h.quarters[3].cumulative, sum);
  // the same verdict as the evaluation of the year
  const ev = (await officer('GET', '/api/v1/plans/1/evaluation?period=2026&as_of=2026-11-25')).body;
  const node = ev.indicators.find((n) => n.code === '11');
  assert.equal(h.year.verdict, node.verdict);
  assert.equal(h.year.degree, node.degree);
  assert.equal(h.year.pace, node.pace);
  assert.deepEqual(h.units.map((u) => [u.org_unit, u.actual]), node.units.map((u) => [u.org_unit, u.value]));
  assert.equal(h.units[0].name, 'Phòng Văn hóa - Xã hội');
  // a stock (the herd): at the end of each month, each village's latest count up to then; a
  // village that did not report in September still counts with its August herd, and is named
  const level = (await officer('GET', '/api/v1/plans/1/indicators/1.3.4/history?as_of=2026-11-25')).body;
  const full = level.months.filter((m) => m.missing_units.length === 0);
  assert.ok(full.length >= 6 && full.every((m) => m.cumulative === m.actual), 'every village reported: the month itself');
  const lastFigured = level.months.filter((m) => typeof m.actual === 'number').at(-1);
  assert.ok(lastFigured.missing_units.length > 0, 'a village missing in the last month reported');
  assert.ok(lastFigured.cumulative > lastFigured.actual, `${lastFigured.cumulative} > ${lastFigured.actual}`);
  assert.equal(lastFigured.cumulative, level.year.actual, 'the headline figure');
  // a reporter sees its own unit
  const own = (await rep('GET', '/api/v1/plans/1/indicators/1.3.4/history?as_of=2026-11-25')).body;
  assert.equal(own.org_unit, 'thon-thai-lai');
  assert.deepEqual([...new Set(own.units.map((u) => u.org_unit))], ['thon-thai-lai']);
  assert.equal((await rep('GET', '/api/v1/plans/1/indicators/1.3.4/history?unit=thon-9')).status, 403);
  const missing = await officer('GET', '/api/v1/plans/1/indicators/99.9/history');
  assert.equal(missing.status, 404);
  assert.match(missing.body.error.message, /không có chỉ tiêu "99\.9"/);
});

test('the audit trail: by who, what, when, and words without diacritics; each action with its label', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const rep = caller(base, await login(base, 'thaolai'));
  const officer = caller(base, await login(base, 'vhxh'));
  let r = await rep('PUT', '/api/v1/plans/1/values', { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11',
    value: '255,5', note: 'Diện tích sau giải phóng mặt bằng' });
  assert.equal(r.status, 200);
  assert.equal((await rep('POST', '/api/v1/plans/1/values/submit', { period: '2026-11' })).status, 200);
  const q = async (query) => (await officer('GET', `/api/v1/audit?${query}`)).body;
  const found = await q('q=giai%20phong%20mat');
  assert.ok(found.total >= 2, JSON.stringify(found));
  assert.ok(found.items.every((e) => JSON.stringify(e).includes('giải phóng mặt')));
  assert.equal((await q('q=GIẢI%20PHÓNG')).total, found.total);
  assert.equal((await q('q=khong%20co%20tu%20nay')).total, 0);
  const byActor = await q('actor=thaolai');
  assert.ok(byActor.total >= 2 && byActor.items.every((e) => e.actor === 'thaolai'));
  const submits = await q('action=submit&actor=thaolai');
  assert.equal(submits.total, 1);
  assert.equal(submits.items[0].after.period, '2026-11');
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await q(`actor=thaolai&from=${today}&to=${today}`)).total, byActor.total);
  assert.equal((await q('actor=thaolai&to=2000-01-01')).total, 0);
  r = await officer('GET', '/api/v1/audit?from=2026-02-30');
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /^from: .*YYYY-MM-DD/);
  // every entry keeps its fields
  assert.deepEqual(Object.keys(submits.items[0]), ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after']);
  const actions = (await officer('GET', '/api/v1/audit/actions')).body.items;
  const submit = actions.find((a) => a.action === 'submit');
  assert.equal(submit.label, 'Gửi số liệu');
  assert.deepEqual(submit.entities, ['data_value']);
  assert.ok(actions.find((a) => a.action === 'create').entities.includes('plan'));
  assert.equal((await rep('GET', '/api/v1/audit/actions')).status, 403);
});

test('a figure carries its evidence: through the API, the CSV import, limited to 1.000 characters', async (t) => {
  const dir = tempDir(t);
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const rep = caller(base, await login(base, 'thaolai'));
  const evidence = 'Biên bản nghiệm thu số 12/BB-UBND ngày 10/11/2026';
  let r = await rep('PUT', '/api/v1/plans/1/values', { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: 250, evidence });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  let got = (await rep('GET', '/api/v1/plans/1/values?indicator=1.3.1&period=2026-11')).body.items[0];
  assert.equal(got.evidence, evidence);
  assert.equal(got.note, null);
  const audit = (await caller(base, await login(base, 'vhxh'))('GET', '/api/v1/audit?q=nghiem%20thu%20so%2012')).body;
  assert.equal(audit.items[0].after.evidence, evidence);
  r = await rep('PUT', '/api/v1/plans/1/values', { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: 250, evidence: 'đ'.repeat(1001) });
  assert.equal(r.status, 422);
  assert.match(r.body.error.details[0].message, /minh chứng: dài 1\.001 ký tự, tối đa 1\.000 ký tự/);
  r = await rep('PUT', '/api/v1/plans/1/values', { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11', value: 250, evidence: 'đ'.repeat(1000) });
  assert.equal(r.status, 200, 'a thousand characters of two bytes each fit');
  // the CSV column, in English or Vietnamese
  const csv = path.join(dir, 'v.csv');
  writeFileSync(csv, 'chi_tieu,don_vi,ky,gia_tri,minh_chung\n1.3.4,thon-9,2026-11,"1.234",https://kienhai.haiphong.gov.vn/bc-11\n');
  const imp = run(['--db', db, 'values', 'import', csv]);
  assert.equal(imp.code, 0, imp.stderr);
  got = runJson(['--db', db, 'values', 'list', '--indicator', '1.3.4', '--unit', 'thon-9', '--period', '2026-11']).values[0];
  assert.equal(got.evidence, 'https://kienhai.haiphong.gov.vn/bc-11');
  writeFileSync(csv, `indicator,org_unit,period,value,evidence\n1.3.4,thon-9,2026-11,1,${'x'.repeat(1001)}\n`);
  const long = run(['--db', db, 'values', 'import', csv]);
  assert.equal(long.code, 1);
  assert.match(long.stderr, /v\.csv:2: minh chứng: dài 1\.001 ký tự/);
});

test('plan export --out writes the document; importing it gives the same plan', (t) => {
  const dir = tempDir(t);
  const db = demoDb(t);
  const file = path.join(dir, 'ke-hoach.json');
  const r = run(['--db', db, 'plan', 'export', '1', '--out', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ke-hoach\.json/);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(doc, JSON.parse(run(['--db', db, 'plan', 'export', '1']).stdout));
  const fresh = path.join(dir, 'fresh.db');
  assert.equal(run(['--db', fresh, 'plan', 'import', file]).code, 0);
  const strip = (p) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'id' ? undefined : v)));
  assert.deepEqual(strip(runJson(['--db', fresh, 'plan', 'show', '1'])), strip(runJson(['--db', db, 'plan', 'show', '1'])));
  assert.equal(run(['--db', db, 'plan', 'export', '7']).code, 1);
  assert.equal(run(['--db', db, 'plan', 'export', 'x']).code, 2);
});

test('the office approves one figure of a report and returns another, each on its own', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const rep = caller(base, await login(base, 'thaolai'));
  const officer = caller(base, await login(base, 'vhxh'));
  const put = (indicator, value) => rep('PUT', '/api/v1/plans/1/values', { indicator, org_unit: 'thon-thai-lai', period: '2026-11', value });
  assert.equal((await put('1.3.1', '255,5')).status, 200);
  assert.equal((await put('1.3.4', '2.600')).status, 200);
  assert.equal((await rep('POST', '/api/v1/plans/1/values/submit', { period: '2026-11' })).body.values, 2);
  const one = { org_unit: 'thon-thai-lai', period: '2026-11' };
  let r = await officer('POST', '/api/v1/plans/1/values/approve', { ...one, indicator: '1.3.4' });
  assert.equal(r.status, 200);
  assert.equal(r.body.values, 1, 'only the figure named');
  r = await officer('POST', '/api/v1/plans/1/values/return', { ...one, indicator: '1.3.1', comment: 'Diện tích quá lớn' });
  assert.equal(r.body.values, 1);
  const status = async (code) => (await officer('GET', `/api/v1/plans/1/values?unit=thon-thai-lai&period=2026-11&indicator=${code}`)).body.items[0];
  assert.equal((await status('1.3.4')).status, 'approved');
  const back = await status('1.3.1');
  assert.equal(back.status, 'returned');
  assert.equal(back.review_comment, 'Diện tích quá lớn');
  // a figure already approved is not approved twice
  r = await officer('POST', '/api/v1/plans/1/values/approve', { ...one, indicator: '1.3.4' });
  assert.equal(r.status, 422);
});
