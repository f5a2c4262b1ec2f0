// report_docs.test.mjs — drafting and issuing the plan's reports (docs/reports.md, "Issuing"):
// the narrative prefilled from the data, edited and saved; issuing numbers a document in the
// year's sequence of its symbol (01/BC-UBND, 02/BC-UBND, a new year from 01) and freezes its
// bytes; concurrent issues never share a number; who may draft, issue and read; the edited text
// in the document LibreOffice prints; the command line's --issue, `report list` and --format xlsx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, run, runJson, tempDir, serve, demoDb, login } from './helpers.mjs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const office = has('soffice') && has('pdftotext') && has('pdftoppm');
const squeeze = (s) => s.normalize('NFC').replace(/\s+/g, '');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

// The text of a part of a zip (word/document.xml, xl/worksheets/sheet1.xml).
function part(bytes, name, dir) {
  const file = path.join(dir, `part-${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, bytes);
  const r = spawnSync('unzip', ['-p', file, name], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
// The words of document.xml, the runs joined (a paragraph's text may be split into runs).
const docText = (xml) => xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function api(base, who) {
  return {
    get: (url) => fetch(base + url, { headers: who.read }),
    put: (url, body) => fetch(base + url, { method: 'PUT', headers: { ...who.write, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    post: (url) => fetch(base + url, { method: 'POST', headers: who.write }),
  };
}

test('the narrative is prefilled from the data, saved, audited and shown in the draft document', async (t) => {
  const dir = tempDir(t);
  const { base } = await serve(t, demoDb(t));
  const o = api(base, await login(base, 'vhxh'));
  let r = await o.get('/api/v1/plans/1/reports/consolidated/draft');
  assert.equal(r.status, 200);
  const pre = await r.json();
  assert.equal(pre.prefilled, true);
  assert.equal(pre.period, '2026');
  assert.equal(pre.unit, null);
  assert.match(pre.results, /chỉ tiêu đạt và vượt mục tiêu kế hoạch/);
  assert.match(pre.shortcomings, /Trâu bò/); // a missed target, named by the data
  assert.ok(pre.lessons.length > 0 && pre.proposals.length > 0);

  const edited = { results: 'Kết quả nổi bật: đường làng được bê tông hóa 100%.', shortcomings: 'Chăn nuôi trâu bò giảm do dịch bệnh.', lessons: '', proposals: 'Đề nghị thành phố hỗ trợ vắc-xin.' };
  r = await o.put('/api/v1/plans/1/reports/consolidated/draft', edited);
  assert.equal(r.status, 200);
  const saved = await r.json();
  assert.equal(saved.prefilled, false);
  assert.equal(saved.results, edited.results);
  assert.equal((await (await o.get('/api/v1/plans/1/reports/consolidated/draft')).json()).proposals, edited.proposals);

  // the draft document holds the edited text, leaves out the empty part, and has no number yet
  const docx = Buffer.from(await (await o.get('/api/v1/plans/1/reports/consolidated.docx?as_of=2026-12-05')).arrayBuffer());
  const text = docText(part(docx, 'word/document.xml', dir));
  for (const s of Object.values(edited).filter(Boolean)) assert.ok(text.includes(s), s);
  assert.ok(!text.includes('Bài học kinh nghiệm'), 'an empty part is left out');
  assert.match(text, /1\. Kết quả đạt được[\s\S]*2\. Tồn tại, hạn chế và nguyên nhân[\s\S]*IV\. ĐỀ XUẤT, KIẾN NGHỊ/);
  assert.match(text, /Số:\s+\/BC-UBND/);

  // audited, with the narrative before and after
  const audit = (await (await o.get('/api/v1/audit?action=report.draft')).json()).items;
  assert.equal(audit.length, 1);
  assert.match(audit[0].after_json ?? JSON.stringify(audit[0].after), /bê tông hóa/);

  // a part too long, or not text, is refused naming it as users know it; the reminder has no narrative
  r = await o.put('/api/v1/plans/1/reports/consolidated/draft', { ...edited, lessons: 'x'.repeat(20001) });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /Bài học kinh nghiệm.*20\.000/);
  r = await o.put('/api/v1/plans/1/reports/consolidated/draft', { results: 5 });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /Kết quả đạt được/);
  assert.equal((await o.get('/api/v1/plans/1/reports/reminder/draft')).status, 422);
  assert.equal((await o.get('/api/v1/plans/1/reports/tong-hop/draft')).status, 404);
});

test('issuing numbers each document in its year and symbol, and freezes it', async (t) => {
  const dir = tempDir(t);
  const { base } = await serve(t, demoDb(t));
  const o = api(base, await login(base, 'vhxh'));
  const issue = async (kind, q) => {
    const r = await o.post(`/api/v1/plans/1/reports/${kind}/issue?${new URLSearchParams(q)}`);
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).document;
  };
  const first = await issue('consolidated', { date: '2026-12-05' });
  assert.equal(first.number_text, '01/BC-UBND');
  assert.equal(first.issued_on, '2026-12-05');
  assert.match(first.issued_by_name, /Phòng Văn hóa - Xã hội/);
  assert.equal((await issue('consolidated', { date: '2026-12-15' })).number_text, '02/BC-UBND');
  // the reminder letter and a unit's report have sequences of their own; a new year starts at 01
  assert.equal((await issue('reminder', { date: '2026-12-06' })).number_text, '01/UBND-VHXH');
  const unit = await issue('unit', { unit: 'thon-thai-lai', date: '2026-12-04' });
  assert.equal(unit.number_text, '01/BC-TTL');
  assert.equal(unit.unit_name, 'Thôn Thái Lai');
  assert.equal((await issue('consolidated', { date: '2027-01-10' })).number_text, '01/BC-UBND');
  assert.equal((await issue('consolidated', { date: '2026-12-20' })).number_text, '03/BC-UBND');

  // the issued bytes: the number and the date on the document, the sha256 stored
  let r = await o.get(`/api/v1/documents/${first.id}.docx`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="01-BC-UBND-2026.docx"');
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(sha256(bytes), first.sha256);
  const text = docText(part(bytes, 'word/document.xml', dir));
  assert.match(text, /Số: 01\/BC-UBND/);
  assert.match(text, /Kiến Hải, ngày 05 tháng 12 năm 2026/);

  // editing the draft afterwards changes nothing issued; issuing again makes a new document
  assert.equal((await o.put('/api/v1/plans/1/reports/consolidated/draft', { results: 'Văn bản sửa sau khi ban hành.' })).status, 200);
  const again = Buffer.from(await (await o.get(`/api/v1/documents/${first.id}.docx`)).arrayBuffer());
  assert.equal(sha256(again), first.sha256);
  assert.ok(!docText(part(again, 'word/document.xml', dir)).includes('Văn bản sửa sau khi ban hành.'));
  const later = await issue('consolidated', { date: '2026-12-21' });
  assert.equal(later.number_text, '04/BC-UBND');
  const laterText = docText(part(Buffer.from(await (await o.get(`/api/v1/documents/${later.id}.docx`)).arrayBuffer()), 'word/document.xml', dir));
  assert.ok(laterText.includes('Văn bản sửa sau khi ban hành.'));

  // the list: every issued document, newest first
  const list = (await (await o.get('/api/v1/plans/1/documents')).json()).items;
  assert.equal(list.length, 7);
  assert.equal(list[0].id, later.id);
  assert.deepEqual(list.filter((d) => d.symbol === 'BC-UBND' && d.year === 2026).map((d) => d.number).sort(), [1, 2, 3, 4]);
  const audit = (await (await o.get('/api/v1/audit?action=report.issue')).json()).items;
  assert.equal(audit.length, 7);

  // a bad date or period is refused, an unknown unit or document is not found
  assert.equal((await o.post('/api/v1/plans/1/reports/consolidated/issue?date=2026-02-30')).status, 422);
  assert.equal((await o.post('/api/v1/plans/1/reports/consolidated/issue?period=2026-13')).status, 422);
  assert.equal((await o.post('/api/v1/plans/1/reports/unit/issue?unit=khong-co')).status, 404);
  assert.equal((await o.get('/api/v1/documents/999.docx')).status, 404);
  assert.equal((await (await o.get('/api/v1/plans/1/documents')).json()).total, 7, 'a refused issue leaves nothing');
});

test('concurrent issues get distinct, consecutive numbers', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const o = api(base, await login(base, 'vhxh'));
  const answers = await Promise.all(Array.from({ length: 6 }, () => o.post('/api/v1/plans/1/reports/consolidated/issue?date=2026-12-15')));
  const docs = [];
  for (const r of answers) {
    assert.equal(r.status, 201, await r.clone().text());
    docs.push((await r.json()).document);
  }
  assert.deepEqual(docs.map((d) => d.number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
  assert.equal(new Set(docs.map((d) => d.id)).size, 6);
});

test('who may draft, issue and read which report', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const o = api(base, await login(base, 'vhxh'));
  const rep = api(base, await login(base, 'thaolai')); // reporter of Thôn Thái Lai
  const leader = api(base, await login(base, 'chutich'));
  const viewer = api(base, await login(base, 'xem'));
  const commune = (await (await o.post('/api/v1/plans/1/reports/consolidated/issue?date=2026-12-15')).json()).document;
  const other = (await (await o.post('/api/v1/plans/1/reports/unit/issue?unit=thon-lao-phu&date=2026-12-04')).json()).document;

  // a reporter drafts and issues its own unit's report (its unit by default)
  let r = await rep.get('/api/v1/plans/1/reports/unit/draft');
  assert.equal(r.status, 200);
  assert.equal((await r.json()).unit_name, 'Thôn Thái Lai');
  assert.equal((await rep.put('/api/v1/plans/1/reports/unit/draft', { results: 'Thôn đạt các chỉ tiêu.' })).status, 200);
  r = await rep.post('/api/v1/plans/1/reports/unit/issue?date=2026-12-04');
  assert.equal(r.status, 201);
  const own = (await r.json()).document;
  assert.equal(own.number_text, '01/BC-TTL');
  assert.equal((await rep.get(`/api/v1/documents/${own.id}.docx`)).status, 200);
  // … and nothing else: another unit's, the commune's
  for (const [method, url] of [
    ['get', '/api/v1/plans/1/reports/unit/draft?unit=thon-lao-phu'],
    ['put', '/api/v1/plans/1/reports/unit/draft?unit=thon-lao-phu'],
    ['post', '/api/v1/plans/1/reports/unit/issue?unit=thon-lao-phu'],
    ['get', '/api/v1/plans/1/reports/consolidated/draft'],
    ['put', '/api/v1/plans/1/reports/consolidated/draft'],
    ['post', '/api/v1/plans/1/reports/consolidated/issue'],
    ['get', `/api/v1/documents/${commune.id}.docx`],
    ['get', `/api/v1/documents/${other.id}.docx`],
  ]) {
    r = await rep[method](url, { results: 'x' });
    assert.equal(r.status, 403, `${method} ${url}`);
    assert.match((await r.json()).error.message, /Thôn Thái Lai/, url);
  }
  // its list holds its own unit's documents only
  const mine = (await (await rep.get('/api/v1/plans/1/documents')).json()).items;
  assert.deepEqual(mine.map((d) => d.id), [own.id]);

  // a leader reads every draft and document, and changes nothing
  assert.equal((await leader.get('/api/v1/plans/1/reports/consolidated/draft')).status, 200);
  assert.equal((await leader.get(`/api/v1/documents/${other.id}.docx`)).status, 200);
  assert.equal((await (await leader.get('/api/v1/plans/1/documents')).json()).total, 3);
  r = await leader.put('/api/v1/plans/1/reports/consolidated/draft', { results: 'x' });
  assert.equal(r.status, 403);
  assert.equal((await leader.post('/api/v1/plans/1/reports/consolidated/issue')).status, 403);
  // a viewer has no reports at all
  assert.equal((await viewer.get('/api/v1/plans/1/documents')).status, 403);
  assert.equal((await viewer.get(`/api/v1/documents/${commune.id}.docx`)).status, 403);
  // nothing issued by the refusals
  assert.equal((await (await o.get('/api/v1/plans/1/documents')).json()).total, 3);
});

test('the command line issues, lists, and writes the report as a spreadsheet', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'demo.db');
  assert.equal(run(['--db', db, 'init', '--demo']).code, 0);
  let r = run(['--db', db, 'report', '--kind', 'consolidated', '--as-of', '05/12/2026', '--issue']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã ban hành văn bản số 01\/BC-UBND ngày 05\/12\/2026/);
  const file = path.join(dir, 'issued.docx');
  const doc = runJson(['--db', db, 'report', '--kind', 'unit', '--unit', 'thon-thai-lai', '--as-of', '2026-12-04', '--issue', '-o', file, '--json']).document;
  assert.equal(doc.number_text, '01/BC-TTL');
  assert.equal(sha256(readFileSync(file)), doc.sha256);
  r = run(['--db', db, 'report', 'list']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /01\/BC-UBND\s+05\/12\/2026\s+Báo cáo tổng hợp/);
  assert.match(r.stdout, /01\/BC-TTL\s+04\/12\/2026\s+Báo cáo đơn vị\s+Thôn Thái Lai/);
  assert.equal(runJson(['--db', db, 'report', 'list', '--json']).documents.length, 2);

  // --format xlsx: the evaluation table with its counts; a unit's: its own targets only
  const cx = path.join(dir, 'c.xlsx'), ux = path.join(dir, 'u.xlsx');
  assert.equal(run(['--db', db, 'report', '--kind', 'consolidated', '--as-of', '2026-12-05', '--format', 'xlsx', '-o', cx]).code, 0);
  assert.equal(run(['--db', db, 'report', '--kind', 'unit', '--unit', 'thon-thai-lai', '--as-of', '2026-12-05', '--format', 'xlsx', '-o', ux]).code, 0);
  const strings = (f) => part(readFileSync(f), 'xl/sharedStrings.xml', dir);
  const c = strings(cx), u = strings(ux);
  // the counts under the table
  assert.match(c, /Chưa có số liệu/);
  assert.match(c, /<t>Vượt<\/t>/);
  assert.match(c, /Gia cầm thủy cầm/);
  const shares = runJson(['--db', db, 'target', 'shares', '--unit', 'thon-thai-lai']).unit_targets;
  assert.ok(shares.length > 0);
  for (const s of shares) assert.ok(u.includes(s.indicator_name), s.indicator_name);
  // an indicator of the commune not assigned to the unit is not in the unit's sheet
  const plan = runJson(['--db', db, 'plan', 'show', '1']);
  const assigned = new Set(shares.map((s) => s.indicator));
  const leaf = (function* walk(xs) { for (const x of xs) { if (!x.children?.length) yield x; else yield* walk(x.children); } })(plan.indicators);
  const notAssigned = [...leaf].find((i) => !assigned.has(i.code) && !shares.some((s) => i.name.includes(s.indicator_name) || s.indicator_name.includes(i.name)));
  assert.ok(notAssigned && !u.includes(`>${notAssigned.name}<`), notAssigned?.name);

  // what it refuses
  r = run(['--db', db, 'report', '--kind', 'reminder', '--format', 'xlsx', '-o', path.join(dir, 'x.xlsx')]);
  assert.equal(r.code, 2);
  r = run(['--db', db, 'report', '--kind', 'consolidated', '--format', 'xlsx', '--issue']);
  assert.equal(r.code, 2);
  assert.ok(!existsSync(path.join(dir, 'x.xlsx')));
});

test('the edited narrative is in the PDF LibreOffice prints of the issued document', { skip: !office && 'LibreOffice or poppler-utils not installed' }, async (t) => {
  const dir = tempDir(t);
  const { base } = await serve(t, demoDb(t));
  const o = api(base, await login(base, 'vhxh'));
  const narrative = {
    results: 'Phong trào “Chung sức xây dựng nông thôn mới” lan tỏa đến từng thôn, xóm.',
    shortcomings: 'Đàn trâu bò giảm mạnh vì thiếu bãi chăn thả.',
    lessons: 'Phải có sự vào cuộc đồng bộ của cả hệ thống chính trị.',
    proposals: 'Kiến nghị Thành phố hỗ trợ kinh phí chuyển đổi số.',
  };
  assert.equal((await o.put('/api/v1/plans/1/reports/consolidated/draft', narrative)).status, 200);
  const d = (await (await o.post('/api/v1/plans/1/reports/consolidated/issue?date=2026-12-15')).json()).document;
  const file = path.join(dir, 'issued.docx');
  writeFileSync(file, Buffer.from(await (await o.get(`/api/v1/documents/${d.id}.docx`)).arrayBuffer()));
  const conv = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
    { encoding: 'utf8', timeout: 180000 });
  const pdf = file.replace(/\.docx$/, '.pdf');
  assert.ok(existsSync(pdf), conv.stderr);
  const raw = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout;
  const text = squeeze(raw);
  // page 1 (the number) and the page of the narrative kept as PNGs beside the other reports' to look at
  const pngDir = path.join(path.dirname(BIN), 'reports');
  mkdirSync(pngDir, { recursive: true });
  const narrativePage = raw.split('\f').findIndex((p) => p.includes('Bài học kinh nghiệm')) + 1;
  for (const [page, name] of [[1, 'issued-consolidated'], [narrativePage, 'issued-consolidated-narrative']])
    assert.equal(spawnSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdf, path.join(pngDir, name)]).status, 0);
  for (const s of [...Object.values(narrative), 'Số: 01/BC-UBND', 'Kiến Hải, ngày 15 tháng 12 năm 2026', 'Bài học kinh nghiệm'])
    assert.ok(text.includes(squeeze(s)), s);
});
