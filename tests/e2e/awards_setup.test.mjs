// awards_setup.test.mjs — the set-up the award path needs, done from the web on the demo database:
// the office adds a person and finds them by a name typed without diacritics, corrects them, sets
// up a council whose members are then chosen for a session of review, edits a form of the
// catalogue; the admin records a merger and the merged unit's history carries its predecessor's
// award. A refused save keeps what was typed and shows the reason beside the form. A reporter
// sees none of it and is refused the addresses; the chairman reads without forms. Each tab at
// 360 px and in WCAG AA contrast. Screenshots go to build/screenshots/awards-setup-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, contrastFailures, logIn, phoneMisfits, startApp } from './app.mjs';
import { sql } from '../integration/helpers.mjs';

let app, officer, planId;
const PERSON = 'Nguyễn Thị Thu Hường';
const COUNCIL = 'Hội đồng Thi đua - Khen thưởng xã (kiểm thử trình duyệt)';
const TABS = [['hoi-dong', '[data-testid=council]'], ['ca-nhan', '[data-testid=person-row]'], ['danh-muc', '[data-testid=form-entry]'],
  ['hop-nhat', 'h2']];

before(async () => {
  app = await startApp();
  officer = await logIn(app, 'vhxh');
  planId = (await get(officer.page, '/api/v1/plans')).items[0].id;
});
after(async () => {
  await officer?.context.close();
  await app?.stop();
});

async function get(page, url) {
  const r = await page.request.get(app.base + url);
  assert.equal(r.status(), 200, `${url}: ${r.status()}`);
  return r.json();
}
async function tab(page, key, ready) {
  await page.goto(`${app.base}/#/khen-thuong/${key}`);
  await page.waitForSelector(ready, { state: 'attached' });
}
/** A change made with the page's session (its CSRF token), as the app makes it. */
async function send(page, method, url, body) {
  const r = await page.evaluate(async ([method, url, body]) => {
    const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('thidua.csrf') ?? '' },
      body: JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, [method, url, body]);
  assert.ok(r.status < 300, `${method} ${url}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const rowsShown = (page) => page.locator('[data-testid=person-row]').count();

test('persons: added, found by the name typed without diacritics, corrected; a refused change keeps what was typed', async () => {
  const { page } = officer;
  await tab(page, 'ca-nhan', '[data-testid=person-row]');
  const units = (await get(page, `/api/v1/plans/${planId}/org-units?limit=500`)).items;
  const [first, second] = units.filter((u) => u.code.startsWith('thon-'));
  const before = (await get(page, '/api/v1/awards/persons')).persons.length;
  assert.equal(await rowsShown(page), before, 'every person listed');
  assert.doesNotMatch(await page.textContent('[data-testid=persons]'), /thon-|khoi-|\bvp\b/, 'units by their names, never codes');

  await page.click('summary:has-text("Thêm cá nhân")');
  await page.fill('[data-testid=person-name]', PERSON);
  await page.selectOption('[data-testid=person-gender]', 'female');
  await page.fill('[data-testid=person-year]', '1850');
  await page.fill('[data-testid=person-job]', 'Chi hội trưởng Chi hội Phụ nữ');
  await page.selectOption('[data-testid=person-unit]', first.code);
  // the server refuses a year of birth before 1900: its reason beside the form, nothing lost
  await page.click('[data-testid=person-form] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=person-error]')).textContent(), /năm sinh phải từ 1900/i);
  assert.equal(await page.inputValue('[data-testid=person-name]'), PERSON);
  assert.equal(await page.inputValue('[data-testid=person-job]'), 'Chi hội trưởng Chi hội Phụ nữ');
  assert.equal(await page.inputValue('[data-testid=person-unit]'), first.code);
  await page.fill('[data-testid=person-year]', '1986');
  await page.click('[data-testid=person-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("Đã thêm ${PERSON}")`);
  const made = (await get(page, '/api/v1/awards/persons')).persons.find((p) => p.full_name === PERSON);
  assert.ok(made, 'the person is stored');
  assert.deepEqual([made.gender, made.birth_year, made.org_unit], ['female', 1986, first.code]);

  // typed without diacritics, as on a phone without Vietnamese input; "huong" matches "Hường" only
  await page.fill('[data-testid=person-search]', fold(PERSON));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=person-row]').length === 1);
  const row = page.locator(`[data-testid=person-row][data-id="${made.id}"]`);
  assert.match(await row.textContent(), new RegExp(`${PERSON}[\\s\\S]*Nữ[\\s\\S]*1986[\\s\\S]*${first.name}`));
  await page.fill('[data-testid=person-search]', 'thu huong');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=person-row]').length >= 1);
  assert.ok(await row.isVisible());
  // the unit filter narrows to that unit's people
  await page.fill('[data-testid=person-search]', '');
  await page.selectOption('[data-testid=person-filter-unit]', second.code);
  await page.waitForFunction((id) => !document.querySelector(`[data-testid=person-row][data-id="${id}"]`), made.id);
  await page.selectOption('[data-testid=person-filter-unit]', '');

  // corrected: another unit and job; a refused change first (a year of birth in letters)
  await page.fill('[data-testid=person-search]', 'huong');
  // by keyboard: the edit button opens the form on the name, Escape closes it back on the button
  await row.locator('[data-testid=person-edit]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'person-edit-name');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'person-edit');
  assert.equal(await page.locator('[data-testid=person-edit-form]').count(), 0);
  await row.locator('[data-testid=person-edit]').click();
  await page.fill('[data-testid=edit-job]', 'Chi hội trưởng Chi hội Phụ nữ thôn');
  await page.selectOption('[data-testid=edit-unit]', second.code);
  await page.selectOption('[data-testid=edit-gender]', ''); // cleared: not recorded
  await page.fill('[data-testid=edit-year]', '19x6');
  await page.click('[data-testid=person-edit-form] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=person-edit-error]')).textContent(), /Năm sinh/);
  assert.equal(await page.inputValue('[data-testid=edit-job]'), 'Chi hội trưởng Chi hội Phụ nữ thôn');
  await page.fill('[data-testid=edit-year]', '1986');
  await page.click('[data-testid=person-edit-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("Đã lưu thông tin của ${PERSON}")`);
  const now = (await get(page, '/api/v1/awards/persons')).persons.find((p) => p.id === made.id);
  assert.deepEqual([now.job_title, now.org_unit, now.birth_year, now.gender ?? null], ['Chi hội trưởng Chi hội Phụ nữ thôn', second.code, 1986, null]);
  assert.match(await row.textContent(), new RegExp(second.name));
  await page.screenshot({ path: path.join(SHOTS, 'awards-setup-persons.png'), fullPage: true });
});

test('an award from elsewhere (a city Bằng khen of 2025) recorded for the person; a refusal shown beside the form', async () => {
  const { page } = officer;
  const person = (await get(page, '/api/v1/awards/persons')).persons.find((p) => p.full_name === PERSON);
  await tab(page, 'lich-su', '[data-testid=history-search]');
  await page.click('summary:has-text("Ghi khen thưởng đã nhận ngoài phần mềm")');
  await page.selectOption('[data-testid=record-kind]', 'individual');
  await page.selectOption('[data-testid=record-person]', String(person.id));
  await page.selectOption('[data-testid=record-form-code]', 'bang_khen_thanh_pho');
  await page.fill('[data-testid=record-year]', '2O25');
  await page.fill('[data-testid=record-number]', '2345/QĐ-UBND');
  await page.fill('[data-testid=record-issuer]', 'Chủ tịch UBND thành phố Hải Phòng');
  await page.fill('[data-testid=record-achievement]', 'Có thành tích xuất sắc trong công tác Hội Phụ nữ năm 2025 (kiểm thử)');
  // no date of the decision: asked for as the user writes it, beside the form
  await page.click('[data-testid=record-form] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=record-error]')).textContent(), /ngày ký quyết định.*dd\/mm\/yyyy/);
  // a year with a letter O for a zero: the server's reason beside the form, what was typed kept
  await page.fill('[data-testid=record-form] input[placeholder="dd/mm/yyyy"]', '15/12/2025');
  await page.press('[data-testid=record-form] input[placeholder="dd/mm/yyyy"]', 'Tab');
  await page.click('[data-testid=record-form] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=record-error]:has-text("năm")')).textContent(), /cần năm của thành tích/);
  assert.equal(await page.inputValue('[data-testid=record-number]'), '2345/QĐ-UBND');
  assert.equal(await page.inputValue('[data-testid=record-achievement]'), 'Có thành tích xuất sắc trong công tác Hội Phụ nữ năm 2025 (kiểm thử)');
  await page.fill('[data-testid=record-year]', '2025');
  await page.click('[data-testid=record-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("${PERSON}")`);
  const row = page.locator('[data-testid=history-row]:has-text("Hội Phụ nữ năm 2025")');
  await row.waitFor();
  assert.match(await row.textContent(), /Bằng khen[\s\S]*2025[\s\S]*2345\/QĐ-UBND · 15\/12\/2025[\s\S]*Chủ tịch UBND thành phố Hải Phòng/);
  // the persons' list leads to each one's history
  await tab(page, 'ca-nhan', '[data-testid=person-row]');
  await page.click(`[data-testid=person-row][data-id="${person.id}"] [data-testid=person-history]`);
  await page.waitForSelector('[data-testid=history-row]:has-text("Hội Phụ nữ năm 2025")');
  assert.equal(await page.inputValue('[data-testid=history-search]'), PERSON);
  const h = (await get(page, `/api/v1/awards/history?person=${person.id}`)).entries;
  assert.deepEqual(h.map((e) => [e.source, e.form, e.year, e.decision_date]), [['recorded', 'bang_khen_thanh_pho', 2025, '2025-12-15']]);
});

test('a council set up with its members, then chosen for a new session of review', async () => {
  const { page } = officer;
  await tab(page, 'hoi-dong', '[data-testid=council]');
  const persons = (await get(page, '/api/v1/awards/persons')).persons;
  const added = persons.find((p) => p.full_name === PERSON);
  const others = persons.filter((p) => p.id !== added.id).slice(0, 2);
  await page.click('summary:has-text("Lập hội đồng")');
  await page.fill('[data-testid=council-name]', COUNCIL);
  await page.fill('[data-testid=council-decision]', '12/QĐ-UBND');
  await page.click('[data-testid=member-add]');
  const people = page.locator('[data-testid=member-person]'), roles = page.locator('[data-testid=member-role]');
  await people.nth(0).selectOption(String(others[0].id));
  await roles.nth(0).selectOption('chair');
  await people.nth(1).selectOption(String(others[1].id));
  await roles.nth(1).selectOption('member');
  // the same person twice: refused beside the form, nothing typed lost
  await people.nth(2).selectOption(String(others[1].id));
  await roles.nth(2).selectOption('secretary');
  await page.click('[data-testid=council-form] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=council-error]')).textContent(), /hai lần/);
  assert.equal(await page.inputValue('[data-testid=council-name]'), COUNCIL);
  assert.equal(await people.count(), 3);
  await people.nth(2).selectOption(String(added.id));
  // a name of blanks: the server's reason; the members chosen stay chosen
  await page.fill('[data-testid=council-name]', '   ');
  await page.click('[data-testid=council-form] button[type=submit]');
  await page.waitForSelector('[data-testid=council-error]:has-text("cần tên hội đồng")');
  assert.deepEqual(await people.evaluateAll((els) => els.map((e) => e.value)), [others[0].id, others[1].id, added.id].map(String));
  assert.equal(await roles.nth(2).inputValue(), 'secretary');
  await page.fill('[data-testid=council-name]', COUNCIL);
  await page.click('[data-testid=council-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("Đã lập ${COUNCIL}")`);
  const tile = page.locator(`[data-testid=council]:has(h3:text-is("${COUNCIL}"))`);
  const text = await tile.textContent();
  assert.match(text, new RegExp(`${others[0].full_name}[\\s\\S]*Chủ tịch Hội đồng`));
  assert.match(text, new RegExp(`${PERSON}[\\s\\S]*Thư ký`));
  assert.match(text, /12\/QĐ-UBND/);
  const stored = (await get(page, '/api/v1/awards/councils')).councils.find((c) => c.name === COUNCIL);
  assert.deepEqual(stored.members.map((m) => [m.person_id, m.role]),
    [[others[0].id, 'chair'], [others[1].id, 'member'], [added.id, 'secretary']]);

  // chosen for a new session: its members are the ones present, the session is held by it; the
  // session reviews one nomination at least, so one is made and sent to the council first
  const nom = (await send(page, 'POST', '/api/v1/awards/nominations', { nominee_kind: 'individual', person_id: added.id, form: 'giay_khen',
    year: 2026, achievement: 'Vận động hội viên tham gia xây dựng nông thôn mới (kiểm thử hội đồng)', proposed_by: added.org_unit })).nomination;
  await send(page, 'POST', `/api/v1/awards/nominations/${nom.id}/submit`, {});
  await tab(page, 'binh-xet', `[data-testid=session-form] select option:text-is("${COUNCIL}")`);
  await page.waitForSelector(`[data-testid=session-nomination][data-id="${nom.id}"]`, { state: 'attached' });
  await page.click('summary:has-text("Mở phiên họp bình xét")');
  await page.selectOption('[data-testid=session-form] select >> nth=0', { label: COUNCIL });
  const present = await page.textContent('[data-testid=session-form] fieldset >> nth=0');
  for (const name of [others[0].full_name, others[1].full_name, PERSON]) assert.ok(present.includes(name), `${name} among the members present`);
  await page.fill('[data-testid=session-form] label:has-text("Địa điểm") input', 'Hội trường UBND xã');
  await page.check(`[data-testid=session-nomination][data-id="${nom.id}"]`);
  await page.click('[data-testid=session-form] button[type=submit]');
  await page.waitForSelector(`[data-testid=session] h3:text-is("${COUNCIL}")`);
  assert.match(await page.textContent('[data-testid=session]'), new RegExp(`${PERSON}[\\s\\S]*Thư ký`));
});

test('the catalogue: a form edited by the office, its conditions in words; a refused save keeps the form open', async () => {
  const { page } = officer;
  await tab(page, 'danh-muc', '[data-testid=form-entry]');
  const entry = page.locator('[data-testid=form-entry][data-code=giay_khen]');
  assert.match(await entry.textContent(), /Giấy khen của Chủ tịch Ủy ban nhân dân xã[\s\S]*Xã quyết định/);
  assert.doesNotMatch(await page.textContent('main'), /giay_khen|lao_dong_tien_tien|\bcommune\b|\bboth\b/, 'no codes shown');
  await entry.locator('[data-testid=form-edit-open]').click();
  const criteria = 'Tập thể, cá nhân có thành tích tiêu biểu, xuất sắc; tập thể hoàn thành tốt nhiệm vụ trở lên (kiểm thử)';
  await page.fill('[data-testid=form-criteria]', criteria);
  await page.fill('[data-testid=form-interval]', '2');
  // a name of blanks: the server's reason, the other fields as typed
  const name = await page.inputValue('[data-testid=form-name]');
  await page.fill('[data-testid=form-name]', '   ');
  await page.click('[data-testid=form-edit] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=form-error]')).textContent(), /cần tên hình thức khen thưởng/);
  assert.equal(await page.inputValue('[data-testid=form-criteria]'), criteria);
  assert.equal(await page.inputValue('[data-testid=form-interval]'), '2');
  await page.fill('[data-testid=form-name]', name);
  await page.click('[data-testid=form-edit] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("Đã lưu ${name}")`);
  assert.match(await entry.locator('[data-testid=form-conditions]').textContent(), /cách lần tặng trước ít nhất 2 năm/);
  assert.equal((await entry.locator('[data-testid=form-criteria-text]').textContent()).trim(), criteria);
  const stored = (await get(page, '/api/v1/awards/catalogue')).forms.find((f) => f.code === 'giay_khen');
  assert.equal(stored.interval_years, 2);
  assert.equal(stored.criteria, criteria);
  assert.equal(stored.min_classification, 'tot', 'what was not touched is kept');
  assert.equal(stored.local, true);

  // a form added (powers move): named by the office, coded by the page, offered to nominations
  const count = (await get(page, '/api/v1/awards/catalogue')).forms.length;
  await page.click('[data-testid=form-add]');
  await page.fill('[data-testid=form-name]', 'Giấy khen của Đảng ủy xã (kiểm thử)');
  await page.selectOption('[data-testid=form-subject]', 'individual');
  await page.fill('[data-testid=form-conferred]', 'Ban Thường vụ Đảng ủy xã');
  await page.uncheck('[data-testid=form-local]');
  await page.click('[data-testid=form-edit] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Đã lưu Giấy khen của Đảng ủy xã (kiểm thử)")');
  const forms = (await get(page, '/api/v1/awards/catalogue')).forms;
  assert.equal(forms.length, count + 1, 'added, none replaced');
  const added = forms.find((f) => f.name === 'Giấy khen của Đảng ủy xã (kiểm thử)');
  assert.deepEqual([added.subject, added.local, added.conferred_by, added.active], ['individual', false, 'Ban Thường vụ Đảng ủy xã', true]);
  assert.match(await page.textContent(`[data-testid=form-entry][data-code="${added.code}"]`), /Xã đề nghị cấp trên[\s\S]*Cá nhân/);
  await tab(page, 'de-nghi', '[data-testid=nomination]');
  await page.click('summary:has-text("Lập đề nghị khen thưởng")');
  // for persons only, as set: offered once the nominee is a person
  await page.selectOption('[data-testid=nominee-kind]', 'collective');
  assert.equal(await page.locator(`[data-testid=nominee-form] option[value="${added.code}"]`).count(), 0);
  await page.selectOption('[data-testid=nominee-kind]', 'individual');
  await page.waitForSelector(`[data-testid=nominee-form] option[value="${added.code}"]`, { state: 'attached' });
  assert.equal((await page.textContent(`[data-testid=nominee-form] option[value="${added.code}"]`)).trim(), 'Giấy khen của Đảng ủy xã (kiểm thử)');
});

test('a merger recorded by the admin: the merged unit\'s history shows its predecessor\'s award', async () => {
  const admin = await logIn(app, 'admin');
  const { page } = admin;
  // the page asks before a merger that changes the histories; the admin says yes, having read it
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.message()); d.accept(); });
  const recorded = (await get(page, '/api/v1/awards/history?org_unit=thon-thai-lai')).entries;
  assert.ok(recorded.length > 0, 'the demo records an award of Thôn Thái Lai');
  const units = (await get(page, `/api/v1/plans/${planId}/org-units?limit=500`)).items;
  const from = units.find((u) => u.code === 'thon-thai-lai');
  const into = units.find((u) => u.code.startsWith('thon-') && u.code !== from.code);
  await tab(page, 'hop-nhat', 'h2');
  await page.click('summary:has-text("Ghi việc hợp nhất đơn vị")');
  await page.selectOption('[data-testid=merger-into]', into.code);
  await page.fill('[data-testid=merger-form] input[aria-label="Ngày hợp nhất"]', '01/07/2025');
  // none chosen: refused beside the form
  await page.click('[data-testid=merger-form] button[type=submit]');
  assert.match(await (await page.waitForSelector('[data-testid=merger-error]')).textContent(), /ít nhất một đơn vị/);
  await page.check(`[data-testid=merger-from][data-code="${from.code}"]`);
  await page.click('[data-testid=merger-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("${into.name}")`);
  assert.deepEqual(asked, [`Ghi ${from.name} hợp nhất vào ${into.name} từ ngày 01/07/2025? Lịch sử khen thưởng của ${into.name} sẽ gồm cả của các đơn vị này.`]);
  assert.equal((await page.textContent(`[data-testid=merger][data-into="${into.code}"]`)).trim(),
    `${from.name} hợp nhất vào ${into.name} từ ngày 01/07/2025`);
  // the history of the unit after the merger: the predecessor's award, marked as inherited
  await tab(page, 'lich-su', '[data-testid=history-unit]');
  await page.selectOption('[data-testid=history-unit]', into.code);
  const inherited = page.locator(`[data-testid=history-row]:has-text("${recorded[0].achievement.slice(0, 40)}")`);
  await inherited.first().waitFor();
  assert.match(await inherited.first().textContent(), new RegExp(`Kế thừa từ: ${from.name}[\\s\\S]*01/07/2025`));
  await admin.context.close();
});

test('who sees the set-up: a reporter neither sees it nor opens it; the chairman reads without forms; the officer records no merger', async () => {
  const rep = await logIn(app, 'thaolai');
  await tab(rep.page, 'de-nghi', 'nav.tabs');
  assert.equal(await rep.page.locator('[data-testid=setup-tabs]').count(), 0);
  for (const [key] of TABS) {
    await rep.page.goto(`${app.base}/#/khen-thuong/${key}`);
    await rep.page.waitForSelector('[data-testid=forbidden]');
    assert.equal(await rep.page.locator('form').count(), 0, `${key}: no form for a reporter`);
  }
  await rep.context.close();
  const boss = await logIn(app, 'chutich');
  for (const [key, ready] of TABS) {
    await tab(boss.page, key, ready);
    assert.match(await boss.page.textContent('[data-testid=setup-tabs]'), /Hội đồng thi đua[\s\S]*Danh sách cá nhân[\s\S]*Danh mục khen thưởng[\s\S]*Hợp nhất đơn vị/);
    assert.equal(await boss.page.locator('main form').count(), 0, `${key}: the chairman reads, no form`);
    assert.equal(await boss.page.locator('[data-testid=person-edit], [data-testid=form-edit-open]').count(), 0);
  }
  assert.ok(await boss.page.locator(`[data-testid=merger]`).count() > 0, 'the merger recorded is listed');
  await boss.context.close();
  await tab(officer.page, 'hop-nhat', 'h2');
  assert.equal(await officer.page.locator('[data-testid=merger-form]').count(), 0, 'only the admin records a merger');
});

test('a commune without a council yet: the review sends the office to set one up, which starts empty', async () => {
  // the demo without its council (and the session it held): as a commune starting out
  const bare = await startApp({ setup: (db) => assert.equal(sql(db, 'UPDATE nomination SET session_id = NULL; DELETE FROM session_item; '
    + 'DELETE FROM session_member; DELETE FROM council_session; DELETE FROM council_member; DELETE FROM council;').code, 0) });
  try {
    const { page, context } = await logIn(bare, 'vhxh');
    await page.goto(`${bare.base}/#/khen-thuong/binh-xet`);
    await page.waitForSelector('[data-testid=no-council]');
    assert.equal(await page.locator('[data-testid=session-form]').count(), 0);
    await page.click('[data-testid=no-council] a');
    await page.waitForSelector('[data-testid=council-form]', { state: 'attached' });
    assert.match(await page.textContent('main'), /Chưa có hội đồng nào/);
    assert.equal(await page.locator('[data-testid=council]').count(), 0);
    await context.close();
  } finally { await bare.stop(); }
});

test('the set-up tabs on a phone (360 px) and in WCAG AA contrast', async () => {
  for (const [key, ready] of TABS) {
    await tab(officer.page, key, ready);
    assert.deepEqual(await officer.page.evaluate(contrastFailures), [], `${key}: text below the WCAG AA contrast`);
  }
  const phones = [await logIn(app, 'vhxh', { viewport: { width: 360, height: 740 } }),
    await logIn(app, 'admin', { viewport: { width: 360, height: 740 } })];
  for (const [n, phone] of phones.entries()) {
    for (const [key, ready] of TABS) {
      await tab(phone.page, key, ready);
      // every folded form unfolded, and an edit form open: they too must fit
      await phone.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      if (key === 'ca-nhan') await phone.page.locator('[data-testid=person-edit]').first().click();
      if (key === 'danh-muc') await phone.page.locator('[data-testid=form-edit-open]').first().click();
      assert.deepEqual(await phone.page.evaluate(phoneMisfits), [], `${key} on a phone`);
      assert.deepEqual(await phone.page.evaluate(contrastFailures), [], `${key} on a phone: contrast`);
      await phone.page.screenshot({ path: path.join(SHOTS, `awards-setup-${key}-phone${n ? '-admin' : ''}.png`), fullPage: false });
    }
    await phone.context.close();
  }
});
