// web.test.mjs — the web front end in a real browser: Debian's chromium driven by playwright-core,
// against the real server (the demo database, the built web/dist). Screenshots of the main pages
// go to build/screenshots/ (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BIN, PASSWORD, SOURCE, docx } from '../integration/helpers.mjs';
import { contrastFailures, phoneMisfits } from './app.mjs';

const WEB = path.join(SOURCE, 'web', 'dist');
const SHOTS = path.join(SOURCE, 'build', 'screenshots');

let dir, server, base, browser;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'thidua-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  const db = path.join(dir, 'demo.db');
  assert.equal(spawnSync(BIN, ['--db', db, 'init', '--demo']).status, 0);
  server = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--web', WEB], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out); if (m) resolve(m[0]); });
    server.on('exit', () => reject(new Error(out)));
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function loginAs(username, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
  return { context, page };
}

test('each role logs in and sees its name, role and unit', async () => {
  for (const [name, label] of [['admin', 'Quản trị'], ['vhxh', 'Phòng Văn hóa'], ['thaolai', 'thôn Thái Lai'], ['chutich', 'Chủ tịch'], ['xem', 'Người xem']]) {
    const { context, page } = await loginAs(name);
    const who = await page.textContent('[data-testid=who]');
    assert.ok(who.includes(label), `${name}: ${who}`);
    assert.doesNotMatch(who, /thon-|vh-xh/, 'the unit by its name, not its code');
    // the office once, not three times (name, role and unit all say it)
    assert.ok((who.match(/Văn hóa - Xã hội/g) ?? []).length <= 1, `named once: ${who}`);
    await context.close();
  }
  // a wrong password stays on the login page with the server's message
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'sai-mat-khau');
  await page.click('button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /sai tên đăng nhập/i);
  await context.close();
});

test('the dashboard shows the counts, a chart and a card per target; search works without diacritics', async () => {
  const { context, page } = await loginAs('vhxh');
  await page.waitForSelector('[data-testid=card]');
  const cards = await page.locator('[data-testid=card]').count();
  assert.equal(cards, 47);
  const counts = await Promise.all(['exceeded', 'achieved', 'not_achieved', 'no_data'].map(async (v) => Number(await page.textContent(`[data-testid=count-${v}]`))));
  assert.ok(counts.reduce((a, b) => a + b, 0) <= 47 && counts.reduce((a, b) => a + b, 0) >= 46);
  // the charting library is loaded with the first chart (lib/Chart.svelte): wait for its canvas
  await page.waitForSelector('.chart canvas', { timeout: 10000 });
  assert.ok(await page.locator('.chart canvas').count() > 0, 'an ECharts canvas');
  // the first target charted is one that has figures to show
  await page.waitForSelector('[data-testid=chart-target] ~ * .chart[role=img], section .chart[aria-label*=": "]');
  assert.match(await page.getAttribute('section:has([data-testid=chart-target]) .chart', 'aria-label'), /(T\d+|Quý [IV]+): \d/);
  assert.ok((await page.textContent('body')).includes('05/12/2026'));
  await page.fill('[data-testid=search]', 'dan lon');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=card]').length === 1);
  assert.match(await page.textContent('[data-testid=card]'), /Đàn lợn/);
  await page.fill('[data-testid=search]', '');
  await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });
  await context.close();
});

test('a reporter enters and submits; the officer returns, then approves; the dashboard reflects it', async () => {
  const rep = await loginAs('thaolai');
  await rep.page.goto(base + '/#/nhap-lieu');
  await rep.page.selectOption('[data-testid=entry-period]', '2026-12');
  await rep.page.waitForSelector('table[data-loaded="thon-thai-lai|2026-12"]');
  const input = rep.page.locator('input[data-code="1.3.1"]');
  await input.fill('999,5');
  await rep.page.click('button:has-text("Lưu nháp")');
  await rep.page.waitForSelector('text=Đã lưu 1 số liệu.');
  await rep.page.screenshot({ path: path.join(SHOTS, 'entry.png'), fullPage: true });
  await rep.page.click('button:has-text("Gửi báo cáo")');
  await rep.page.waitForSelector('text=Đã gửi 1 số liệu.');

  const off = await loginAs('vhxh');
  // the page first asks for the last month ended; that answer comes late, after December's,
  // and must not overwrite it
  const isStale = (u) => /(values|completeness)\?period=(?!2026-12)/.test(u.toString());
  // a late request may outlive the unroute below, which then has handled it already
  await off.page.route(isStale, async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue().catch(() => {});
  });
  const stale = off.page.waitForResponse((r) => isStale(r.url()) && r.url().includes('completeness'));
  await off.page.goto(base + '/#/duyet');
  await off.page.selectOption('[data-testid=review-period]', '2026-12');
  await off.page.waitForSelector('[data-testid=waiting-thon-thai-lai]');
  await stale;
  await off.page.unroute(isStale);
  assert.ok(await off.page.isVisible('[data-testid=waiting-thon-thai-lai]'), 'December still shown after the late answer');
  await off.page.fill('[data-testid=comment-thon-thai-lai]', 'Diện tích quá lớn, kiểm tra lại');
  await off.page.click('[data-testid=waiting-thon-thai-lai] >> button:has-text("Trả lại cả báo cáo")');
  await off.page.waitForSelector('text=Không có báo cáo nào chờ duyệt.');

  // the reporter sees the comment, corrects and resubmits
  await rep.page.reload();
  await rep.page.selectOption('[data-testid=entry-period]', '2026-12');
  await rep.page.waitForSelector('table[data-loaded="thon-thai-lai|2026-12"]');
  await rep.page.waitForSelector('text=Diện tích quá lớn, kiểm tra lại');
  await rep.page.locator('input[data-code="1.3.1"]').fill('262,5');
  await rep.page.click('button:has-text("Lưu nháp")');
  await rep.page.waitForSelector('text=Đã lưu 1 số liệu.');
  await rep.page.click('button:has-text("Gửi báo cáo")');
  await rep.page.waitForSelector('text=Đã gửi 1 số liệu.');

  await off.page.reload();
  await off.page.selectOption('[data-testid=review-period]', '2026-12');
  await off.page.waitForSelector('[data-testid=waiting-thon-thai-lai]');
  await off.page.screenshot({ path: path.join(SHOTS, 'review.png'), fullPage: true });
  await off.page.click('[data-testid=waiting-thon-thai-lai] >> button:has-text("Duyệt cả báo cáo")');
  await off.page.waitForSelector('text=Không có báo cáo nào chờ duyệt.');

  // the dashboard for December, the village alone, now counts the approved figure
  await off.page.goto(base + '/#/');
  await off.page.waitForSelector('[data-testid=card]');
  await off.page.selectOption('[data-testid=period]', '2026-12');
  await off.page.selectOption('select >> nth=1', 'thon-thai-lai');
  await off.page.waitForFunction(() => [...document.querySelectorAll('[data-testid=card]')].some((c) => c.textContent.includes('262,5')));
  await rep.context.close();
  await off.context.close();
});

test('a target in detail: its months as a chart, each unit, the values with notes and evidence, its history', async () => {
  const { context, page } = await loginAs('vhxh');
  await page.waitForSelector('[data-testid=card]');
  await page.click('[data-testid=card] >> a:has-text("Đàn lợn")');
  await page.waitForSelector('[data-testid=verdict]');
  assert.match(await page.textContent('h1'), /^1\.3\.4\. Đàn lợn/);
  assert.match(await page.textContent('body'), /khoảng 8\.990 con/);
  await page.waitForSelector('.chart canvas', { timeout: 10000 });
  assert.ok(await page.locator('.chart canvas').count() > 0, 'the chart of the months');
  // the chart in words for a screen reader: the target, then each month's figure
  const said = await page.getAttribute('.chart[role=img] >> nth=0', 'aria-label');
  assert.match(said, /Mục tiêu: khoảng 8\.990 con\. T1: [\d.]+; T2: [\d.]+/);
  // a stock: each month is the commune's herd at its end (each village's latest count), not the
  // sum of the villages that reported that month; a month some village skipped is marked
  const h = await (await page.request.get(base + '/api/v1/plans/1/indicators/1.3.4/history')).json();
  const gap = h.months.find((m) => typeof m.actual === 'number' && m.missing_units.length > 0);
  assert.ok(gap, 'the demo has a month a village skipped');
  const label = `T${Number(gap.period.slice(5))}`;
  const shownFigure = new RegExp(`${label}: ([\\d.]+) \\(thiếu ${gap.missing_units.length} đơn vị\\)`).exec(said);
  assert.ok(shownFigure, said);
  assert.equal(Number(shownFigure[1].replace(/\./g, '')), gap.cumulative);
  assert.notEqual(gap.cumulative, gap.actual, 'not the sum of who reported');
  assert.match(await page.textContent('[data-testid=missing-months]'), new RegExp(`${label}\\*?: .*Thôn`));
  assert.equal(await page.locator('[data-testid=months] thead th').count(), 13); // the row label and T1…T12
  const units = await page.locator('[data-testid=units] tbody tr').count();
  assert.ok(units >= 2, `a row per reporting unit (${units})`);
  // beside each village's figure, the share handed to it
  const shares = (await (await page.request.get(base + '/api/v1/plans/1/unit-targets?indicator=1.3.4')).json()).unit_targets;
  const thaiLai = shares.find((u) => u.org_unit === 'thon-thai-lai');
  assert.match(await page.textContent('[data-testid=units] tr:has-text("Thôn Thái Lai")'), new RegExp(thaiLai.target.text));
  assert.match(await page.textContent('[data-testid=values]'), /Số liệu minh họa/); // the note of each value
  // periods the way people write them, not the storage codes
  assert.match(await page.textContent('[data-testid=values]'), /Tháng 1\/2026/);
  assert.doesNotMatch(await page.textContent('main'), /\b2026-(0\d|1[0-2]|Q\d)\b/);
  await page.waitForSelector('[data-testid=history] li');
  await page.screenshot({ path: path.join(SHOTS, 'target.png'), fullPage: true });
  // one village alone
  const village = await page.locator('[data-testid=detail-unit] option').nth(1).getAttribute('value');
  await page.selectOption('[data-testid=detail-unit]', village);
  await page.waitForFunction((u) => document.querySelectorAll('[data-testid=units] tbody tr').length === 1, village);
  await context.close();
});

test('the audit log filters by person and finds a comment typed without diacritics', async () => {
  const { context, page } = await loginAs('vhxh');
  await page.goto(base + '/#/nhat-ky');
  await page.waitForSelector('[data-testid=audit-row]');
  await page.fill('[data-testid=audit-search]', 'kiem tra lai');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=audit-row]')].length > 0 &&
    [...document.querySelectorAll('[data-testid=audit-row]')].every((r) => r.textContent.includes('kiểm tra lại')));
  await page.fill('[data-testid=audit-search]', '');
  await page.fill('[data-testid=audit-actor]', 'thaolai');
  await page.waitForFunction(() => { const rows = [...document.querySelectorAll('[data-testid=audit-row]')];
    return rows.length > 0 && rows.every((r) => r.children[1].textContent.includes('thaolai')); });
  // what changed, in words: the unit's name and the month, not their codes
  await page.waitForFunction(() => document.querySelector('[data-testid=audit-row]').textContent.includes('Thôn Thái Lai'));
  assert.match(await page.textContent('[data-testid=audit-row]'), /Thôn Thái Lai · Tháng 12\/2026/);
  await page.screenshot({ path: path.join(SHOTS, 'audit.png'), fullPage: true });
  await context.close();
});

test('plan set-up: a target edited as text is read live, refused when unreadable, and saved', async () => {
  const { context, page } = await loginAs('vhxh');
  await page.goto(base + '/#/ke-hoach');
  await page.fill('[data-testid=setup-search]', 'dan lon');
  const input = page.locator('[data-testid="target-1.3.4"]');
  await input.fill('từ 19 - 17%'); // a typo: the first number larger than the second
  await page.waitForSelector('[data-testid="setup-1.3.4"] >> [role=alert]');
  await page.click('[data-testid=setup-save]');
  await page.waitForSelector('[data-testid=setup-error]');
  await input.fill('khoảng 9.100 con');
  await page.waitForSelector('[data-testid="target-1.3.4-preview"]');
  assert.match(await page.textContent('[data-testid="target-1.3.4-preview"]'), /9\.100/);
  await page.screenshot({ path: path.join(SHOTS, 'setup.png'), fullPage: true });
  await page.click('[data-testid=setup-save]');
  await page.waitForSelector('text=Đã lưu kế hoạch.');
  await page.goto(base + '/#/');
  await page.fill('[data-testid=search]', 'dan lon');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=card]').length === 1 &&
    document.querySelector('[data-testid=card]').textContent.includes('9.100'));
  // a plan the server refuses: where and why in words, not JSON paths
  await page.goto(base + '/#/ke-hoach');
  await page.fill('[data-testid=setup-search]', 'dan lon');
  await page.fill('[data-testid="setup-1.3.4"] input >> nth=0', '1.3.5');
  await page.click('[data-testid=setup-save]');
  await page.waitForSelector('[data-testid=setup-problems] li');
  assert.match(await page.textContent('[data-testid=setup-problems]'), /^Chỉ tiêu: mã chỉ tiêu "1\.3\.5" bị trùng/);
  assert.doesNotMatch(await page.textContent('main'), /plan\.indicators|tài liệu kế hoạch:/);
  await context.close();
});

test('a plan imported from its text: targets read, checked beside their lines, corrected, confirmed', async () => {
  const seed = readFileSync(path.join(SOURCE, '..', 'shared', 'seed', '000_082d302336bb75a5.txt'), 'utf8');
  const text = seed.split('\n').slice(39, 60).join('\n'); // the economic targets (1)–(7)
  const { context, page } = await loginAs('vhxh');
  await page.goto(base + '/#/nhap-van-ban');
  await page.fill('[data-testid=import-text]', text);
  await page.click('[data-testid=import-read]');
  await page.waitForSelector('[data-testid=import-found]');
  const found = Number(/\d+/.exec(await page.textContent('[data-testid=import-found]'))[0]);
  assert.ok(found >= 15, `targets read: ${found}`);
  // each target beside its source line
  assert.match(await page.textContent('[data-testid="import-row-2"] blockquote'), /Thu ngân sách Nhà nước/);
  // how each target was read is shown before anything is edited
  await page.waitForSelector('[data-testid="import-target-1-preview"]');
  assert.match(await page.textContent('[data-testid="import-target-1-preview"]'), /^Hiểu là: .*19/);
  // dates the Vietnamese way, whatever the browser's locale
  assert.equal(await page.locator('input[placeholder="dd/mm/yyyy"]').nth(1).inputValue(), '31/12/2026');
  await page.fill('[data-testid="import-target-2"]', 'tăng từ 16%');
  await page.waitForSelector('[data-testid="import-target-2-preview"]');
  await page.screenshot({ path: path.join(SHOTS, 'import.png'), fullPage: true });
  await page.click('[data-testid=import-confirm]');
  await page.waitForSelector('[data-testid=import-error]'); // no number or title yet
  await page.fill('[data-testid=import-number]', '99/KH-UBND');
  await page.fill('[data-testid=import-title]', 'Kế hoạch thử nhập từ văn bản');
  await page.click('[data-testid=import-confirm]');
  await page.waitForSelector('[data-testid=plan]');
  assert.match(await page.locator('[data-testid=plan] option:checked').textContent(), /99\/KH-UBND/);
  // a text with a header fills the number and the summary; a text with no target offers nothing to create
  await page.goto(base + '/#/nhap-van-ban');
  await page.fill('[data-testid=import-text]', seed.split('\n').slice(0, 12).join('\n') + '\n' + text);
  await page.click('[data-testid=import-read]');
  await page.waitForSelector('[data-testid=import-found]');
  assert.equal(await page.inputValue('[data-testid=import-number]'), '/KH-UBND');
  assert.match(await page.inputValue('[data-testid=import-title]'), /^Phát động phong trào thi đua/);
  await page.fill('[data-testid=import-text]', 'KẾ HOẠCH\n\n### I. MỤC ĐÍCH, YÊU CẦU');
  await page.click('[data-testid=import-read]');
  await page.waitForSelector('[data-testid=import-none]');
  assert.equal(await page.locator('[data-testid=import-confirm]').count(), 0);
  // the file picker speaks Vietnamese
  assert.match(await page.textContent('.filepick'), /Chọn tệp…\s*Chưa chọn tệp nào/);
  await page.goto(base + '/#/');
  await page.waitForSelector('[data-testid=card]');
  assert.ok((await page.textContent('main')).includes('tăng từ 16%'));
  await context.close();
});

test('a plan uploaded as a Word file is read the same as pasted text', async () => {
  const seed = readFileSync(path.join(SOURCE, '..', 'shared', 'seed', '000_082d302336bb75a5.txt'), 'utf8');
  const lines = seed.split('\n').slice(39, 60);
  const { context, page } = await loginAs('vhxh');
  await page.goto(base + '/#/nhap-van-ban');
  await page.setInputFiles('[data-testid=import-file]', {
    name: 'ke-hoach.docx', buffer: docx(lines),
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  });
  assert.ok(await page.isDisabled('[data-testid=import-text]'), 'the text box gives way to the file');
  await page.click('[data-testid=import-read]');
  await page.waitForSelector('[data-testid=import-found]');
  const found = Number(/\d+/.exec(await page.textContent('[data-testid=import-found]'))[0]);
  assert.ok(found >= 15, `targets read from the Word file: ${found}`);
  assert.match(await page.textContent('[data-testid="import-row-2"] blockquote'), /Thu ngân sách Nhà nước/);
  // a file that is not what it says is refused with a message, not a blank page
  await page.setInputFiles('[data-testid=import-file]', { name: 'hong.docx', buffer: Buffer.from('không phải zip'),
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  await page.click('[data-testid=import-read]');
  assert.match(await page.textContent('[data-testid=import-error]'), /\.docx/);
  await context.close();
});

test('keyboard only: log in, reach the pages, and see where the focus is', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('input[name=username]');
  await page.keyboard.press('Tab');
  await page.keyboard.type('chutich');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=who]');
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.equal(focus.tag, 'A', 'the first link of the navigation takes the focus');
  assert.ok(focus.outline !== 'none' && focus.width >= 2, `a visible focus ring: ${JSON.stringify(focus)}`);
  await context.close();
});

test('colours pass WCAG AA contrast on the main pages', async () => {
  const { context, page } = await loginAs('vhxh');
  for (const [hash, ready] of [['#/', '[data-testid=card]'], ['#/chi-tieu/1.3.4', '[data-testid=verdict]'], ['#/duyet', 'h2'],
    ['#/nhap-lieu', 'table[data-loaded]:not([data-loaded=""])'], ['#/ke-hoach', '[data-testid=setup-save]'], ['#/nhat-ky', '[data-testid=audit-row]'],
    ['#/don-vi', '[data-testid=unit-row]'], ['#/van-ban', '[data-testid=plan-tasks]']]) {
    await page.goto(base + '/' + hash);
    await page.waitForSelector(ready);
    const failures = await page.evaluate(contrastFailures);
    assert.deepEqual(failures, [], `${hash}: text below the WCAG AA contrast`);
  }
  await context.close();
});

test('a reporter is refused the review page', async () => {
  const { context, page } = await loginAs('thaolai');
  await page.goto(base + '/#/duyet');
  await page.waitForSelector('[data-testid=forbidden]');
  assert.match(await page.textContent('[data-testid=forbidden]'), /không được dùng trang này/);
  assert.equal(await page.locator('nav >> text=Duyệt báo cáo').count(), 0);
  await context.close();
});

test('the phone layout: 360 px wide, nothing wider than the screen or its box', async () => {
  const { context, page } = await loginAs('chutich', { width: 360, height: 740 });
  await page.waitForSelector('[data-testid=card]');
  assert.deepEqual(await page.evaluate(phoneMisfits), [], 'the dashboard on a phone');
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png'), fullPage: false });
  await context.close();
  const officer = await loginAs('vhxh', { width: 360, height: 740 });
  for (const [hash, ready] of [['#/chi-tieu/1.3.4', '[data-testid=verdict]'], ['#/duyet', 'h2'],
    ['#/nhap-lieu', 'table[data-loaded]:not([data-loaded=""])'], ['#/ke-hoach', '[data-testid=setup-save]'], ['#/nhat-ky', '[data-testid=audit-row]']]) {
    await officer.page.goto(base + '/' + hash);
    await officer.page.waitForSelector(ready);
    assert.deepEqual(await officer.page.evaluate(phoneMisfits), [], `${hash} on a phone`);
  }
  await officer.context.close();
});

/** An API answer read with the page's own session. */
async function apiGet(page, url) {
  const r = await page.request.get(base + url);
  assert.equal(r.status(), 200, url);
  return r.json();
}
const leavesOf = (nodes) => nodes.flatMap((n) => (n.children.length ? leavesOf(n.children) : [n]));
const viNum = (s) => Number(s.replace(/\./g, '').replace(',', '.'));

test('a village reporter: its own targets and verdicts, a rate and a per-area figure in two parts, and the commune still judged right', async () => {
  const rep = await loginAs('thaolai');
  const page = rep.page;
  // the dashboard: the village's own targets, never the commune's as if they were its own
  await page.waitForSelector('[data-testid=card][data-code="1.3.4"]');
  const own = await apiGet(page, '/api/v1/plans/1/evaluation?period=2026&unit=thon-thai-lai');
  const mine = Object.fromEntries(leavesOf(own.indicators).map((n) => [n.code, n]));
  assert.equal(mine['1.3.4'].unit_target, true);
  const herd = page.locator('[data-testid=card][data-code="1.3.4"]');
  assert.match(await herd.locator('[data-testid=card-target]').textContent(), new RegExp(`giao cho đơn vị: ${mine['1.3.4'].target_text}`));
  assert.equal((await herd.locator('[data-testid=card-verdict]').textContent()).replace(/^\S+\s/, '').trim(), mine['1.3.4'].verdict_label);
  assert.doesNotMatch(await page.textContent('main'), /khoảng 8\.990 con/, 'the commune\'s herd target is not shown as the village\'s');
  // a target not handed to the village: its contribution, and no verdict
  const unassigned = leavesOf(own.indicators).find((n) => n.unit_target === false && n.actual !== null);
  assert.ok(unassigned, 'the village contributes to a target of the commune alone');
  const card = page.locator(`[data-testid=card][data-code="${unassigned.code}"]`);
  assert.match(await card.textContent(), /Không giao chỉ tiêu riêng cho đơn vị[\s\S]*Đơn vị đóng góp/);
  assert.equal(await card.locator('[data-testid=card-verdict]').count(), 0);
  // the tiles count what the cards say
  for (const v of ['exceeded', 'achieved']) {
    const n = Number(await page.textContent(`[data-testid=count-${v}]`));
    assert.equal(n, leavesOf(own.indicators).filter((x) => x.unit_target && x.verdict === v).length, v);
  }
  await page.screenshot({ path: path.join(SHOTS, 'reporter-dashboard.png'), fullPage: true });
  // the target's own page: the village's share, its chart told against it
  await page.click('[data-testid=card][data-code="1.3.4"] h3 a');
  await page.waitForSelector('[data-testid=verdict]');
  await page.waitForFunction(() => document.querySelector('[data-testid=detail-target]').textContent.includes('giao cho đơn vị'));
  assert.match(await page.textContent('[data-testid=detail-target]'), new RegExp(mine['1.3.4'].target_text));
  assert.match(await page.getAttribute('.chart[role=img] >> nth=0', 'aria-label'), new RegExp(`Mục tiêu: ${mine['1.3.4'].target_text}\\.`));
  assert.doesNotMatch(await page.textContent('main'), /8\.990/);

  // entry: November, with the unit of measure and October's figure beside each field
  await page.goto(base + '/#/nhap-lieu');
  await page.selectOption('[data-testid=entry-period]', '2026-11');
  await page.waitForSelector('table[data-loaded="thon-thai-lai|2026-11"]');
  const oct = await apiGet(page, '/api/v1/plans/1/values?unit=thon-thai-lai&period=2026-10&indicator=1.3.4');
  const herdRow = page.locator('tr[data-code="1.3.4"]');
  assert.match(await herdRow.textContent(), /con/);
  if (oct.items.length)
    assert.equal(viNum(/Tháng 10\/2026\): ([\d.,]+)/.exec(await herdRow.locator('[data-testid=entry-previous]').textContent())[1]), oct.items[0].value);
  assert.match(await herdRow.locator('[data-testid=entry-target]').textContent(), new RegExp(mine['1.3.4'].target_text));
  // the rice yield per hectare: the harvest and the area, not a bare 66
  const rice = page.locator('tr[data-code="1.3.2"]');
  assert.equal(await rice.locator('input[data-part]').count(), 2);
  assert.match(await rice.textContent(), /Tổng lượng \(tạ\)[\s\S]*Diện tích \(ha\)/);
  await rice.locator('input[data-part=numerator]').fill('1.650');
  await rice.locator('input[data-part=denominator]').fill('25');
  await page.waitForFunction(() => document.querySelector('tr[data-code="1.3.2"] [data-testid=entry-combined]').textContent.includes('66'));
  await page.click('button:has-text("Lưu nháp")');
  await page.waitForSelector('text=Đã lưu 1 số liệu.');
  const stored = (await apiGet(page, '/api/v1/plans/1/values?unit=thon-thai-lai&period=2026-11&indicator=1.3.2')).items[0];
  assert.deepEqual([stored.numerator, stored.denominator, stored.value], [1650, 25, 66]);
  // nothing changed: nothing saved, and it says so
  await page.click('button:has-text("Lưu nháp")');
  await page.waitForSelector('text=Không có số liệu nào thay đổi để lưu.');
  await page.screenshot({ path: path.join(SHOTS, 'entry-parts.png'), fullPage: true });
  await page.click('button:has-text("Gửi báo cáo")');
  await page.waitForSelector('text=Đã gửi');

  // a rate for the fourth quarter: numerator and denominator; over 100% refused with the reason
  await page.selectOption('[data-testid=entry-period]', '2026-Q4');
  await page.waitForSelector('table[data-loaded="thon-thai-lai|2026-Q4"]');
  const waste = page.locator('tr[data-code="14.2"]');
  assert.match(await waste.textContent(), /Tử số[\s\S]*Mẫu số/);
  await waste.locator('input[data-part=numerator]').fill('60');
  await waste.locator('input[data-part=denominator]').fill('50');
  await page.click('button:has-text("Lưu nháp")');
  assert.match(await waste.locator('[role=alert]').textContent(), /vượt quá 100%/);
  await waste.locator('input[data-part=numerator]').fill('45');
  await page.waitForFunction(() => /= 90 %/.test(document.querySelector('tr[data-code="14.2"] [data-testid=entry-combined]').textContent));
  await page.click('button:has-text("Lưu nháp")');
  await page.waitForSelector('text=Đã lưu 1 số liệu.');
  await page.click('button:has-text("Gửi báo cáo")');
  await page.waitForSelector('text=Đã gửi');

  // the office approves both reports
  const off = await loginAs('vhxh');
  for (const p of ['2026-11', '2026-Q4']) {
    await off.page.goto(base + '/#/duyet');
    await off.page.selectOption('[data-testid=review-period]', p);
    await off.page.waitForSelector('[data-testid=waiting-thon-thai-lai]');
    await off.page.click('[data-testid=waiting-thon-thai-lai] >> button:has-text("Duyệt cả báo cáo")');
    await off.page.waitForSelector('[data-testid=waiting-thon-thai-lai]', { state: 'detached' });
  }
  // the commune's yield is weighted by area, not added up: between the villages' own figures
  const h = await apiGet(off.page, '/api/v1/plans/1/indicators/1.3.2/history');
  const figures = h.units.map((u) => u.actual).filter((v) => typeof v === 'number');
  assert.ok(figures.length >= 2);
  assert.ok(h.year.actual >= Math.min(...figures) && h.year.actual <= Math.max(...figures), `${h.year.actual} within ${figures}`);
  assert.notEqual(h.year.verdict, 'no_data');
  // and the commune's card says what the engine says
  await off.page.goto(base + '/#/');
  await off.page.fill('[data-testid=search]', 'nang suat lua');
  await off.page.waitForSelector('[data-testid=card][data-code="1.3.2"]');
  const commune = leavesOf((await apiGet(off.page, '/api/v1/plans/1/evaluation?period=2026')).indicators).find((n) => n.code === '1.3.2');
  assert.equal(commune.verdict, h.year.verdict);
  assert.equal((await off.page.textContent('[data-testid=card][data-code="1.3.2"] [data-testid=card-verdict]')).replace(/^\S+\s/, '').trim(), commune.verdict_label);
  await rep.context.close();
  await off.context.close();
});

test('shares handed to villages in set-up: read live, saved, and the commune warned when they do not add up', async () => {
  const { context, page } = await loginAs('vhxh');
  const commune = async () => leavesOf((await apiGet(page, '/api/v1/plans/1/evaluation?period=2026')).indicators).find((n) => n.code === '1.3.5');
  assert.equal((await commune()).shares.matches, true, 'the demo shares add up');
  await page.goto(base + '/#/ke-hoach');
  await page.fill('[data-testid=setup-search]', 'trau bo');
  await page.click('[data-testid="shares-toggle-1.3.5"] summary');
  const input = page.locator('[data-testid="share-1.3.5-thon-thai-lai"]');
  await input.fill('từ 150 con trở lên');
  await page.waitForSelector('[data-testid="share-1.3.5-thon-thai-lai-preview"]');
  assert.match(await page.textContent('[data-testid="share-1.3.5-thon-thai-lai-preview"]'), /150/);
  await page.click('[data-testid="share-save-1.3.5-thon-thai-lai"]');
  await page.waitForSelector('[data-testid="shares-1.3.5"] >> text=Đã lưu.');
  // the indicator's roll-up and direction are shown and editable
  assert.equal(await page.inputValue('[data-testid="aggregation-1.3.5"]'), 'sum');
  assert.equal(await page.inputValue('[data-testid="direction-1.3.5"]'), 'higher');
  const after = await commune();
  // the set-up page says it too, beside the shares
  await page.waitForSelector('[data-testid=setup-shares-warning]');
  assert.equal((await page.textContent('[data-testid=setup-shares-warning]')).replace('⚠', '').trim(), after.shares.warning);
  await page.screenshot({ path: path.join(SHOTS, 'setup-shares.png'), fullPage: false });
  assert.equal(after.shares.matches, false);
  await page.goto(base + '/#/');
  await page.fill('[data-testid=search]', 'trau bo');
  await page.waitForSelector('[data-testid=card][data-code="1.3.5"] [data-testid=shares-warning]');
  assert.equal((await page.textContent('[data-testid=card][data-code="1.3.5"] [data-testid=shares-warning]')).replace('⚠', '').trim(), after.shares.warning);
  await context.close();
});

test('the unit × target table: units in Vietnamese order, filtered by verdict and unit', async () => {
  const { context, page } = await loginAs('chutich');
  await page.goto(base + '/#/don-vi');
  await page.waitForSelector('[data-testid=unit-row]');
  const names = await page.locator('[data-testid=unit-row] th').allTextContents();
  assert.deepEqual(names, [...names].sort(new Intl.Collator('vi').compare));
  assert.ok(names.includes('Thôn Thái Lai'));
  await page.selectOption('[data-testid=units-verdict]', 'exceeded');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=unit-row]').length > 0);
  const shown = await page.locator('td .verdict').allTextContents();
  assert.ok(shown.length > 0 && shown.every((v) => v.includes('Vượt')), shown.join('|'));
  await page.selectOption('[data-testid=units-unit]', 'thon-thai-lai');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=unit-row]').length === 1);
  await page.screenshot({ path: path.join(SHOTS, 'units.png'), fullPage: true });
  await context.close();
});

test('the new pages on a phone: 360 px, nothing wider than the screen, the menu folded', async () => {
  const boss = await loginAs('chutich', { width: 360, height: 740 });
  // the header and the folded menu leave the screen to the content
  const top = await boss.page.evaluate(() => document.querySelector('header.top').getBoundingClientRect().height);
  assert.ok(top < 110, `header ${top}px`);
  await boss.page.click('[data-testid=menu]');
  await boss.page.waitForSelector('nav.open >> text=Kết quả theo đơn vị');
  await boss.page.click('nav.open >> text=Kết quả theo đơn vị');
  await boss.page.waitForSelector('[data-testid=unit-row]');
  assert.equal(await boss.page.locator('nav.open').count(), 0, 'the menu folds after a choice');
  assert.deepEqual(await boss.page.evaluate(phoneMisfits), [], '#/don-vi on a phone');
  await boss.page.screenshot({ path: path.join(SHOTS, 'units-phone.png'), fullPage: false });
  await boss.page.goto(base + '/#/van-ban');
  await boss.page.waitForSelector('[data-testid=plan-deadlines]');
  assert.deepEqual(await boss.page.evaluate(phoneMisfits), [], '#/van-ban on a phone');
  await boss.context.close();
  const rep = await loginAs('thaolai', { width: 360, height: 740 });
  for (const [hash, ready, shot] of [['#/', '[data-testid=card]', 'reporter-dashboard-phone.png'],
    ['#/nhap-lieu', 'table[data-loaded]:not([data-loaded=""])', 'entry-phone.png']]) {
    await rep.page.goto(base + '/' + hash);
    await rep.page.waitForSelector(ready);
    assert.deepEqual(await rep.page.evaluate(phoneMisfits), [], `${hash} on a reporter's phone`);
    await rep.page.screenshot({ path: path.join(SHOTS, shot), fullPage: false });
  }
  // the entry table: a target's name on its own line, not one word a line
  const name = await rep.page.evaluate(() => { const td = document.querySelector('tr[data-code] td.name'); return [td.getBoundingClientRect().width, innerWidth]; });
  assert.ok(name[0] > name[1] * 0.8, `name cell ${name[0]}px of ${name[1]}`);
  await rep.context.close();
});

test('the plan as issued: deadlines with their last on-time day, the movements and who launched them, the duties', async () => {
  const { context, page } = await loginAs('xem');
  await page.goto(base + '/#/van-ban');
  await page.waitForSelector('[data-testid=plan-deadlines]');
  const plan = await apiGet(page, '/api/v1/plans/1');
  const unitReport = plan.deadlines.find((d) => d.kind === 'unit_report');
  const [y, m, d] = unitReport.last_on_time.split('-');
  assert.match(await page.textContent('[data-testid=plan-deadlines]'), new RegExp(`đến hết ngày ${d}/${m}/${y}`));
  const movements = await page.textContent('[data-testid=plan-movements]');
  for (const mv of plan.movements) assert.ok(movements.includes(mv.launched_by), mv.launched_by);
  assert.equal(await page.locator('[data-testid=plan-tasks] > li').count(), plan.tasks.length);
  await page.screenshot({ path: path.join(SHOTS, 'plan.png'), fullPage: true });
  await context.close();
});
