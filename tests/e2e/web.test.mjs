// web.test.mjs — the web front end in a real browser: Debian's chromium driven by playwright-core,
// against the real server (the demo database, the built web/dist). Screenshots of the main pages
// go to build/screenshots/ (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.THIDUA_BIN ?? path.resolve('build/thidua');
const SOURCE = process.env.THIDUA_SOURCE ?? path.resolve('.');
const WEB = path.join(SOURCE, 'web', 'dist');
const SHOTS = path.join(SOURCE, 'build', 'screenshots');
const PASSWORD = 'thidua-demo-2026';

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
  for (const [name, label] of [['admin', 'Quản trị'], ['vhxh', 'Phòng Văn hóa'], ['thaolai', 'thon-thai-lai'], ['chutich', 'Chủ tịch'], ['xem', 'Người xem']]) {
    const { context, page } = await loginAs(name);
    const who = await page.textContent('[data-testid=who]');
    assert.ok(who.includes(label), `${name}: ${who}`);
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
  assert.ok(await page.locator('.chart canvas').count() > 0, 'an ECharts canvas');
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
  await off.page.goto(base + '/#/duyet');
  await off.page.selectOption('[data-testid=review-period]', '2026-12');
  await off.page.waitForSelector('[data-testid=waiting-thon-thai-lai]');
  await off.page.fill('[data-testid=comment-thon-thai-lai]', 'Diện tích quá lớn, kiểm tra lại');
  await off.page.click('[data-testid=waiting-thon-thai-lai] >> button:has-text("Trả lại")');
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
  await off.page.click('[data-testid=waiting-thon-thai-lai] >> button:has-text("Duyệt")');
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

test('a reporter is refused the review page', async () => {
  const { context, page } = await loginAs('thaolai');
  await page.goto(base + '/#/duyet');
  await page.waitForSelector('[data-testid=forbidden]');
  assert.match(await page.textContent('[data-testid=forbidden]'), /không được dùng trang này/);
  assert.equal(await page.locator('nav >> text=Duyệt báo cáo').count(), 0);
  await context.close();
});

test('the phone layout: 360 px wide, nothing wider than the screen', async () => {
  const { context, page } = await loginAs('chutich', { width: 360, height: 740 });
  await page.waitForSelector('[data-testid=card]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png'), fullPage: false });
  await context.close();
});
