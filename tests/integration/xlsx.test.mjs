// xlsx.test.mjs — spreadsheets out and the entry template back in (docs/xlsx.md): the template
// round trip through the command line and the API, filled by script as a person would in Excel
// (tests/integration/xlsx_fill.py), the refusals cell by cell, and the exports read back — by
// LibreOffice when it can convert them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SOURCE, demoDb, login, run, runJson, serve, tempDir } from './helpers.mjs';

const FILL = path.join(SOURCE, 'tests', 'integration', 'xlsx_fill.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Fills cells of a workbook (xlsx_fill.py): {"E5": 262.5, "E15": "có"}. */
function fill(src, dst, cells, part) {
  const r = spawnSync('python3', [FILL, src, dst, JSON.stringify(cells), ...(part ? [part] : [])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dst;
}

/** The parts of a workbook as text, read with python3's zipfile. */
function parts(file) {
  const r = spawnSync('python3', ['-c', 'import sys,zipfile,json;z=zipfile.ZipFile(sys.argv[1]);'
    + 'print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** The texts a workbook shows: its shared strings and the strings written inline in its sheets
 * (the values sheet is streamed, its strings inline). */
function shownTexts(p) {
  return [p['xl/sharedStrings.xml'] ?? '', ...Object.keys(p).filter((n) => n.startsWith('xl/worksheets/')).map((n) => p[n])].join('\n');
}

/** The first sheet's cells as a person sees them (strings shared or inline resolved, numbers as
 * numbers, blanks as null) and its rows' heights, read with python3. */
function sheetCells(file) {
  const r = spawnSync('python3', ['-c', `
import sys, zipfile, json, xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
sst = []
if 'xl/sharedStrings.xml' in z.namelist():
    sst = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si')]
cells, heights = {}, {}
for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(M + 'row'):
    heights[row.get('r')] = float(row.get('ht')) if row.get('ht') else None
    for c in row.iter(M + 'c'):
        t, v = c.get('t'), c.find(M + 'v')
        cells[c.get('r')] = (sst[int(v.text)] if t == 's' else ''.join(x.text or '' for x in c.iter(M + 't')) if t == 'inlineStr'
                             else float(v.text) if v is not None else None)
print(json.dumps({'cells': cells, 'heights': heights}))
`, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Rewrites one part of a workbook with f(text). */
function edit(src, dst, part, f) {
  const r = spawnSync('python3', ['-c', 'import sys,zipfile,json\n'
    + 'zi=zipfile.ZipFile(sys.argv[1]);d={n: zi.read(n) for n in zi.namelist()};d[sys.argv[3]]=sys.stdin.buffer.read()\n'
    + 'zo=zipfile.ZipFile(sys.argv[2],"w",zipfile.ZIP_DEFLATED)\n[zo.writestr(n,v) for n,v in d.items()];zo.close()',
  src, dst, part], { input: f(parts(src)[part]), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dst;
}

/** The template's rows: code → row number, read from the data sheet and the shared strings. */
function templateRows(file) {
  const p = parts(file);
  const strings = [...p['xl/sharedStrings.xml'].matchAll(/<si>(.*?)<\/si>/gs)].map((m) => m[1].replace(/<[^>]+>/g, ''));
  const rows = {};
  for (const m of p['xl/worksheets/sheet1.xml'].matchAll(/<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)<\/v>/g))
    if (Number(m[1]) > 4) rows[strings[Number(m[2])]] = Number(m[1]);
  return { rows, strings, sheet: p['xl/worksheets/sheet1.xml'], workbook: p['xl/workbook.xml'] };
}

function figures(db, unit, period) {
  return runJson(['--db', db, 'values', 'list', '--unit', unit, '--period', period]).values;
}

test('the entry template: export, fill by script, import, the figures are in the database', (t) => {
  const db = demoDb(t), dir = tempDir(t);
  const tpl = path.join(dir, 'mau.xlsx');
  const out = run(['--db', db, 'export', '--plan', '1', '--what', 'template', '--unit', 'thon-thai-lai', '--period', '2026-11', '-o', tpl]);
  assert.equal(out.code, 0, out.stderr);
  const { rows, strings, sheet, workbook } = templateRows(tpl);
  // the unit's targets with their text and unit of measure; a hidden sheet names plan, unit, period
  assert.ok(strings.includes('Thôn Thái Lai') || strings.some((s) => s.includes('Thôn Thái Lai')));
  for (const h of ['Mã chỉ tiêu', 'Chỉ tiêu', 'Mục tiêu', 'Đơn vị tính', 'Giá trị', 'Tử số', 'Mẫu số', 'Ghi chú'])
    assert.ok(strings.includes(h), h);
  assert.ok(strings.includes('duy trì từ 262 - 264 ha'), 'the target as the plan writes it');
  assert.match(workbook, /<sheet name="thidua" sheetId="2" state="hidden"/);
  assert.match(sheet, /state="frozen"/);
  for (const code of ['1.3.1', '1.3.2', '1.3.4', '8.1', '20.1']) assert.ok(rows[code], `row of ${code}`);
  // data validation: a list có/không for yes/no, 0–100 for a rate, ≥ 0 for a count
  assert.match(sheet, new RegExp(`<dataValidation type="list"[^>]*sqref="E${rows['20.1']}"><formula1>"có,không"</formula1>`));
  assert.match(sheet, new RegExp(`<dataValidation type="decimal"[^>]*sqref="E${rows['8.1']}"><formula1>0</formula1><formula2>100</formula2>`));
  assert.match(sheet, new RegExp(`<dataValidation type="decimal" operator="greaterThanOrEqual"[^>]*sqref="E${rows['1.3.4']}">`));

  const filled = fill(tpl, path.join(dir, 'da-dien.xlsx'), {
    [`E${rows['1.3.1']}`]: 262.5, [`H${rows['1.3.1']}`]: 'số liệu tháng 11',
    [`E${rows['1.3.4']}`]: 2410,
    [`F${rows['1.3.2']}`]: 1700.5, [`G${rows['1.3.2']}`]: 26.2,
    [`F${rows['8.1']}`]: 196, [`G${rows['8.1']}`]: 200,
    [`E${rows['20.1']}`]: 'có',
  });
  assert.deepEqual(figures(db, 'thon-thai-lai', '2026-11'), []);
  const imp = run(['--db', db, 'values', 'import', filled, '--unit', 'thon-thai-lai', '--period', '2026-11']);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /Đã nhập 5 số liệu/);
  const got = Object.fromEntries(figures(db, 'thon-thai-lai', '2026-11').map((v) => [v.indicator, v]));
  assert.equal(got['1.3.1'].value, 262.5);
  assert.equal(got['1.3.1'].note, 'số liệu tháng 11');
  assert.equal(got['1.3.1'].status, 'draft');
  assert.equal(got['1.3.4'].value, 2410);
  assert.ok(Math.abs(got['1.3.2'].value - 1700.5 / 26.2) < 1e-9);
  assert.equal(got['1.3.2'].denominator, 26.2);
  assert.equal(got['8.1'].value, 98);
  assert.equal(got['8.1'].denominator, 200);
  assert.equal(got['20.1'].value, 1);
  assert.deepEqual(Object.keys(got).sort(), ['1.3.1', '1.3.2', '1.3.4', '20.1', '8.1']);
});

test('a bad template is refused cell by cell, and nothing is imported', (t) => {
  const db = demoDb(t), dir = tempDir(t);
  const tpl = path.join(dir, 'mau.xlsx');
  assert.equal(run(['--db', db, 'export', '--what', 'template', '--unit', 'thon-thai-lai', '--period', '2026-11', '-o', tpl]).code, 0);
  const { rows } = templateRows(tpl);
  const bad = fill(tpl, path.join(dir, 'sai.xlsx'), {
    [`E${rows['1.3.1']}`]: 262.5, // good, yet not imported: all or nothing
    [`E${rows['1.3.4']}`]: 'hai nghìn', // text in a number cell
    [`E${rows['1.3.5']}`]: -3, // a count below zero
    [`A${rows['1.3.6']}`]: '9.9.9', [`E${rows['1.3.6']}`]: 5, // an unknown target
    [`E${rows['8.1']}`]: 98, // a rate without its base
    [`E${rows['20.1']}`]: 'có lẽ', // neither có nor không
  });
  const r = run(['--db', db, 'values', 'import', bad]);
  assert.equal(r.code, 1);
  const cell = (ref, what) => assert.match(r.stderr, new RegExp(`Nhập số liệu!${ref}: ${what}`), r.stderr);
  cell(`E${rows['1.3.4']}`, 'giá trị: "hai nghìn" không phải là số');
  cell(`E${rows['1.3.5']}`, 'giá trị: -3 không được âm');
  cell(`A${rows['1.3.6']}`, 'chỉ tiêu: không có chỉ tiêu "9.9.9"');
  cell(`G${rows['8.1']}`, 'mẫu số: .*hãy nhập cả mẫu số');
  cell(`E${rows['20.1']}`, 'giá trị: chỉ tiêu 20.1 cần câu trả lời có/không');
  assert.match(r.stderr, /5 dòng có lỗi, không nhập dòng nào/);
  assert.doesNotMatch(r.stderr, new RegExp(`!E${rows['1.3.1']}:`));
  assert.deepEqual(figures(db, 'thon-thai-lai', '2026-11'), []);

  const good = fill(tpl, path.join(dir, 'dung.xlsx'), { [`E${rows['1.3.1']}`]: 262.5 });
  // a template of another unit or period than the one it is uploaded for
  const unit = run(['--db', db, 'values', 'import', good, '--unit', 'thon-lao-phu']);
  assert.equal(unit.code, 1);
  assert.match(unit.stderr, /mẫu của Thôn Thái Lai, không phải của Thôn Lão Phú/);
  const per = run(['--db', db, 'values', 'import', good, '--period', '2026-10']);
  assert.equal(per.code, 1);
  assert.match(per.stderr, /mẫu của tháng 11\/2026, không phải của tháng 10\/2026/);
  // the hidden sheet edited to another period of the plan's: the template names it, not the file
  const moved = edit(good, path.join(dir, 'ky-khac.xlsx'), 'xl/sharedStrings.xml', (x) => x.replace('>2026-11<', '>2027-13<'));
  const movedR = run(['--db', db, 'values', 'import', moved]);
  assert.equal(movedR.code, 1);
  assert.match(movedR.stderr, /thidua!B4: kỳ/);
  // a wrong sheet: the data sheet renamed, an export that is not a template, a CSV renamed .xlsx
  const renamed = edit(good, path.join(dir, 'doi-ten.xlsx'), 'xl/workbook.xml', (x) => x.replace('name="Nhập số liệu"', 'name="Sheet1"'));
  const renamedR = run(['--db', db, 'values', 'import', renamed]);
  assert.equal(renamedR.code, 1);
  assert.match(renamedR.stderr, /không có trang "Nhập số liệu"/);
  const evaluation = path.join(dir, 'danh-gia.xlsx');
  assert.equal(run(['--db', db, 'export', '--what', 'evaluation', '-o', evaluation]).code, 0);
  const notTemplate = run(['--db', db, 'values', 'import', evaluation]);
  assert.equal(notTemplate.code, 1);
  assert.match(notTemplate.stderr, /không phải mẫu nhập số liệu của thidua/);
  // a column moved: the headers are checked, cell by cell
  const moved2 = edit(good, path.join(dir, 'cot.xlsx'), 'xl/sharedStrings.xml', (x) => x.replace('<t>Giá trị</t>', '<t>Số</t>'));
  const colR = run(['--db', db, 'values', 'import', moved2]);
  assert.equal(colR.code, 1);
  assert.match(colR.stderr, /Nhập số liệu!E4: cần tiêu đề cột "Giá trị", gặp "Số"/);
  assert.deepEqual(figures(db, 'thon-thai-lai', '2026-11'), []);
  // and the good one goes in
  assert.equal(run(['--db', db, 'values', 'import', good]).code, 0);
  assert.equal(figures(db, 'thon-thai-lai', '2026-11')[0].value, 262.5);
});

test('the API: exports as .xlsx, a reporter uploads its filled template, errors list the cells', async (t) => {
  const db = demoDb(t), dir = tempDir(t);
  const { base } = await serve(t, db);
  const rep = await login(base, 'thaolai');
  const officer = await login(base, 'vhxh');
  const q = 'unit=thon-thai-lai&period=2026-11';
  const res = await fetch(`${base}/api/v1/plans/1/exports/template.xlsx?${q}`, { headers: rep.read });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="thidua-1-template-thon-thai-lai-2026-11\.xlsx"/);
  const tpl = path.join(dir, 'mau.xlsx');
  writeFileSync(tpl, Buffer.from(await res.arrayBuffer()));
  // a reporter gets its own unit's template only, and never the unit × indicator table
  assert.equal((await fetch(`${base}/api/v1/plans/1/exports/template.xlsx?unit=thon-lao-phu&period=2026-11`, { headers: rep.read })).status, 403);
  assert.equal((await fetch(`${base}/api/v1/plans/1/exports/units.xlsx`, { headers: rep.read })).status, 403);
  assert.equal((await fetch(`${base}/api/v1/plans/1/exports/template.xlsx?unit=thon-thai-lai`, { headers: rep.read })).status, 422);
  assert.equal((await fetch(`${base}/api/v1/plans/1/exports/nothing.xlsx`, { headers: rep.read })).status, 404);

  const { rows } = templateRows(tpl);
  const post = (file, query = q, who = rep) => fetch(`${base}/api/v1/plans/1/values/xlsx?${query}`, {
    method: 'POST', headers: { ...who.write, 'Content-Type': XLSX }, body: readFileSync(file),
  });
  const bad = fill(tpl, path.join(dir, 'sai.xlsx'), { [`E${rows['1.3.1']}`]: 'nhiều', [`E${rows['1.3.4']}`]: 2410 });
  const refused = await post(bad);
  assert.equal(refused.status, 422);
  const e = (await refused.json()).error;
  assert.deepEqual(e.details.map((d) => d.cell), [`Nhập số liệu!E${rows['1.3.1']}`]);
  assert.match(e.details[0].message, /giá trị: "nhiều" không phải là số/);
  assert.equal((await post(bad, 'unit=thon-lao-phu&period=2026-11')).status, 422);

  const good = fill(tpl, path.join(dir, 'dung.xlsx'), { [`E${rows['1.3.1']}`]: 263, [`E${rows['1.3.4']}`]: 2410 });
  const saved = await post(good);
  assert.equal(saved.status, 200, await saved.clone().text());
  assert.equal((await saved.json()).saved, 2);
  const values = await (await fetch(`${base}/api/v1/plans/1/values?${q}`, { headers: officer.read })).json();
  assert.deepEqual(values.items.map((v) => [v.indicator, v.value, v.status]).sort(), [['1.3.1', 263, 'draft'], ['1.3.4', 2410, 'draft']]);

  // the values export holds them as numbers with a number format, under Vietnamese headers
  const vx = await fetch(`${base}/api/v1/plans/1/exports/values.xlsx?${q}`, { headers: officer.read });
  assert.equal(vx.status, 200);
  const vfile = path.join(dir, 'so-lieu.xlsx');
  writeFileSync(vfile, Buffer.from(await vx.arrayBuffer()));
  const p = parts(vfile);
  assert.match(p['xl/worksheets/sheet1.xml'], /<c r="E5" s="\d+"><v>263<\/v><\/c>/);
  assert.match(p['xl/styles.xml'], /formatCode="#,##0"/);
  assert.match(shownTexts(p), /Trạng thái/);
  assert.match(shownTexts(p), /Thôn Thái Lai/);
});

test('the values sheet lists the figures in the order of the figures list: names, period in words, numbers as numbers, rows as tall as their notes', (t) => {
  const db = demoDb(t), dir = tempDir(t);
  const file = path.join(dir, 'so-lieu.xlsx');
  const r = run(['--db', db, 'export', '--what', 'values', '--period', '2026', '--as-of', '2026-11-30', '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  const { cells, heights } = sheetCells(file);
  const values = runJson(['--db', db, 'values', 'list', '--period', '2026']).values;
  assert.ok(values.length > 20);
  // the title across the table above the headers, then one row a figure, nothing below
  assert.match(cells.A1, /^Kế hoạch/);
  assert.match(cells.A2, /^Số liệu thực hiện — năm 2026 — ngày lập 30\/11\/2026$/);
  assert.deepEqual(['A4', 'B4', 'C4', 'D4', 'E4', 'H4', 'I4'].map((c) => cells[c]), ['Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị', 'Kỳ', 'Giá trị', 'Trạng thái', 'Ghi chú']);
  const names = { 'vh-xh': 'Phòng Văn hóa - Xã hội', 'kinh-te': 'Phòng Kinh tế', 'truong-mn': 'Trường Mầm non Kiến Hải', 'cong-an': 'Công an xã' };
  const labels = { draft: 'Nháp', submitted: 'Đã gửi', approved: 'Đã duyệt', returned: 'Trả lại' };
  values.forEach((v, i) => {
    const row = 5 + i, at = (col) => cells[`${col}${row}`];
    assert.equal(at('A'), v.indicator, `row ${row}`);
    assert.ok(at('B') && at('B') !== v.indicator, `row ${row}: the indicator's name`);
    if (names[v.org_unit]) assert.equal(at('C'), names[v.org_unit], `row ${row}`);
    else assert.ok(at('C') && at('C') !== v.org_unit, `row ${row}: the unit's name, not its code`);
    assert.equal(at('D'), 'năm 2026');
    // a yes/no figure in words, any other as a number
    if (v.text === null && v.value !== null) assert.equal(at('E'), typeof at('E') === 'string' ? (v.value ? 'có' : 'không') : v.value, `row ${row}`);
    assert.equal(at('F'), v.denominator, `row ${row}`);
    assert.equal(at('H'), labels[v.status]);
    assert.equal(at('I'), v.note ?? null);
    // a note wider than its column (40 characters) wraps: its row is taller than one line
    if ((v.note ?? '').length > 40) assert.ok(heights[String(row)] >= 30, `row ${row}: ${heights[String(row)]}`);
  });
  assert.equal(cells[`A${5 + values.length}`], undefined);
  assert.ok(values.filter((v, i) => typeof cells[`E${5 + i}`] === 'number').length > 20, 'numbers as numbers');
  assert.ok(values.some((v) => (v.note ?? '').length > 40), 'the demo has a long note');
});

test('every export opens, with its title, headers and figures; LibreOffice reads every value back', (t) => {
  const db = demoDb(t), dir = tempDir(t);
  const exports = {
    evaluation: ['Kết quả thực hiện các chỉ tiêu', 'Mức đạt (%)', 'Đánh giá', 'Lý do'],
    values: ['Số liệu thực hiện', 'Giá trị', 'Trạng thái'],
    completeness: ['Tình hình báo cáo của các đơn vị', 'Số chỉ tiêu phải báo cáo', 'Tình trạng'],
    units: ['Đánh giá từng đơn vị theo chỉ tiêu được giao', 'Chỉ tiêu giao'],
  };
  const files = {};
  for (const [what, texts] of Object.entries(exports)) {
    const file = path.join(dir, `${what}.xlsx`);
    const r = run(['--db', db, 'export', '--what', what, '--period', '2026', '--as-of', '2026-11-30', '-o', file]);
    assert.equal(r.code, 0, `${what}: ${r.stderr}`);
    const p = parts(file);
    for (const s of texts) assert.ok(shownTexts(p).includes(s), `${what}: ${s}`);
    assert.match(p['xl/worksheets/sheet1.xml'], /state="frozen"/, what);
    assert.match(p['xl/worksheets/sheet1.xml'], /<cols>/, what);
    // printed as tables are: A4 landscape, the page's width, the title across the table, headers on every page
    assert.match(p['xl/worksheets/sheet1.xml'], /<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/, what);
    assert.match(p['xl/worksheets/sheet1.xml'], /<mergeCell ref="A1:[B-Z]1"\/>/, what);
    assert.match(p['xl/workbook.xml'], /_xlnm.Print_Titles/, what);
    files[what] = file;
  }
  const r = run(['--db', db, 'export', '--what', 'completeness', '-o', path.join(dir, 'x.xlsx')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cần kỳ/);

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  if (soffice.error) {
    t.diagnostic('soffice is missing: the LibreOffice reading of the exports is skipped');
    return;
  }
  const outDir = path.join(dir, 'csv');
  const conv = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', outDir, files.values], { encoding: 'utf8', timeout: 120000 });
  if (!existsSync(outDir) || readdirSync(outDir).length === 0) {
    t.diagnostic(`LibreOffice cannot convert a spreadsheet here (is libreoffice-calc installed?): ${conv.stderr}`);
    return;
  }
  const csv = readFileSync(path.join(outDir, 'values.csv'), 'utf8');
  const all = runJson(['--db', db, 'values', 'list', '--period', '2026']).values;
  assert.ok(all.length > 0);
  for (const v of all) {
    if (typeof v.value !== 'number' || v.text) continue;
    // LibreOffice writes what the cell shows with the en-US defaults of a headless run: 2,410 or 97.5
    const shown = v.value.toLocaleString('en-US', { maximumFractionDigits: 3, minimumFractionDigits: Number.isInteger(v.value) ? 0 : 1 });
    assert.ok(csv.includes(shown), `${v.indicator} ${v.org_unit}: ${shown} not in the CSV`);
  }
  assert.ok(csv.includes('Trạng thái'), 'the Vietnamese headers, diacritics intact');

  // a picture of each printed first page under build/, to look at (pdftoppm, when installed)
  const tpl = path.join(dir, 'template.xlsx');
  assert.equal(run(['--db', db, 'export', '--what', 'template', '--unit', 'thon-thai-lai', '--period', '2026-11', '-o', tpl]).code, 0);
  const pdfDir = path.join(dir, 'pdf');
  spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'pdf', '--outdir', pdfDir,
    files.evaluation, files.units, tpl], { encoding: 'utf8', timeout: 120000 });
  // a template filled, then saved again by LibreOffice (its own shared strings and styles), goes in
  const { rows } = templateRows(tpl);
  const filled = fill(tpl, path.join(dir, 'filled.xlsx'), { [`E${rows['1.3.1']}`]: 262.5, [`F${rows['1.3.2']}`]: 1700.5, [`G${rows['1.3.2']}`]: 26.2, [`E${rows['20.1']}`]: 'có' });
  const loDir = path.join(dir, 'lo-saved');
  spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML',
    '--outdir', loDir, filled], { encoding: 'utf8', timeout: 120000 });
  const saved = run(['--db', db, 'values', 'import', path.join(loDir, 'filled.xlsx')]);
  assert.equal(saved.code, 0, saved.stderr);
  const got = Object.fromEntries(figures(db, 'thon-thai-lai', '2026-11').map((v) => [v.indicator, v.value]));
  assert.equal(got['1.3.1'], 262.5);
  assert.ok(Math.abs(got['1.3.2'] - 1700.5 / 26.2) < 1e-9);
  assert.equal(got['20.1'], 1);

  for (const what of ['evaluation', 'units', 'template']) {
    const pdf = path.join(pdfDir, `${what}.pdf`);
    assert.ok(existsSync(pdf), `${what}: LibreOffice printed no PDF`);
    const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SOURCE, 'build', `xlsx-${what}`)]);
    if (png.error) t.diagnostic('pdftoppm is missing: no picture of the printed pages');
  }
});
