// reminders.test.mjs — reminders before a deadline in a real browser, on 02/12/2026 in Vietnam
// (the units' report is due "trước ngày 05/12/2026", November's figures by 05/12): the office sets
// a unit's contact on the units set-up tab, sees the near deadlines with the units that have not
// reported, sends the reminders now through a real SMTP server (STARTTLS) and reads the log; a
// reporter sees a banner for its own unit only. Desktop and a 360 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../integration/helpers.mjs';
import { certificate, freePort, received, smtpServer } from '../integration/smtp.mjs';
import { SHOTS, logIn, startApp } from './app.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'thidua-e2e-smtp-'));
const mailbox = path.join(dir, 'mail.jsonl');
let app, smtp;

before(async () => {
  const tls = certificate(dir), port = await freePort();
  smtp = await smtpServer(null, port, tls, mailbox);
  app = await startApp({
    // 03:00 UTC is 10:00 in Vietnam, 02/12/2026
    env: { THIDUA_NOW: '2026-12-02T03:00:00Z' },
    setup: (db) => {
      const r = run(['--db', db, 'remind', 'smtp', `url=smtp://127.0.0.1:${port}`, 'sender=vanhoa@kienhai.example.vn',
        'name=UBND xã Kiến Hải', 'user=vanhoa-mailer', 'password=-', `ca=${tls.cert}`], { input: 'mật-khẩu-thư-2026\n' });
      assert.equal(r.code, 0, r.stderr);
    },
  });
});
after(async () => {
  await app?.stop();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const fitsTheScreen = () => document.documentElement.scrollWidth <= innerWidth;

test('the office sets a contact, sees who has not reported, sends the reminders now and reads the log', async () => {
  const { context, page } = await logIn(app, 'vhxh');
  assert.equal(await page.locator('[data-testid=reminder-banner]').count(), 0, 'no banner for the office');
  // the contact, on the units set-up tab
  await page.goto(app.base + '/#/ke-hoach');
  await page.click('role=tab[name="Đơn vị thực hiện"]');
  const row = page.locator('[data-testid=unit-row][data-unit=thon-thai-lai]');
  await row.locator('input[name=contact-person]').fill('Nguyễn Văn An');
  await row.locator('input[name=contact-email]').fill('thailai@example.vn');
  await row.locator('input[name=contact-phone]').fill('0912 345 678');
  await row.locator('[data-testid=save-contact]').click();
  assert.equal(await page.textContent('[data-testid=contact-message]'), 'Đã lưu người liên hệ của Thôn Thái Lai.');
  // an address that is not one is refused with the server's reason
  await row.locator('input[name=contact-email]').fill('thai lai@example');
  await row.locator('[data-testid=save-contact]').click();
  await page.waitForSelector('text=không phải một địa chỉ e-mail');
  await row.locator('input[name=contact-email]').fill('thailai@example.vn');
  await row.locator('[data-testid=save-contact]').click();
  await page.waitForSelector('[data-testid=contact-message]');

  await page.click('nav >> text=Nhắc hạn');
  await page.waitForSelector('[data-testid=deadline]');
  assert.equal(await page.textContent('h1'), 'Nhắc hạn');
  const year = page.locator('[data-testid=deadline][data-deadline=unit_report]');
  assert.equal(await year.locator('h3').textContent(), 'Báo cáo kết quả thực hiện kế hoạch năm 2026 — trước ngày 05/12/2026');
  assert.match(await year.textContent(), /còn 2 ngày; ngày cuối cùng được tính đúng hạn: 04\/12\/2026/);
  const thaiLai = year.locator('[data-testid=reminder-unit][data-unit=thon-thai-lai]');
  assert.match(await thaiLai.textContent(), /Thôn Thái Lai.*1\/11 chỉ tiêu.*Nguyễn Văn An.*thailai@example\.vn.*0912 345 678/s);
  assert.match(await year.locator('[data-testid=reminder-unit][data-unit=thon-lao-phu]').textContent(), /chưa có e-mail/);

  await page.click('[data-testid=send-now]');
  await page.waitForSelector('[data-testid=reminder-message]');
  // the year's report and November's figures, both due, in one e-mail to the unit
  assert.equal(await page.textContent('[data-testid=reminder-message]'), 'Đã gửi 1 e-mail nhắc hạn.');
  const mails = received(mailbox);
  assert.deepEqual(mails.map((m) => m.to[0]), ['thailai@example.vn']);
  assert.match(mails[0].subject, /năm 2026 \(trước ngày 05\/12\/2026\) và số liệu tháng 11\/2026 .* - Thôn Thái Lai$/);
  assert.match(await thaiLai.textContent(), /5 ngày trước hạn: Đã gửi/);
  const log = page.locator('[data-testid=reminder-log] tbody tr');
  assert.equal(await log.count(), 2);
  assert.match(await log.first().textContent(), /Thôn Thái Lai.*thailai@example\.vn.*Đã gửi/s);
  // again: nothing is due twice
  await page.click('[data-testid=send-now]');
  await page.waitForSelector('text=Không có e-mail nhắc hạn nào đến lượt gửi.');
  assert.equal(received(mailbox).length, 1);

  // the schedule
  await page.fill('[data-testid=schedule-days]', 'năm');
  await page.click('[data-testid=save-schedule]');
  assert.match(await (await page.waitForSelector('[role=alert]')).textContent(), /^Số ngày trước hạn: ghi các số nguyên/);
  await page.fill('[data-testid=schedule-days]', '7, 2');
  await page.click('[data-testid=save-schedule]');
  await page.waitForSelector('text=Đã lưu lịch nhắc hạn.');
  assert.equal(await page.inputValue('[data-testid=schedule-days]'), '7, 2');
  await page.screenshot({ path: path.join(SHOTS, 'reminders.png'), fullPage: true });
  await context.close();

  const phone = await logIn(app, 'vhxh', { viewport: { width: 360, height: 740 } });
  await phone.page.goto(app.base + '/#/nhac-han');
  await phone.page.waitForSelector('[data-testid=deadline]');
  assert.ok(await phone.page.evaluate(fitsTheScreen), 'the reminders page on a phone');
  await phone.page.screenshot({ path: path.join(SHOTS, 'reminders-phone.png'), fullPage: true });
  await phone.context.close();
});

test("a reporter sees a banner for its own unit's near deadlines, on every page and on a phone", async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const { context, page } = await logIn(app, 'thaolai', { viewport });
    await page.waitForSelector('[data-testid=reminder-banner]');
    const banners = page.locator('[data-testid=reminder-banner]');
    const texts = await banners.allTextContents();
    assert.ok(texts.length >= 2);
    const year = await page.textContent('[data-testid=reminder-banner][data-deadline=unit_report]');
    assert.match(year, /^Còn 2 ngày đến hạn nộp báo cáo kết quả thực hiện kế hoạch năm 2026 \(trước ngày 05\/12\/2026\)/);
    assert.match(year, /Thôn Thái Lai còn 1 trong 11 chỉ tiêu chưa gửi số liệu\./);
    assert.ok(texts.every((x) => x.includes('Thôn Thái Lai') && !x.includes('Lão Phú')), 'its own unit only');
    assert.match(await page.textContent('[data-testid=reminder-banner][data-deadline="month:2026-11"]'),
      /^Còn 3 ngày đến hạn nộp số liệu tháng 11\/2026 \(chậm nhất ngày 05\/12\/2026\)/);
    await page.click('[data-testid=reminder-banner] >> text=Nhập số liệu ngay');
    await page.waitForURL(/#\/nhap-lieu$/);
    assert.ok(await page.locator('[data-testid=reminder-banner]').count() >= 2, 'the banner stays on the entry page');
    assert.ok(await page.evaluate(fitsTheScreen), `the banner at ${viewport.width} px`);
    await page.screenshot({ path: path.join(SHOTS, `reminder-banner-${viewport.width}.png`) });
    await context.close();
  }
  const other = await logIn(app, 'laophu');
  await other.page.waitForSelector('[data-testid=reminder-banner]');
  assert.ok((await other.page.locator('[data-testid=reminder-banner]').allTextContents()).every((x) => x.includes('Thôn Lão Phú') && !x.includes('Thái Lai')));
  await other.context.close();
});
