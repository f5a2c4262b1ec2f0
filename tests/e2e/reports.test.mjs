// reports.test.mjs — reports and spreadsheets in a real browser: the office edits the narrative
// of the commune's report, issues it after a confirmation that says it freezes the document, sees
// its number and finds the text it typed in the document it downloads; a unit's reporter issues
// its own report on a phone; the dashboard's and the units table's report buttons give files;
// the entry page gives the unit's template and takes it back filled, refusing a bad one cell by
// cell with nothing imported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SOURCE } from '../integration/helpers.mjs';
import { SHOTS, logIn, startApp } from './app.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

const dir = mkdtempSync(path.join(tmpdir(), 'thidua-e2e-reports-'));
const fitsTheScreen = () => document.documentElement.scrollWidth <= innerWidth;

/** Clicks what starts a download and keeps the file; resolves with its path. */
async function download(page, selector, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = path.join(dir, name);
  await dl.saveAs(file);
  return file;
}
/** A part of a zip (word/document.xml, xl/sharedStrings.xml) as text. */
function part(file, name) {
  const r = spawnSync('unzip', ['-p', file, name], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
const words = (xml) => xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '');

test('the office edits the narrative, issues the report after confirming, and the document holds the text', async () => {
  const { context, page } = await logIn(app, 'vhxh');
  // the dashboard's buttons: the commune's report as Word and the evaluation as a spreadsheet
  await page.waitForSelector('[data-testid=report-buttons]');
  const docx = await download(page, '[data-testid=report-docx]', 'dashboard.docx');
  assert.match(words(part(docx, 'word/document.xml')), /BÁO CÁO/);
  const xlsx = await download(page, '[data-testid=report-xlsx]', 'dashboard.xlsx');
  assert.match(part(xlsx, 'xl/sharedStrings.xml'), /Gia cầm thủy cầm/);

  await page.click('a[href="#/bao-cao"]');
  await page.waitForSelector('[data-testid=narrative]');
  assert.match(await page.textContent('[data-testid=draft-state]'), /soạn sẵn từ số liệu/);
  assert.match(await page.inputValue('[data-testid=part-results]'), /chỉ tiêu đạt và vượt/);
  const typed = 'Năm 2026, xã đã bê tông hóa toàn bộ đường trục thôn; nhân dân đồng tình hưởng ứng.';
  await page.fill('[data-testid=part-results]', typed);
  await page.fill('[data-testid=part-lessons]', 'Làm đến đâu, chắc đến đó.');
  // issuing waits for the edits to be saved
  assert.ok(await page.isDisabled('[data-testid=report-issue]'));
  await page.click('[data-testid=report-save]');
  await page.waitForSelector('text=Đã lưu nội dung báo cáo.');
  await page.fill('input[aria-label="Ngày ban hành"]', '05/12/2026');
  await page.press('input[aria-label="Ngày ban hành"]', 'Tab');
  await page.click('[data-testid=report-issue]');
  const confirm = await page.textContent('[data-testid=confirm-issue]');
  assert.match(confirm, /05\/12\/2026/);
  assert.match(confirm, /không sửa được nữa/);
  await page.screenshot({ path: path.join(SHOTS, 'report-confirm.png'), fullPage: true });
  await page.click('[data-testid=confirm-issue-yes]');
  await page.waitForSelector('text=Đã ban hành văn bản số 01/BC-UBND ngày 05/12/2026.');
  const row = page.locator('[data-testid=issued-row]').first();
  await row.waitFor();
  assert.match(await row.textContent(), /01\/BC-UBND.*05\/12\/2026/s);
  await page.screenshot({ path: path.join(SHOTS, 'reports.png'), fullPage: true });

  // the issued document: its number and the text typed, and it stays so after a later edit
  const issued = await download(page, '[data-testid=issued-download]', 'issued.docx');
  const text = words(part(issued, 'word/document.xml'));
  assert.ok(text.includes(typed), 'the typed narrative is in the document');
  assert.ok(text.includes('Làm đến đâu, chắc đến đó.'));
  assert.match(text, /Số: 01\/BC-UBND/);
  await page.fill('[data-testid=part-results]', 'Sửa sau khi ban hành.');
  await page.click('[data-testid=report-save]');
  await page.waitForSelector('text=Đã lưu nội dung báo cáo.');
  const again = await download(page, '[data-testid=issued-download]', 'issued-again.docx');
  assert.ok(readFileSync(again).equals(readFileSync(issued)), 'an issued document never changes');

  // the units table: each unit's report
  await page.click('a[href="#/don-vi"]');
  const unitDocx = await download(page, '[data-testid=unit-row][data-unit=thon-thai-lai] [data-testid=unit-report]', 'unit.docx');
  assert.match(words(part(unitDocx, 'word/document.xml')), /THÔN THÁI LAI/);
  await context.close();
});

test('a reporter issues its own unit report on a phone; a leader reads without editing', async () => {
  const { context, page } = await logIn(app, 'thaolai', { viewport: { width: 360, height: 740 } });
  await page.goto(app.base + '/#/bao-cao');
  await page.waitForSelector('[data-testid=narrative]');
  assert.equal(await page.locator('[data-testid=report-kind]').count(), 0, 'a reporter has its own unit report only');
  assert.ok(await page.evaluate(fitsTheScreen), 'the reports page on a phone');
  await page.fill('[data-testid=part-proposals]', 'Đề nghị xã hỗ trợ giống lúa mới.');
  await page.click('[data-testid=report-save]');
  await page.waitForSelector('text=Đã lưu nội dung báo cáo.');
  await page.click('[data-testid=report-issue]');
  await page.click('[data-testid=confirm-issue-yes]');
  await page.waitForSelector('text=/Đã ban hành văn bản số 01\\/BC-TTL/');
  assert.ok(await page.evaluate(fitsTheScreen), 'the list of issued documents on a phone');
  await page.screenshot({ path: path.join(SHOTS, 'reports-phone.png'), fullPage: true });
  // its list: its own unit's documents, not the commune's report issued before
  assert.equal(await page.locator('[data-testid=issued-row]').count(), 1);
  const own = await download(page, '[data-testid=issued-download]', 'own.docx');
  assert.ok(words(part(own, 'word/document.xml')).includes('Đề nghị xã hỗ trợ giống lúa mới.'));
  await context.close();

  const leader = await logIn(app, 'chutich');
  await leader.page.goto(app.base + '/#/bao-cao');
  await leader.page.waitForSelector('[data-testid=narrative]');
  assert.equal(await leader.page.locator('[data-testid=report-save]').count(), 0);
  assert.equal(await leader.page.locator('[data-testid=report-issue]').count(), 0);
  assert.ok(await leader.page.getAttribute('[data-testid=part-results]', 'readonly') !== null);
  assert.ok(await leader.page.locator('[data-testid=issued-row]').count() >= 2);
  await leader.context.close();
});

/** code → row of the template's data sheet (its shared strings read from the file). */
function templateRows(file) {
  const strings = [...part(file, 'xl/sharedStrings.xml').matchAll(/<si>(.*?)<\/si>/gs)].map((m) => m[1].replace(/<[^>]+>/g, ''));
  const rows = {};
  for (const m of part(file, 'xl/worksheets/sheet1.xml').matchAll(/<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)<\/v>/g))
    if (Number(m[1]) > 4) rows[strings[Number(m[2])]] = Number(m[1]);
  return rows;
}
function fill(src, name, cells) {
  const dst = path.join(dir, name);
  const r = spawnSync('python3', [path.join(SOURCE, 'tests', 'integration', 'xlsx_fill.py'), src, dst, JSON.stringify(cells)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dst;
}

test('the entry page gives the unit template and takes it back filled; a bad one is refused cell by cell', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const phone = viewport.width < 600;
    const period = phone ? '2026-10' : '2026-11';
    const { context, page } = await logIn(app, 'thaolai', { viewport });
    await page.goto(app.base + '/#/nhap-lieu');
    await page.selectOption('[data-testid=entry-period]', period);
    await page.waitForSelector(`table.entry[data-loaded="thon-thai-lai|${period}"]`);
    await page.click('[data-testid=template] summary');
    const tpl = await download(page, '[data-testid=template-download]', `mau-${period}.xlsx`);
    const rows = templateRows(tpl);
    assert.ok(rows['1.3.1'] && rows['1.3.4'], 'the unit targets are rows of the template');

    // a bad one: every bad cell named, nothing imported (the good cell neither)
    const before = await page.inputValue('input[data-code="1.3.1"]'); // October has a draft already
    const bad = fill(tpl, `sai-${period}.xlsx`, { [`E${rows['1.3.1']}`]: 262.5, [`E${rows['1.3.4']}`]: 'hai nghìn' });
    await page.setInputFiles('[data-testid=template-upload]', bad);
    const refused = await (await page.waitForSelector('[data-testid=template-refused]')).textContent();
    assert.match(refused, /chưa nhập số liệu nào/);
    assert.match(refused, new RegExp(`Nhập số liệu!E${rows['1.3.4']}: .*hai nghìn`));
    assert.equal(await page.inputValue('input[data-code="1.3.1"]'), before);
    assert.notEqual(before, '262,5');
    if (phone) assert.ok(await page.evaluate(fitsTheScreen), 'the refusals on a phone');
    await page.screenshot({ path: path.join(SHOTS, phone ? 'template-refused-phone.png' : 'template-refused.png'), fullPage: true });

    // a good one: saved as drafts, shown in the form
    const good = fill(tpl, `dung-${period}.xlsx`, { [`E${rows['1.3.1']}`]: 262.5, [`E${rows['1.3.4']}`]: 2410 });
    await page.setInputFiles('[data-testid=template-upload]', good);
    await page.waitForSelector('text=/Đã lưu 2 số liệu/');
    assert.equal(await page.locator('[data-testid=template-refused]').count(), 0);
    await page.waitForFunction(() => document.querySelector('input[data-code="1.3.1"]')?.value === '262,5');
    assert.equal(await page.inputValue('input[data-code="1.3.4"]'), '2.410');
    await context.close();
  }
});
