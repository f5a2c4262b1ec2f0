// reports.test.mjs — the plan's reports as Word documents (docs/reports.md): the CLI writes them
// for the demo plan, LibreOffice (when installed) opens them and their text holds the header
// block of Nghị định 30/2020, every target as the plan writes it and intact Vietnamese; page 1 of
// each is kept as a PNG under build/reports/ to look at. The API answers the same file, to whom
// the policy allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, run, runJson, tempDir, walk, serve, demoDb, login } from './helpers.mjs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const office = has('soffice') && has('pdftotext') && has('pdftoppm');
// the PNGs land beside the binary: build/reports/
const PNG_DIR = path.join(path.dirname(BIN), 'reports');

// Text compared without any white space (table cells and lines wrap anywhere) and in NFC.
const squeeze = (s) => s.normalize('NFC').replace(/\s+/g, '');

function write(db, dir, kind, extra = []) {
  const file = path.join(dir, `${kind}.docx`);
  const r = run(['--db', db, 'report', '--kind', kind, ...extra, '--as-of', '2026-12-05', '--format', 'docx', '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  return file;
}

// DOCX → PDF with LibreOffice (its own profile, so that runs do not share one), the PDF's text,
// and page 1 as build/reports/NAME.png.
function openInOffice(dir, file, name) {
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  const conv = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
    { encoding: 'utf8', timeout: 180000 });
  const pdf = file.replace(/\.docx$/, '.pdf');
  assert.ok(existsSync(pdf), `LibreOffice did not convert ${file}: ${conv.stdout} ${conv.stderr}`);
  // -raw: the content stream's order, so that a table cell's lines stay together
  const text = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout;
  // every glyph from the Times New Roman the document names (or its metric twin Liberation Serif
  // 2, which has the Vietnamese letters): a fallback font means letters the font lacked
  const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter((l) => l.trim());
  assert.ok(fonts.length > 0);
  for (const f of fonts) assert.match(f, /^\S*(TimesNewRoman|LiberationSerif)/, `a fallback font in ${name}: ${f}`);
  mkdirSync(PNG_DIR, { recursive: true });
  const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(PNG_DIR, name)]);
  assert.equal(png.status, 0);
  const pages = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  return { text, squeezed: squeeze(text), pages: Number(/Pages:\s+(\d+)/.exec(pages)?.[1] ?? 0) };
}

// The signature never stands alone on a page: the body's last paragraph ("…./.") goes with it.
function signedWithBody(doc) {
  const page = doc.text.split('\f').find((p) => p.includes('Nơi nhận:'));
  assert.ok(page && page.includes('./.'), 'the signature block is alone on its page');
}

function contains(doc, want) {
  assert.ok(doc.squeezed.includes(squeeze(want)), `the PDF lacks "${want}"`);
}

test('the CLI writes the three documents; LibreOffice reads the header block, every target and the diacritics', { skip: !office && 'LibreOffice or poppler-utils not installed' }, (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'demo.db');
  assert.equal(run(['--db', db, 'init', '--demo']).code, 0);
  const plan = runJson(['--db', db, 'plan', 'show', '1']);

  const c = openInOffice(dir, write(db, dir, 'consolidated'), 'consolidated');
  for (const s of ['ỦY BAN NHÂN DÂN', 'XÃ KIẾN HẢI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
    'Số:', '/BC-UBND', 'Kiến Hải, ngày 05 tháng 12 năm 2026', 'BÁO CÁO',
    'Kết quả thực hiện Kế hoạch phát động phong trào thi đua năm 2026', 'Nơi nhận:', '- Lưu: VT, VHXH.',
    'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Vũ Huy Thương', 'Trâu bò', 'Gia cầm thủy cầm'])
    contains(c, s);
  signedWithBody(c);
  // the header block comes first, in the decree's order
  const order = ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA', 'BÁO CÁO', 'Nơi nhận:'].map((s) => c.text.indexOf(s));
  assert.deepEqual([...order].sort((a, b) => a - b), order, `order of the parts: ${order}`);
  for (const ind of walk(plan.indicators)) {
    contains(c, ind.name);
    if (ind.target) contains(c, ind.target.text);
  }
  // the page number: "2" alone on a line at the top of page 2, none on page 1
  assert.ok(c.pages >= 2);
  const page2 = c.text.split('\f')[1];
  assert.match(page2.trimStart(), /^2\s/);
  assert.doesNotMatch(c.text.split('\f')[0].trimStart(), /^1\s/);

  const u = openInOffice(dir, write(db, dir, 'unit', ['--unit', 'thon-thai-lai']), 'unit-thon-thai-lai');
  for (const s of ['ỦY BAN NHÂN DÂN', 'THÔN THÁI LAI', 'Kết quả thực hiện chỉ tiêu thi đua năm 2026 của Thôn Thái Lai', 'TRƯỞNG THÔN'])
    contains(u, s);
  signedWithBody(u);
  const shares = runJson(['--db', db, 'target', 'shares', '--unit', 'thon-thai-lai']).unit_targets;
  assert.ok(shares.length > 0);
  for (const sh of shares) contains(u, sh.target.text);

  const r = openInOffice(dir, write(db, dir, 'reminder'), 'reminder');
  for (const s of ['/UBND-VHXH', 'V/v đôn đốc báo cáo kết quả', 'Kính gửi:', 'Thôn Thái Lai: còn thiếu', 'trước ngày 05/12/2026'])
    contains(r, s);
  signedWithBody(r);
});

test('the CLI refuses what it cannot write', (t) => {
  const dir = tempDir(t);
  const db = path.join(dir, 'demo.db');
  assert.equal(run(['--db', db, 'init', '--demo']).code, 0);
  const out = path.join(dir, 'x.docx');
  let r = run(['--db', db, 'report', '--kind', 'tong-hop', '--format', 'docx', '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--kind cần một trong: consolidated, unit, reminder/);
  r = run(['--db', db, 'report', '--kind', 'unit', '--format', 'docx', '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cần chọn đơn vị/);
  r = run(['--db', db, 'report', '--kind', 'unit', '--unit', 'khong-co', '--format', 'docx', '-o', out]);
  assert.equal(r.code, 1);
  r = run(['--db', db, 'report', '--kind', 'consolidated', '--format', 'pdf', '-o', out]);
  assert.equal(r.code, 2);
  assert.ok(!existsSync(out));
});

test('GET /api/v1/plans/{id}/reports/{kind}.docx: the file, to whom the policy allows', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = await login(base, 'vhxh');
  const res = await fetch(`${base}/api/v1/plans/1/reports/consolidated.docx?as_of=2026-12-05`, { headers: officer.read });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="bao-cao-tong-hop-2026.docx"');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.ok(bytes.includes(Buffer.from('word/document.xml')));

  const leader = await login(base, 'chutich');
  assert.equal((await fetch(`${base}/api/v1/plans/1/reports/reminder.docx`, { headers: leader.read })).status, 200);

  // a reporter: its own unit's report (the unit by default), nothing else
  const rep = await login(base, 'thaolai');
  const own = await fetch(`${base}/api/v1/plans/1/reports/unit.docx`, { headers: rep.read });
  assert.equal(own.status, 200);
  assert.match(own.headers.get('content-disposition'), /bao-cao-thon-thai-lai-2026\.docx/);
  for (const url of ['unit.docx?unit=thon-lao-phu', 'consolidated.docx', 'reminder.docx'])
    assert.equal((await fetch(`${base}/api/v1/plans/1/reports/${url}`, { headers: rep.read })).status, 403, url);
  // a viewer has no report; an unknown kind or plan is not found
  const viewer = await login(base, 'xem');
  assert.equal((await fetch(`${base}/api/v1/plans/1/reports/consolidated.docx`, { headers: viewer.read })).status, 403);
  assert.equal((await fetch(`${base}/api/v1/plans/1/reports/tong-hop.docx`, { headers: officer.read })).status, 404);
  assert.equal((await fetch(`${base}/api/v1/plans/99/reports/consolidated.docx`, { headers: officer.read })).status, 404);
  assert.equal((await fetch(`${base}/api/v1/plans/1/reports/unit.docx?unit=khong-co`, { headers: officer.read })).status, 404);
  assert.equal((await fetch(`${base}/api/v1/plans/1/reports/consolidated.docx?period=2026-13`, { headers: officer.read })).status, 422);
});
