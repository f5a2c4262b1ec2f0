// city.test.mjs — the city officer's pages in a real browser: the demo commune (Kiến Hải) and a
// dozen generated communes of the same city; the communes side by side, the city roll-up with
// its distribution chart and laggards, the communes' reports against 15/12; on a desktop and on
// a 360 px phone. What the pages show is compared with what the API answers the same account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { run } from '../integration/helpers.mjs';
import { SHOTS, logIn, phoneMisfits, startApp } from './app.mjs';

const CITY = 'thành phố Hải Phòng';
const PASSWORD = 'mat-khau-thanh-pho-2026';
let app;
before(async () => {
  app = await startApp({
    setup: (db) => {
      const cli = (args, input) => assert.equal(run(['--db', db, ...args], { input }).code, 0, args.join(' '));
      cli(['demo', 'generate', '--communes', '12', '--units', '3', '--months', '12', '--seed', '3']);
      cli(['user', 'add', 'thanhpho', '--role', 'city', '--city', CITY], `${PASSWORD}\n`);
      cli(['user', 'add', 'vp-an-hai', '--role', 'officer', '--commune', 'sinh-an-hai'], `${PASSWORD}\n`);
    },
  });
});
after(async () => { await app?.stop(); });

const viNum = (s) => Number(s.trim().replace(/\./g, '').replace(',', '.'));

async function apiGet(page, url) {
  const r = await page.request.get(app.base + url);
  assert.equal(r.status(), 200, url);
  return r.json();
}

test('a city officer sees the communes side by side, opens one, and writes nowhere', async () => {
  const { context, page } = await logIn(app, 'thanhpho', { password: PASSWORD });
  // its home is the communes of its city; the commune pages that write are not in its menu
  await page.waitForSelector('[data-testid=city-commune]');
  assert.equal(await page.textContent('h1'), 'Các xã');
  const nav = await page.$$eval('#main-nav a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(nav.slice(0, 3), ['Các xã', 'Tổng hợp chỉ tiêu', 'Báo cáo của các xã']);
  assert.ok(!nav.includes('Nhập số liệu') && !nav.includes('Duyệt báo cáo') && !nav.includes('Tài khoản'), nav.join(', '));
  assert.match(await page.textContent('[data-testid=city-name]'), /thành phố Hải Phòng — Năm 2026 · 13 xã/i);

  const api = await apiGet(page, '/api/v1/city/communes?period=2026');
  const rows = await page.$$('[data-testid=city-commune]');
  assert.equal(rows.length, 13);
  for (const c of api.communes) {
    const row = await page.$(`[data-testid=city-commune][data-commune="${c.code}"]`);
    assert.ok(row, c.name);
    for (const v of ['exceeded', 'achieved', 'not_achieved', 'no_data'])
      assert.equal(viNum(await row.$eval(`[data-testid=count-${v}]`, (e) => e.textContent)), c.counts[v], `${c.name} ${v}`);
  }
  // sorted by the share achieved, the first row is the best commune
  await page.selectOption('[data-testid=city-sort]', 'achieved');
  const share = (c) => (c.counts.exceeded + c.counts.achieved) / c.counts.total;
  const best = [...api.communes].sort((a, b) => share(b) - share(a))[0];
  assert.equal(await page.getAttribute('[data-testid=city-commune]:first-child', 'data-commune'), best.code);
  // another period asks the server again
  await page.selectOption('[data-testid=city-period]', '2026-Q1');
  await page.waitForFunction(() => document.querySelector('[data-testid=city-name]').textContent.includes('quý I/2026'));
  await page.screenshot({ path: path.join(SHOTS, 'city-communes.png'), fullPage: false });

  // a commune's name opens that commune's own dashboard, read-only
  await page.click('[data-testid=city-commune][data-commune=sinh-binh-hai] button');
  await page.waitForSelector('[data-testid=card]');
  assert.equal(new URL(page.url()).hash, '#/xa');
  assert.equal((await page.$$('[data-testid=forbidden]')).length, 0);
  // the plan chosen is that commune's, named by its issuer; a link leads back to the city
  assert.match(await page.$eval('[data-testid=plan] option:checked', (o) => o.textContent), /^Ủy ban nhân dân xã Bình Hải — /);
  await page.click('[data-testid=back-to-city]');
  await page.waitForSelector('[data-testid=city-commune]');
  await page.click('[data-testid=city-commune][data-commune=sinh-binh-hai] button');
  await page.waitForSelector('[data-testid=card]');
  // the pages that write refuse it
  await page.goto(app.base + '/#/nhap-lieu');
  await page.waitForSelector('[data-testid=forbidden]');
  await context.close();
});

test('the city roll-up: a target across the communes, its distribution and its laggards', async () => {
  const { context, page } = await logIn(app, 'thanhpho', { password: PASSWORD });
  await page.goto(app.base + '/#/thanh-pho/tong-hop');
  await page.waitForSelector('[data-testid=rollup-row]');
  const api = await apiGet(page, '/api/v1/city/rollup?period=2026');
  assert.equal((await page.$$('[data-testid=rollup-row]')).length, api.targets.length);
  // the pig herd ("khoảng 8.990 con"): counts, the chart, the laggards of the API
  const herd = api.targets.find((x) => x.code === '1.3.4');
  await page.selectOption('[data-testid=rollup-target]', '1.3.4');
  await page.waitForFunction(() => document.querySelector('[data-testid=rollup-detail] h2').textContent.startsWith('1.3.4.'));
  assert.equal((await page.textContent('[data-testid=rollup-achieved]')).trim(), `${herd.exceeded + herd.achieved}/${herd.communes} xã đạt`);
  const row = await page.$('[data-testid=rollup-row][data-code="1.3.4"]');
  for (const v of ['exceeded', 'achieved', 'not_achieved', 'no_data'])
    assert.equal(viNum(await row.$eval(`[data-testid=count-${v}]`, (e) => e.textContent)), herd[v], v);
  const chart = await page.waitForSelector('[data-testid=rollup-detail] .chart canvas');
  assert.ok(chart);
  assert.match(await page.getAttribute('[data-testid=rollup-detail] .chart', 'aria-label'), /Phân bố kết quả của các xã: Đàn lợn/);
  const laggards = await page.$$eval('[data-testid=laggards] li', (li) => li.map((l) => l.textContent));
  assert.equal(laggards.length, herd.laggards.length);
  herd.laggards.forEach((l, i) => assert.ok(laggards[i].startsWith(`${l.name}:`), laggards[i]));
  await page.screenshot({ path: path.join(SHOTS, 'city-rollup.png'), fullPage: false });
  // a yes/no target has no distribution to chart
  await page.click('[data-testid=rollup-row][data-code="1.3.7"] button');
  await page.waitForFunction(() => document.querySelector('[data-testid=rollup-detail] h2').textContent.startsWith('1.3.7.'));
  assert.equal(await page.$('[data-testid=rollup-detail] .chart'), null);
  await context.close();
});

test("the communes' reports against the deadline of 15/12", async () => {
  // one commune issues its consolidated report (through the API, as its office does)
  const office = await logIn(app, 'vp-an-hai', { password: PASSWORD });
  const planId = (await apiGet(office.page, '/api/v1/plans')).items[0].id;
  const issued = await office.page.request.post(`${app.base}/api/v1/plans/${planId}/reports/consolidated/issue?period=2026&date=2026-12-14`,
    { headers: { 'X-CSRF-Token': await office.page.evaluate(() => sessionStorage.getItem('thidua.csrf')) } });
  assert.equal(issued.status(), 201, await issued.text());
  const doc = (await issued.json()).document;
  await office.context.close();
  const { context, page } = await logIn(app, 'thanhpho', { password: PASSWORD });
  await page.goto(app.base + '/#/thanh-pho/bao-cao');
  await page.waitForSelector('[data-testid=report-row]');
  const api = await apiGet(page, '/api/v1/city/reports?period=2026');
  assert.match(await page.textContent('[data-testid=report-deadline]'), /trước ngày 15\/12\/2026 \(ngày cuối còn đúng hạn: 14\/12\/2026\)/);
  assert.equal((await page.$$('[data-testid=report-row]')).length, 13);
  for (const c of api.communes)
    assert.equal(await page.getAttribute(`[data-testid=report-row][data-commune="${c.code}"]`, 'data-status'), c.status, c.name);
  for (const s of ['on_time', 'late', 'overdue', 'pending'])
    assert.equal(viNum(await page.textContent(`[data-testid=report-count-${s}] b`)), api.counts[s], s);
  // the issued report: on time, its number a link to the document as issued
  assert.equal(await page.getAttribute('[data-testid=report-row][data-commune=sinh-an-hai]', 'data-status'), 'on_time');
  const link = await page.$('[data-testid=report-row][data-commune=sinh-an-hai] [data-testid=report-document]');
  assert.equal((await link.textContent()).trim(), doc.number_text);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /BC-UBND-2026\.docx$/);
  // a count filters the table by its status
  const status = api.communes[0].status;
  await page.click(`[data-testid=report-count-${status}]`);
  const shown = await page.$$eval('[data-testid=report-row]', (r) => r.map((x) => x.dataset.status));
  assert.ok(shown.length > 0 && shown.every((s) => s === status), shown.join(','));
  await context.close();
});

test("the city officer's pages on a 360 px phone", async () => {
  const { context, page } = await logIn(app, 'thanhpho', { password: PASSWORD, viewport: { width: 360, height: 740 } });
  for (const [hash, ready] of [['#/thanh-pho', '[data-testid=city-commune]'], ['#/thanh-pho/tong-hop', '[data-testid=rollup-detail] .chart canvas'],
    ['#/thanh-pho/bao-cao', '[data-testid=report-row]']]) {
    await page.goto(app.base + '/' + hash);
    await page.waitForSelector(ready);
    assert.deepEqual(await page.evaluate(phoneMisfits), [], `${hash} on a phone`);
    await page.screenshot({ path: path.join(SHOTS, `city-phone-${hash.split('/').pop()}.png`), fullPage: false });
  }
  // the side-by-side table fits without scrolling sideways: the verdicts are their icons
  await page.goto(app.base + '/#/thanh-pho');
  await page.waitForSelector('[data-testid=city-commune]');
  const fits = await page.$eval('[data-testid=city-communes]', (t) => t.scrollWidth <= t.parentElement.clientWidth + 1);
  assert.ok(fits, 'the communes table is no wider than the phone');
  await context.close();
});
