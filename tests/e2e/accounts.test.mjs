// accounts.test.mjs — accounts and evidence files in a real browser: a user changes its password
// from the header and logs in with the new one; the administrator disables an account (its open
// page is logged out), enables it, resets a password shown once, creates an account; a reporter
// attaches a photo to a figure and everyone who may see the figure finds it as a link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PASSWORD } from '../integration/helpers.mjs';
import { SHOTS, logIn, refusedLogIn, startApp } from './app.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

/** Nothing on the page is wider than the screen (a phone's 360 px). */
const fitsTheScreen = () => document.documentElement.scrollWidth <= innerWidth;

test('a user changes the password from the header and logs in with the new one', async () => {
  const { context, page } = await logIn(app, 'thaolai');
  await page.click('[data-testid=change-password]');
  await page.waitForSelector('[data-testid=password-form]');
  assert.equal(await page.textContent('h1'), 'Đổi mật khẩu');
  // refused before asking the server: too short, two different entries
  await page.fill('input[name=current]', PASSWORD);
  await page.fill('input[name=new]', 'ngan-qua');
  await page.fill('input[name=again]', 'ngan-qua');
  await page.click('[data-testid=password-form] button[type=submit]');
  assert.match(await page.textContent('[role=alert]'), /ít nhất 10 ký tự/);
  await page.fill('input[name=new]', 'mật khẩu mới 2026');
  await page.fill('input[name=again]', 'mật khẩu mới 2027');
  await page.click('[data-testid=password-form] button[type=submit]');
  assert.match(await page.textContent('[role=alert]'), /không giống nhau/);
  // refused by the server: the current password is wrong
  await page.fill('input[name=current]', 'khong-phai-mat-khau');
  await page.fill('input[name=again]', 'mật khẩu mới 2026');
  await page.click('[data-testid=password-form] button[type=submit]');
  await page.waitForSelector('text=mật khẩu hiện tại không đúng');
  await page.fill('input[name=current]', PASSWORD);
  await page.fill('input[name=new]', 'mật khẩu mới 2026');
  await page.fill('input[name=again]', 'mật khẩu mới 2026');
  await page.click('[data-testid=password-form] button[type=submit]');
  await page.waitForSelector('text=Đã đổi mật khẩu.');
  await page.screenshot({ path: path.join(SHOTS, 'password.png') });
  await page.click('button:has-text("Đăng xuất")');
  await page.waitForSelector('input[name=username]');
  await context.close();

  assert.match(await refusedLogIn(app, 'thaolai', PASSWORD), /sai tên đăng nhập/i);
  const again = await logIn(app, 'thaolai', { password: 'mật khẩu mới 2026', viewport: { width: 360, height: 740 } });
  assert.match(await again.page.textContent('[data-testid=who]'), /thôn Thái Lai/i); // the unit once: the name already says it
  await again.page.goto(app.base + '/#/doi-mat-khau');
  await again.page.waitForSelector('[data-testid=password-form]');
  assert.ok(await again.page.evaluate(fitsTheScreen), 'the password page on a phone');
  await again.page.screenshot({ path: path.join(SHOTS, 'password-phone.png') });
  await again.context.close();
});

test('the administrator disables an account, enables it, resets a password and creates an account', async () => {
  const admin = await logIn(app, 'admin');
  const victim = await logIn(app, 'laophu');
  await admin.page.click('nav >> a:has-text("Tài khoản")');
  await admin.page.waitForSelector('[data-testid=account]');
  const row = (name) => admin.page.locator(`[data-testid=account][data-username="${name}"]`);
  // roles and units as users know them
  assert.match(await row('laophu').textContent(), /Người báo cáo của đơn vị\s*Thôn Lão Phú\s*Đang hoạt động/);
  assert.doesNotMatch(await admin.page.textContent('[data-testid=accounts]'), /thon-|vh-xh|reporter/);
  await admin.page.screenshot({ path: path.join(SHOTS, 'accounts.png'), fullPage: true });

  admin.page.once('dialog', (d) => d.accept());
  await row('laophu').locator('button:has-text("Khóa")').click();
  await admin.page.waitForFunction(() => document.querySelector('[data-username=laophu]').textContent.includes('Đã khóa'));
  // the open page of the disabled account is logged out at the next request
  await victim.page.reload();
  await victim.page.waitForSelector('input[name=username]');
  assert.match(await refusedLogIn(app, 'laophu', PASSWORD), /đã bị khóa/);
  await row('laophu').locator('button:has-text("Mở khóa")').click();
  await admin.page.waitForFunction(() => document.querySelector('[data-username=laophu]').textContent.includes('Đang hoạt động'));
  await (await logIn(app, 'laophu')).context.close();

  // a reset: the generated password shown once works, the old one no longer
  admin.page.once('dialog', (d) => d.accept());
  await row('xem').locator('button:has-text("Đặt lại mật khẩu")').click();
  const secret = (await (await admin.page.waitForSelector('[data-testid=new-password] .secret')).textContent()).trim();
  assert.match(secret, /^[A-Za-z2-9]{14}$/);
  await admin.page.click('[data-testid=new-password] >> button:has-text("Đóng")');
  assert.equal(await admin.page.locator('[data-testid=new-password]').count(), 0);
  assert.match(await refusedLogIn(app, 'xem', PASSWORD), /sai tên đăng nhập/i);
  await (await logIn(app, 'xem', { password: secret })).context.close();

  // a new account for a village, chosen by its name
  const form = admin.page.locator('[data-testid=create-account]');
  await form.locator('input[name=username]').fill('laophong');
  await form.locator('input[name=display_name]').fill('Báo cáo viên thôn Lão Phong 1');
  await form.locator('select[name=role]').selectOption('reporter');
  await form.locator('select[name=org_unit]').selectOption({ label: 'Thôn Lão Phong 1' });
  await form.locator('input[name=password]').fill('mat-khau-dai-2026');
  await form.locator('button[type=submit]').click();
  await admin.page.waitForSelector('text=Đã tạo tài khoản laophong.');
  assert.match(await row('laophong').textContent(), /Thôn Lão Phong 1/);
  await (await logIn(app, 'laophong', { password: 'mat-khau-dai-2026' })).context.close();
  // the administrator's own row has no buttons to lock itself out
  assert.equal(await row('admin').locator('button').count(), 0);
  await admin.context.close();
  await victim.context.close();

  const phone = await logIn(app, 'admin', { viewport: { width: 360, height: 740 } });
  await phone.page.goto(app.base + '/#/tai-khoan');
  await phone.page.waitForSelector('[data-testid=account]');
  assert.ok(await phone.page.evaluate(fitsTheScreen), 'the accounts page on a phone');
  await phone.page.screenshot({ path: path.join(SHOTS, 'accounts-phone.png'), fullPage: true });
  await phone.context.close();
  // only the administrator has the page
  const officer = await logIn(app, 'vhxh');
  assert.equal(await officer.page.locator('nav >> a:has-text("Tài khoản")').count(), 0);
  await officer.page.goto(app.base + '/#/tai-khoan');
  await officer.page.waitForSelector('[data-testid=forbidden]');
  await officer.context.close();
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 1)]);

test('a reporter attaches a photo to a figure; a wrong file is refused with the reason; the file is a link on the target', async () => {
  const rep = await logIn(app, 'laophu');
  await rep.page.goto(app.base + '/#/nhap-lieu');
  await rep.page.selectOption('[data-testid=entry-period]', '2026-12');
  await rep.page.waitForSelector('table[data-loaded="thon-lao-phu|2026-12"]');
  const entryRow = rep.page.locator('[data-testid=entry-row]:has(input[data-code="1.3.1"])');
  // no figure yet: it is saved first
  assert.match(await entryRow.textContent(), /Lưu số liệu trước rồi đính kèm tệp/);
  await rep.page.locator('input[data-code="1.3.1"]').fill('220');
  await rep.page.click('button:has-text("Lưu nháp")');
  await rep.page.waitForSelector('text=Đã lưu 1 số liệu.');
  await entryRow.locator('summary').click(); // "Ghi chú · Minh chứng"
  await entryRow.locator('[data-testid=attach]').setInputFiles({ name: 'bien-ban.png', mimeType: 'text/plain', buffer: Buffer.from('không phải ảnh') });
  await entryRow.locator('.error').waitFor();
  assert.match(await entryRow.locator('.error').textContent(), /không phải tệp PDF, ảnh JPEG hay ảnh PNG/);
  await entryRow.locator('[data-testid=attach]').setInputFiles({ name: 'Ảnh đàn lợn.png', mimeType: 'image/png', buffer: PNG });
  await entryRow.locator('[data-testid=files] a').waitFor();
  assert.equal(await entryRow.locator('[data-testid=files] a').textContent(), 'Ảnh đàn lợn.png');
  assert.match(await entryRow.locator('[data-testid=files]').textContent(), /\(2 KB\)/);
  const download = rep.page.waitForEvent('download');
  await entryRow.locator('[data-testid=files] a').click();
  assert.equal((await download).suggestedFilename(), 'Ảnh đàn lợn.png');
  // a second file attached by mistake, then removed
  await entryRow.locator('[data-testid=attach]').setInputFiles({ name: 'nham.png', mimeType: 'image/png', buffer: PNG });
  await entryRow.locator('[data-testid=files] a:has-text("nham.png")').waitFor();
  rep.page.once('dialog', (d) => d.accept());
  await entryRow.locator('button[aria-label="Gỡ tệp nham.png"]').click();
  await entryRow.locator('text=Đã gỡ tệp nham.png.').waitFor();
  assert.deepEqual(await entryRow.locator('[data-testid=files] a').allTextContents(), ['Ảnh đàn lợn.png']);
  await rep.page.screenshot({ path: path.join(SHOTS, 'entry-files.png'), fullPage: true });
  await rep.page.click('button:has-text("Gửi báo cáo")');
  await rep.page.waitForSelector('text=Đã gửi 1 số liệu.');
  await rep.context.close();

  // the officer finds it with the figure to review, and on the target's page, as a link
  const off = await logIn(app, 'vhxh');
  await off.page.goto(app.base + '/#/duyet');
  await off.page.selectOption('[data-testid=review-period]', '2026-12');
  await off.page.waitForSelector('[data-testid=waiting-thon-lao-phu] [data-testid=files] a');
  assert.equal(await off.page.textContent('[data-testid=waiting-thon-lao-phu] [data-testid=files] a'), 'Ảnh đàn lợn.png');
  // submitted, the reporter can no longer remove it; nobody removes it from the review
  assert.equal(await off.page.locator('[data-testid=waiting-thon-lao-phu] [data-testid=files] button').count(), 0);
  await off.page.goto(app.base + '/#/chi-tieu/1.3.1');
  await off.page.waitForSelector('[data-testid=values] [data-testid=files] a');
  const link = off.page.locator('[data-testid=values] tr:has-text("Thôn Lão Phú") [data-testid=files] a');
  assert.equal(await link.count(), 1);
  assert.match(await link.getAttribute('href'), /^\/api\/v1\/evidence\/\d+$/);
  await off.context.close();
  // another village's reporter does not see it (thaolai's password is the one the first test set)
  const other = await logIn(app, 'thaolai', { password: 'mật khẩu mới 2026' });
  await other.page.goto(app.base + '/#/chi-tieu/1.3.1');
  await other.page.waitForSelector('[data-testid=values] tbody tr');
  assert.equal(await other.page.locator('[data-testid=values] [data-testid=files]').count(), 0);
  await other.context.close();
});
