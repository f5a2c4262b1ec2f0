// awards.test.mjs — the award path in a real browser, on the demo database: the office scores a
// block and reads the ranking, nominates and reads each check's reason, records the council's
// vote with its quorum, drafts the decision; the chairman issues it (numbered, then immutable),
// downloads a Giấy khen, revokes an award with a reason; anyone without an account reads the
// public page (awardees, never a year of birth); a person's history is found without diacritics.
// Each page also at 360 px. Screenshots go to build/screenshots/awards-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHOTS, contrastFailures, logIn, phoneMisfits, startApp, watchPolicy } from './app.mjs';

let app, officer, chairman, commune, planId;
// what the path creates, carried from one step to the next
const made = { unit: '', unitName: '', link: '', achievement: 'Dẫn đầu khối thi đua năm 2026, hoàn thành xuất sắc các chỉ tiêu được giao (kiểm thử trình duyệt)',
  nomination: 0, decision: 0, number: '' };
const REASON = 'Phát hiện kê khai thành tích không đúng sự thật (kiểm thử)';

before(async () => {
  app = await startApp();
  officer = await logIn(app, 'vhxh');
  chairman = await logIn(app, 'chutich');
  // the pages confirm what cannot be undone (issue, close, revoke); the test says yes
  for (const s of [officer, chairman]) s.page.on('dialog', (d) => d.accept());
  commune = (await get(officer.page, '/api/v1/communes')).items[0].code;
  planId = (await get(officer.page, '/api/v1/plans')).items[0].id;
});
after(async () => {
  await officer?.context.close();
  await chairman?.context.close();
  await app?.stop();
});

/** An API answer read with the page's own session. */
async function get(page, url) {
  const r = await page.request.get(app.base + url);
  assert.equal(r.status(), 200, `${url}: ${r.status()}`);
  return r.json();
}
const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `awards-${name}.png`), fullPage: true });
async function tab(page, key, ready) {
  await page.goto(`${app.base}/#/khen-thuong/${key}`);
  await page.waitForSelector(ready, { state: 'attached' });
}
/** "Nguyễn Thị Hoa" → "nguyen thi hoa", as a person types it on a phone without Vietnamese input. */
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const viNum = (x) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(x);

test('block scores: the ranking with each derived score\'s formula and the ties stated; a hand score with its note moves the total', async () => {
  const { page } = officer;
  await tab(page, 'cham-diem', '[data-testid=rank-row]');
  const block = await page.inputValue('[data-testid=score-block]');
  const period = await page.inputValue('[data-testid=score-period]');
  const url = `/api/v1/plans/${planId}/awards/scores?block=${block}&period=${period}`;
  const before = await get(page, url);
  assert.ok(before.units.length >= 2, 'a block of several units');
  const table = await page.textContent('[data-testid=ranking]');
  for (const u of before.units) assert.ok(table.includes(u.org_unit_name), `${u.org_unit_name} in the ranking`);
  assert.doesNotMatch(table, /thon-|khoi-/, 'units by their names, never their codes');
  // a derived score says how it was reached; the rank, the total and the classification shown
  assert.match(await page.textContent('[data-testid=formula]'), /\d.*chỉ tiêu/);
  const first = page.locator('[data-testid=rank-row]').first();
  assert.equal((await first.locator('[data-testid=rank]').textContent()).trim(), before.units[0].rank_text);
  assert.equal((await first.locator('[data-testid=total]').textContent()).trim(), before.units[0].total_text);
  assert.equal((await first.locator('[data-testid=classification]').textContent()).trim(), before.units[0].classification_label);
  // the demo's ranking holds a tie, stated in words and as a shared rank
  assert.ok(before.ties.length > 0, 'the demo ranks two units equal');
  assert.match(await page.textContent('[data-testid=ties]'), /đồng hạng/i);
  assert.ok(before.units.some((u) => u.tied && /đồng hạng/i.test(u.rank_text)));
  await shot(page, 'scores');

  // the last unit gets the most of a hand-scored criterion, typed with a decimal comma
  const crit = before.criteria.find((c) => c.kind === 'manual');
  const last = before.units[before.units.length - 1];
  const old = last.lines.find((l) => l.criterion === crit.code).points;
  const points = crit.max_points - 0.5;
  await page.selectOption('[data-testid=score-form] select >> nth=0', last.org_unit);
  await page.selectOption('[data-testid=score-form] select >> nth=1', crit.code);
  await page.fill('[data-testid=score-points]', viNum(points));
  await page.fill('[data-testid=score-note]', 'Biên bản kiểm tra ngày 10/12/2026 (kiểm thử)');
  await page.click('[data-testid=score-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("${viNum(points)} điểm")`);
  const after = await get(page, url);
  const now = after.units.find((u) => u.org_unit === last.org_unit);
  assert.ok(Math.abs(now.total - (last.total + points - old)) < 1e-9, `total ${last.total} + ${points} - ${old} = ${now.total}`);
  const row = page.locator(`[data-testid=rank-row][data-unit="${last.org_unit}"]`);
  assert.equal((await row.locator('[data-testid=total]').textContent()).trim(), now.total_text);
  assert.match(await row.textContent(), /Biên bản kiểm tra ngày 10\/12\/2026/);
  // a score above the criterion's maximum is refused with the server's reason
  await page.fill('[data-testid=score-points]', viNum(crit.max_points + 1));
  await page.click('[data-testid=score-form] button[type=submit]');
  await page.waitForSelector('[role=alert]');
  // the block's scoring table edited: a bonus criterion added becomes a column of the ranking
  await page.click('[data-testid=scoring-edit]');
  await page.click('[data-testid=criterion-add]');
  await page.locator('[data-testid=criterion-name]').last().fill('Sáng kiến được công nhận (kiểm thử)');
  await page.locator('[data-testid=criterion-kind]').last().selectOption('bonus');
  await page.locator('[data-testid=criterion-max]').last().fill('2,5');
  await page.click('[data-testid=scoring-form] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Đã lưu bảng chấm điểm")');
  assert.match(await page.textContent('[data-testid=ranking] thead'), /Sáng kiến được công nhận \(kiểm thử\)[\s\S]*Điểm tối đa 2,5/);
  made.unit = after.units[0].org_unit;
  made.link = `${block}|${period}`;
  made.unitName = after.units[0].org_unit_name;
});

test('nominations: each check with its reason, the duplicate award flagged, a dossier file, then to the council', async () => {
  const { page } = officer;
  await tab(page, 'de-nghi', '[data-testid=nomination]');
  // the demo's duplicate: flagged, and its check says why
  const dup = page.locator('[data-testid=nomination]:has([data-testid=duplicate])').first();
  await dup.locator('summary').click();
  const dupCheck = dup.locator('[data-testid=check][data-code=duplicate]');
  assert.match(await dupCheck.textContent(), /Không đạt/);
  assert.ok((await dupCheck.locator('.reason').textContent()).trim().length > 10, 'the duplicate check gives its reason');

  // a collective nominated from the ranking: the block's first unit
  await page.click('summary:has-text("Lập đề nghị khen thưởng")');
  await page.selectOption('[data-testid=nominee-kind]', 'collective');
  await page.selectOption('[data-testid=nominee-unit]', made.unit);
  await page.selectOption('[data-testid=nominee-form]', 'giay_khen');
  await page.selectOption('[data-testid=nominee-proposer]', made.unit);
  await page.selectOption('[data-testid=nominee-link]', made.link);
  await page.fill('[data-testid=nominee-achievement]', made.achievement);
  await page.click('[data-testid=nomination-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("${made.unitName}")`);
  const mine = page.locator(`[data-testid=nomination]:has-text("${made.achievement}")`);
  made.nomination = Number(await mine.getAttribute('data-id'));
  assert.equal(await mine.getAttribute('data-status'), 'proposed');
  assert.match(await mine.textContent(), /Đề nghị mới/);
  // the ranking it rests on, in words
  assert.match(await mine.textContent(), /[Hh]ạng 1\/\d/);
  // every check shows its result and a reason in words
  const checks = mine.locator('[data-testid=check]');
  assert.ok(await checks.count() >= 3, 'several checks');
  for (const c of await checks.all()) assert.ok((await c.locator('.reason').textContent()).trim().length > 5, await c.textContent());
  assert.match(await mine.locator('[data-testid=check][data-code=duplicate]').textContent(), /Đạt/);
  // the báo cáo thành tích attached as a PDF
  await mine.locator('[data-testid=nomination-file]').setInputFiles({ name: 'bao-cao-thanh-tich.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
  await page.waitForSelector('[role=status]:has-text("bao-cao-thanh-tich.pdf")');
  assert.equal(await mine.locator('a:has-text("bao-cao-thanh-tich.pdf")').count(), 1);
  assert.match(await mine.locator('ul.files').textContent(), /Báo cáo thành tích: bao-cao-thanh-tich\.pdf/);
  // a file that is not what it says is refused with the server's reason
  await mine.locator('[data-testid=nomination-file-kind]').selectOption('to_trinh');
  await mine.locator('[data-testid=nomination-file]').setInputFiles({ name: 'to-trinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
  await page.waitForSelector('[role=alert]');
  await shot(page, 'nominations');
  await mine.locator('[data-testid=nomination-submit]').click();
  await page.waitForSelector('[role=status]:has-text("hội đồng")');
  assert.match(await page.locator(`[data-testid=nomination][data-id="${made.nomination}"] [data-testid=nomination-state]`).textContent(), /Đang xét/);
  // an individual not yet on record: added, then nominated
  await page.click('summary:has-text("Thêm cá nhân")');
  await page.fill('[data-testid=person-name]', 'Lê Thị Thu Hà');
  await page.fill('[data-testid=person-form] input[inputmode=numeric]', '1979');
  await page.selectOption('[data-testid=person-form] select >> nth=1', made.unit);
  await page.click('[data-testid=person-form] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Đã thêm Lê Thị Thu Hà")');
  assert.equal(await page.inputValue('[data-testid=nominee-kind]'), 'individual');
  assert.match(await page.locator('[data-testid=nominee-person] option:checked').textContent(), /Lê Thị Thu Hà/);
  await page.selectOption('[data-testid=nominee-form]', 'giay_khen');
  await page.fill('[data-testid=nominee-achievement]', 'Vận động 30 hộ tham gia mô hình phân loại rác tại nguồn (kiểm thử)');
  await page.click('[data-testid=nomination-form] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Lê Thị Thu Hà")');
  assert.equal(await page.locator('[data-testid=nomination] h3:has-text("Lê Thị Thu Hà")').count(), 1);
  // under review, it is on the public page for anyone to see (and object to)
  const visitor = await app.browser.newContext({ locale: 'vi-VN' });
  const pub = await visitor.newPage();
  watchPolicy(app, pub);
  await pub.goto(`${app.base}/cong-khai/${commune}`);
  await pub.waitForSelector('[data-testid=public-review]');
  assert.match(await pub.textContent('[data-testid=public-review]'), new RegExp(`${made.unitName}[\\s\\S]*${made.achievement.slice(0, 25)}`));
  await visitor.close();
});

test('the council: members present, the quorum and the threshold stated, a tally that fails then one that passes, the minutes', async () => {
  const { page } = officer;
  await tab(page, 'binh-xet', 'h2');
  await page.click('summary:has-text("Mở phiên họp bình xét")');
  await page.fill('[data-testid=session-form] input:not([type=checkbox]) >> nth=1', 'Hội trường UBND xã');
  await page.check(`[data-testid=session-nomination][data-id="${made.nomination}"]`);
  await page.click('[data-testid=session-form] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Đã mở phiên họp")');
  const s = page.locator('[data-testid=session]');
  assert.equal(await s.getAttribute('data-status'), 'open');
  assert.match(await s.locator('[data-testid=rule]').textContent(), /\d\/\d/);
  assert.match(await s.locator('[data-testid=quorum]').textContent(), /\d+\/\d+ thành viên/);
  const session = (await get(page, '/api/v1/awards/sessions')).sessions.at(-1);
  const item = s.locator(`[data-testid=vote-item][data-id="${made.nomination}"]`);
  // one vote for: below the threshold, not passed
  await item.locator('[data-testid=vote-yes]').fill('1');
  await item.locator('[data-testid=vote-no]').fill(String(session.n_present - 1));
  await item.locator('[data-testid=vote-abstain]').fill('0');
  await item.locator('[data-testid=vote-save]').click();
  await page.waitForSelector('[role=status]:has-text("Đã ghi phiếu")');
  assert.equal(await item.locator('[data-testid=vote-result]').getAttribute('class'), 'error');
  // everyone present for: passed
  await item.locator('[data-testid=vote-yes]').fill(String(session.n_present));
  await item.locator('[data-testid=vote-no]').fill('0');
  await item.locator('[data-testid=vote-save]').click();
  await page.waitForFunction((id) => document.querySelector(`[data-testid=vote-item][data-id="${id}"] [data-testid=vote-result]`)?.className === 'ok', made.nomination);
  assert.match(await item.locator('[data-testid=vote-result]').textContent(), /Thông qua/);
  await shot(page, 'session');
  await page.click('[data-testid=session-close]');
  await page.waitForSelector('[data-testid=session][data-status=closed]');
  const minutes = await page.request.get(app.base + await page.getAttribute('[data-testid=minutes]', 'href'));
  assert.equal(minutes.status(), 200);
  assert.equal((await minutes.body()).subarray(0, 2).toString(), 'PK', 'the minutes as a DOCX');
  const proposal = await page.request.get(app.base + await page.getAttribute('[data-testid=proposal]', 'href'));
  assert.equal(proposal.status(), 200);
  assert.equal((await proposal.body()).subarray(0, 2).toString(), 'PK', 'the tờ trình to the chairman as a DOCX');
});

test('the decision: drafted by the office, issued by the chairman with a number, then immutable; a certificate downloaded', async () => {
  const { page } = officer;
  await tab(page, 'quyet-dinh', 'h2');
  // a draft made by mistake is deleted, and its nomination is free for the next one
  await page.check(`[data-testid=draft-nomination][data-id="${made.nomination}"]`);
  await page.fill('[data-testid=decision-signer]', 'Nguyễn Văn Thắng');
  await page.click('[data-testid=decision-form] button[type=submit]');
  await page.waitForSelector('[data-testid=decision][data-status=draft]');
  await page.click('[data-testid=decision-delete]');
  await page.waitForSelector('[role=status]:has-text("Đã xóa dự thảo")');
  assert.equal(await page.locator('[data-testid=decision][data-status=draft]').count(), 0);
  await page.check(`[data-testid=draft-nomination][data-id="${made.nomination}"]`);
  await page.fill('[data-testid=decision-signer]', 'Nguyễn Văn Thắng');
  await page.click('[data-testid=decision-form] button[type=submit]');
  await page.waitForSelector('[data-testid=decision][data-status=draft]');
  assert.match(await page.textContent('[data-testid=decision-number]'), /số sẽ cấp khi ban hành/);
  assert.equal(await page.locator('[data-testid=decision-issue]').count(), 0, 'the office drafts; only the chairman issues');
  made.decision = (await get(page, '/api/v1/awards/decisions')).decisions.find((d) => d.status === 'draft'
    && d.awardees.some((a) => a.nomination_id === made.nomination)).id;

  const boss = chairman.page;
  await tab(boss, 'quyet-dinh', '[data-testid=decision]');
  await boss.selectOption('[data-testid=decision-choice]', String(made.decision));
  await boss.waitForSelector('[data-testid=decision-issue]');
  const issued = (await get(boss, '/api/v1/awards/decisions')).decisions.filter((d) => d.number).map((d) => d.number);
  await boss.click('[data-testid=decision-issue]');
  await boss.waitForSelector('[data-testid=decision][data-status=issued]');
  made.number = (await boss.textContent('[data-testid=decision-number]')).replace(/^Số /, '').trim();
  assert.match(made.number, /^\d{2,}\/QĐ-UBND$/);
  assert.ok(!issued.includes(made.number), `a new number: ${made.number} after ${issued}`);
  assert.equal(await boss.locator('[data-testid=decision-issue]').count(), 0, 'issued once');
  assert.match(await boss.textContent('[data-testid=decision]'), /không sửa được/);
  // the server refuses a second issue too (immutable, not only hidden)
  const again = await boss.request.post(`${app.base}/api/v1/awards/decisions/${made.decision}/issue`,
    { headers: { 'X-CSRF-Token': await boss.evaluate(() => sessionStorage.getItem('thidua.csrf')) }, data: { signed_on: '2026-12-20' } });
  assert.equal(again.status(), 409);
  await shot(boss, 'decision');

  // the awardee's Giấy khen as a PDF, through the page's own link
  const [download] = await Promise.all([boss.waitForEvent('download'), boss.click('[data-testid=certificate-one] >> nth=0')]);
  const pdf = readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF', 'a PDF');
  const all = await boss.request.get(app.base + await boss.getAttribute('[data-testid=certificates-all]', 'href'));
  assert.equal((await all.body()).subarray(0, 4).toString(), '%PDF', 'the whole decision as one PDF');
  const docx = await boss.request.get(app.base + await boss.getAttribute('[data-testid=decision-docx]', 'href'));
  assert.equal((await docx.body()).subarray(0, 2).toString(), 'PK', 'the decision as a DOCX');
});

test('revoked with a reason: the decision page and the unit\'s history show it', async () => {
  const boss = chairman.page;
  await boss.selectOption('[data-testid=revoke-target]', String(made.nomination));
  await boss.click('[data-testid=revoke]');
  await boss.waitForSelector('[role=alert]:has-text("lý do")'); // refused without a reason
  await boss.fill('[data-testid=revoke-reason]', REASON);
  await boss.click('[data-testid=revoke]');
  await boss.waitForSelector('[role=status]:has-text("Đã hủy khen thưởng")');
  assert.match(await boss.textContent('[data-testid=awardee].revoked'), new RegExp(REASON.slice(0, 20)));
  assert.equal(await boss.locator('[data-testid=awardee].revoked [data-testid=certificate-one]').count(), 0, 'no certificate for a revoked award');

  const { page } = officer;
  await tab(page, 'lich-su', '[data-testid=history-unit]');
  await page.selectOption('[data-testid=history-unit]', made.unit);
  await page.waitForSelector('[data-testid=history-row][data-status=revoked]');
  const row = page.locator('[data-testid=history-row][data-status=revoked]').first();
  assert.match(await row.textContent(), new RegExp(`${made.number.replace('/', '\\/')}[\\s\\S]*${REASON.slice(0, 20)}`));
});

test('the public page, without signing in: under review, then each decision\'s awardees; no year of birth', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  watchPolicy(app, page);
  // from the log-in page, without an account
  await page.goto(`${app.base}/`);
  await page.click(`[data-testid=public-commune][href="/cong-khai/${commune}"]`);
  await page.waitForSelector('[data-testid=public-decision]');
  assert.equal(new URL(page.url()).pathname, `/cong-khai/${commune}`);
  assert.equal(await page.locator('input[name=password]').count(), 0, 'no log-in asked');
  const text = await page.textContent('main');
  const decisions = (await get(officer.page, '/api/v1/awards/decisions')).decisions.filter((d) => d.status !== 'draft');
  const first = decisions.find((d) => d.number === '01/QĐ-UBND');
  assert.ok(first && first.awardees.length >= 3, 'the demo decision 01/QĐ-UBND with three awardees or more');
  for (const a of first.awardees) assert.ok(text.includes(a.name), `${a.name} on the public page`);
  assert.ok(text.includes(made.number), 'the decision just issued');
  assert.match(await page.textContent(`[data-testid=public-awardee]:has-text("${made.achievement.slice(0, 30)}")`), /đã hủy/);
  // what it must not show: a person's year of birth (nor the fields that carry it in the API)
  const persons = (await get(officer.page, '/api/v1/awards/persons')).persons;
  const awarded = persons.filter((p) => p.birth_year && decisions.some((d) => d.awardees.some((a) => a.name === p.full_name)));
  assert.ok(awarded.length > 0, 'an individual awardee with a year of birth on record');
  for (const p of awarded) assert.ok(!text.includes(String(p.birth_year)), `${p.full_name}'s year of birth ${p.birth_year} not shown`);
  const raw = await (await page.request.get(`${app.base}/api/v1/public/${commune}/awards`)).text();
  assert.doesNotMatch(raw, /birth_year|gender|person_id|job_title/);
  assert.ok((await page.locator('[data-testid=public-story]').count()) >= 1, 'a good example');
  assert.deepEqual(await page.evaluate(contrastFailures), [], 'the public page: text below the WCAG AA contrast');
  await page.screenshot({ path: path.join(SHOTS, 'awards-public.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  assert.deepEqual(await page.evaluate(phoneMisfits), [], 'the public page on a phone');
  await page.screenshot({ path: path.join(SHOTS, 'awards-public-phone.png'), fullPage: false });
  await context.close();
});

test('a person\'s award history, found by the name typed without diacritics, exported as CSV', async () => {
  const { page } = officer;
  const decision = (await get(page, '/api/v1/awards/decisions')).decisions.find((d) => d.number === '01/QĐ-UBND');
  const person = decision.awardees.find((a) => a.nominee_kind === 'individual');
  assert.ok(person, 'an individual among the demo awardees');
  await tab(page, 'lich-su', '[data-testid=history-search]');
  await page.selectOption('[data-testid=history-unit]', '');
  await page.fill('[data-testid=history-search]', fold(person.name));
  await page.waitForSelector(`[data-testid=history-row]:has-text("${person.name}")`);
  assert.match(await page.textContent('[data-testid=history]'), /01\/QĐ-UBND/);
  assert.match(await page.textContent('[data-testid=history]'), /\d{2}\/\d{2}\/\d{4}/, 'the decision date as dd/mm/yyyy');
  const csv = await page.request.get(app.base + await page.getAttribute('[data-testid=history-csv]', 'href'));
  assert.equal(csv.status(), 200);
  const body = (await csv.body()).toString('utf8');
  assert.ok(body.includes(person.name), 'the CSV holds the name with its diacritics');
  // a city's Bằng khen received before thidua, recorded by the office, joins the unit's history
  await page.click('summary:has-text("Ghi khen thưởng đã nhận ngoài phần mềm")');
  await page.selectOption('[data-testid=record-kind]', 'collective');
  await page.selectOption('[data-testid=record-unit]', made.unit);
  await page.selectOption('[data-testid=record-form-code]', 'bang_khen_thanh_pho');
  await page.fill('[data-testid=record-year]', '2025');
  await page.fill('[data-testid=record-number]', '1234/QĐ-UBND');
  await page.fill('[data-testid=record-form] input[placeholder="dd/mm/yyyy"]', '20/12/2025');
  await page.press('[data-testid=record-form] input[placeholder="dd/mm/yyyy"]', 'Tab');
  await page.fill('[data-testid=record-issuer]', 'Chủ tịch UBND thành phố Hải Phòng');
  await page.fill('[data-testid=record-achievement]', 'Dẫn đầu phong trào xây dựng nông thôn mới năm 2025 (kiểm thử)');
  await page.click('[data-testid=record-form] button[type=submit]');
  await page.waitForSelector(`[role=status]:has-text("${made.unitName}")`);
  await page.waitForSelector('[data-testid=history-row]:has-text("1234/QĐ-UBND")');
  assert.match(await page.textContent('[data-testid=history-row]:has-text("1234/QĐ-UBND")'), /20\/12\/2025[\s\S]*thành phố Hải Phòng/);
  await shot(page, 'history');
});

test('a good example written by the office, published, and read on the public page', async () => {
  const { page } = officer;
  const title = 'Chi hội Phụ nữ thôn Thái Lai thu gom rác thải nhựa đổi cây xanh (kiểm thử)';
  await tab(page, 'guong', 'h2');
  await page.click('summary:has-text("Viết gương điển hình")');
  await page.fill('[data-testid=story-title]', title);
  await page.selectOption('[data-testid=story-kind]', 'model');
  await page.fill('[data-testid=story-body]', 'Mỗi tháng một lần, hội viên đổi 5 kg rác thải nhựa lấy một cây giống.');
  await page.click('[data-testid=story-form] button[type=submit]');
  const story = page.locator(`[data-testid=story]:has-text("${title}")`);
  await story.waitFor();
  assert.equal(await story.getAttribute('data-status'), 'draft');
  const visitor = await app.browser.newContext({ locale: 'vi-VN' });
  const pub = await visitor.newPage();
  watchPolicy(app, pub);
  await pub.goto(`${app.base}/cong-khai/${commune}`);
  await pub.waitForSelector('[data-testid=public-story]');
  assert.ok(!(await pub.textContent('main')).includes(title), 'a draft is not public');
  await story.locator('[data-testid=story-publish]').click();
  await page.waitForSelector(`[data-testid=story][data-status=published]:has-text("${title}")`);
  await pub.reload();
  await pub.waitForSelector(`[data-testid=public-story]:has-text("${title}")`);
  assert.match(await pub.textContent(`[data-testid=public-story]:has-text("${title}")`), /Mô hình mới, cách làm hay/);
  // the commune chooses not to list nominations under review: the public page leaves the section out
  assert.equal(await pub.locator('[data-testid=public-review-heading]').count(), 1);
  await page.uncheck('[data-testid=disclosure-review]');
  await page.click('[data-testid=disclosure-form] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Đã lưu thời gian công khai")');
  await pub.reload();
  await pub.waitForSelector('[data-testid=public-decision]');
  assert.equal(await pub.locator('[data-testid=public-review-heading]').count(), 0);
  await page.check('[data-testid=disclosure-review]');
  await page.click('[data-testid=disclosure-form] button[type=submit]');
  await page.waitForSelector('[role=status]:has-text("Đã lưu thời gian công khai")');
  await visitor.close();
});

test('each role sees only its steps: a reporter nominates but is refused the council, a viewer reads history', async () => {
  const rep = await logIn(app, 'thaolai');
  await tab(rep.page, 'de-nghi', '[data-testid=nominee-proposer]');
  const tabs = await rep.page.textContent('nav.tabs');
  assert.doesNotMatch(tabs, /Bình xét|Quyết định|Chấm điểm/);
  assert.match(await rep.page.inputValue('[data-testid=nominee-proposer]'), /Thái Lai/i, 'a village proposes for itself, named');
  if (!(await rep.page.isVisible('[data-testid=nominee-unit]'))) await rep.page.click('summary:has-text("Lập đề nghị khen thưởng")');
  await rep.page.selectOption('[data-testid=nominee-unit]', 'thon-thai-lai');
  await rep.page.selectOption('[data-testid=nominee-form]', 'giay_khen');
  await rep.page.fill('[data-testid=nominee-achievement]', 'Tổ tự quản đường làng sạch đẹp (kiểm thử của thôn)');
  await rep.page.click('[data-testid=nomination-form] button[type=submit]');
  await rep.page.waitForSelector('[data-testid=nomination]:has-text("Tổ tự quản đường làng") [data-testid=check]', { state: 'attached' });
  // the village sees its own nominations only
  for (const by of await rep.page.locator('[data-testid=nomination] .proposer').allTextContents()) assert.match(by, /Thái Lai/);
  await rep.page.goto(`${app.base}/#/khen-thuong/binh-xet`);
  await rep.page.waitForSelector('[data-testid=forbidden]');
  await rep.context.close();
  const viewer = await logIn(app, 'xem');
  await tab(viewer.page, '', 'nav.tabs');
  assert.match(await viewer.page.textContent('nav.tabs'), /Lịch sử khen thưởng/);
  assert.doesNotMatch(await viewer.page.textContent('nav.tabs'), /Đề nghị|Bình xét|Quyết định/);
  await viewer.context.close();
});

test('the award pages on a phone (360 px) and in WCAG AA contrast', async () => {
  const pages = [['cham-diem', '[data-testid=rank-row]'], ['de-nghi', '[data-testid=nomination]'], ['binh-xet', '[data-testid=session]'],
    ['quyet-dinh', '[data-testid=decision]'], ['lich-su', '[data-testid=history-search]'], ['guong', 'h2']];
  for (const [key, ready] of pages) {
    await tab(officer.page, key, ready);
    assert.deepEqual(await officer.page.evaluate(contrastFailures), [], `${key}: text below the WCAG AA contrast`);
  }
  const phone = await logIn(app, 'vhxh', { viewport: { width: 360, height: 740 } });
  for (const [key, ready] of pages) {
    await tab(phone.page, key, ready);
    // every folded form unfolded, and the scoring table's editor open: they too must fit
    await phone.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    if (key === 'cham-diem') await phone.page.click('[data-testid=scoring-edit]');
    assert.deepEqual(await phone.page.evaluate(phoneMisfits), [], `${key} on a phone`);
    await phone.page.screenshot({ path: path.join(SHOTS, `awards-${key}-phone.png`), fullPage: false });
  }
  await phone.context.close();
  const boss = await logIn(app, 'chutich', { viewport: { width: 360, height: 740 } });
  await tab(boss.page, 'quyet-dinh', '[data-testid=decision]');
  assert.deepEqual(await boss.page.evaluate(phoneMisfits), [], 'the chairman\'s decision page on a phone');
  await boss.context.close();
});
