// Reminders before a deadline: e-mails through a real SMTP server on loopback (Debian's
// python3-aiosmtpd) that requires STARTTLS with a certificate made here, the schedule's
// boundaries, nothing sent twice, a mail server that is down, and what the API shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { BIN, dbUrl, demoDb, login, run, runJson, sql, tempDir } from './helpers.mjs';
import { SMTP_PASSWORD, SMTP_USER, certificate, freePort, received, smtpServer } from './smtp.mjs';

/** A demo database with two units' contacts and the mail server set; returns {db, dir, out, port, tls}. */
async function setUp(t, { start = true } = {}) {
  const db = demoDb(t), dir = tempDir(t), out = path.join(dir, 'mail.jsonl');
  const tls = certificate(dir), port = await freePort();
  const server = start ? await smtpServer(t, port, tls, out) : null;
  const ok = (r) => assert.equal(r.code, 0, r.stderr);
  ok(run(['--db', db, 'remind', 'contact', 'thon-thai-lai', 'name=Nguyễn Văn An', 'email=thailai@example.vn',
    'phone=0912 345 678']));
  ok(run(['--db', db, 'remind', 'contact', 'thon-lao-phu', 'name=Trần Thị Bình', 'email=laophu@example.vn']));
  ok(run(['--db', db, 'remind', 'smtp', `url=smtp://127.0.0.1:${port}`, 'sender=vanhoa@kienhai.example.vn',
    'name=UBND xã Kiến Hải', `user=${SMTP_USER}`, 'password=-', `ca=${tls.cert}`], { input: `${SMTP_PASSWORD}\n` }));
  return { db, dir, out, port, tls, server };
}

const remind = (db, asOf) => runJson(['--db', db, 'remind', 'run', '--as-of', asOf]);
const sentOn = (db, asOf) => remind(db, asOf).plans.flatMap((p) => p.items).filter((i) => i.status !== 'no_email');

test('reminders arrive over STARTTLS with the recipients, a Vietnamese subject and body; a second run sends nothing', async (t) => {
  const { db, out } = await setUp(t);
  const r = remind(db, '2026-11-30');
  // 30/11: the year's report is due "trước ngày 05/12" (last day 04/12, 4 days left: the
  // 5-day step, caught up) and November's figures by 05/12 (5 days): four reminders, and each
  // of the two units with an e-mail address gets one e-mail that lists both
  assert.equal(r.sent, 2);
  assert.equal(r.failed, 0);
  assert.equal(r.plans[0].items.filter((i) => i.status === 'delivered').length, 4);
  const mails = received(out);
  assert.equal(mails.length, 2);
  assert.deepEqual(mails.map((m) => m.to[0]).sort(), ['laophu@example.vn', 'thailai@example.vn']);
  for (const m of mails) {
    assert.equal(m.from, 'vanhoa@kienhai.example.vn');
    assert.equal(m.login, SMTP_USER, 'logged in with the stored password');
    assert.equal(m.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.match(m.headers.subject, /^=\?UTF-8\?B\?/);
    assert.match(m.headers.from, /<vanhoa@kienhai\.example\.vn>$/);
    assert.equal(m.body, m.body.normalize('NFC'));
  }
  const year = mails.find((m) => m.to[0] === 'thailai@example.vn');
  assert.equal(year.subject, 'Nhắc hạn nộp báo cáo kết quả thực hiện kế hoạch năm 2026 (trước ngày 05/12/2026) và số liệu tháng 11/2026 (chậm nhất ngày 05/12/2026) - Thôn Thái Lai');
  assert.match(year.body, /^Kính gửi: Thôn Thái Lai \(Nguyễn Văn An\),/);
  assert.match(year.body, /nhắc đơn vị 2 hạn sắp đến:/);
  assert.match(year.body, /1\. Về hạn nộp báo cáo kết quả thực hiện kế hoạch năm 2026 là trước ngày 05\/12\/2026 \(ngày cuối cùng được tính đúng hạn là 04\/12\/2026\); còn 4 ngày\./);
  assert.match(year.body, /2\. Về hạn nộp số liệu tháng 11\/2026 là chậm nhất ngày 05\/12\/2026; còn 5 ngày\./);
  assert.match(year.body, /Đến ngày 30\/11\/2026, đơn vị còn 1 trong 11 chỉ tiêu chưa gửi số liệu:/);
  // what is missing, as the office's list says it, by the names users know
  const list = runJson(['--db', db, 'remind', 'show', '--as-of', '2026-11-30']);
  const yearUnits = list.deadlines.find((d) => d.key === 'unit_report').units;
  const thaiLai = yearUnits.find((u) => u.org_unit === 'thon-thai-lai');
  assert.ok(thaiLai.missing_targets.length >= 1);
  for (const target of thaiLai.missing_targets) assert.ok(year.body.includes(`- ${target.code} ${target.name}`), target.name);
  assert.doesNotMatch(year.body, /thon-thai-lai/, 'the unit by its name, never its code');
  const month = mails.find((m) => m.to[0] === 'laophu@example.vn');
  assert.match(month.subject, /và số liệu tháng 11\/2026 \(chậm nhất ngày 05\/12\/2026\) - Thôn Lão Phú$/);
  assert.match(month.body, /^Kính gửi: Thôn Lão Phú \(Trần Thị Bình\),/);
  assert.match(month.body, /còn 5 ngày\./);

  // the same day again: everything is already delivered
  const again = remind(db, '2026-11-30');
  assert.equal(again.sent, 0);
  assert.equal(received(out).length, 2);
  const log = runJson(['--db', db, 'remind', 'list']).items;
  assert.equal(log.length, 4);
  assert.ok(log.every((e) => e.status === 'delivered' && e.error === null && e.step_days === 5));
  assert.deepEqual(new Set(log.map((e) => e.org_unit_name)), new Set(['Thôn Thái Lai', 'Thôn Lão Phú']));

  // two runs at once on 03/12 (the 1-day step of the year's report is due, alone): each
  // reminder once, and an e-mail with one deadline reads as before
  const both = await Promise.all([0, 1].map(() => new Promise((resolve) => {
    const c = spawn(BIN, ['--db', dbUrl(db), 'remind', 'run', '--as-of', '2026-12-03', '--json'], { env: { ...process.env, THIDUA_DB: '' } });
    let s = '';
    c.stdout.on('data', (d) => { s += d; });
    c.on('exit', (code) => resolve({ code, out: s }));
  })));
  assert.deepEqual(both.map((b) => b.code), [0, 0]);
  assert.equal(both.map((b) => JSON.parse(b.out).sent).reduce((x, y) => x + y), 2);
  const late = received(out).slice(2);
  assert.equal(late.length, 2);
  const one = late.find((m) => m.to[0] === 'thailai@example.vn');
  assert.equal(one.subject, 'Nhắc hạn nộp báo cáo kết quả thực hiện kế hoạch năm 2026 (trước ngày 05/12/2026) - Thôn Thái Lai');
  assert.match(one.body, /Ủy ban nhân dân xã Kiến Hải nhắc đơn vị: hạn nộp báo cáo kết quả thực hiện kế hoạch năm 2026 là trước ngày 05\/12\/2026 \(ngày cuối cùng được tính đúng hạn là 04\/12\/2026\); còn 1 ngày\./);
  const audit = runJson(['--db', db, 'remind', 'list']).items;
  assert.equal(audit.filter((e) => e.step_days === 1).length, 2);
});

test('the schedule: 5 and 1 days before the last day on time, a missed step caught up once, nothing after the deadline', async (t) => {
  const { db, out } = await setUp(t);
  const steps = (asOf) => sentOn(db, asOf).map((i) => `${i.deadline}/${i.step_days}/${i.org_unit}`).sort();
  // the year's report: last day on time 04/12; November's figures: 05/12
  assert.deepEqual(steps('2026-11-28'), [], '6 and 7 days before: nothing yet');
  assert.deepEqual(steps('2026-11-29'), ['unit_report/5/thon-lao-phu', 'unit_report/5/thon-thai-lai']);
  assert.deepEqual(steps('2026-11-30'), ['month:2026-11/5/thon-lao-phu', 'month:2026-11/5/thon-thai-lai']);
  assert.deepEqual(steps('2026-12-01'), [], 'both 5-day steps are already delivered');
  assert.deepEqual(steps('2026-12-03'), ['unit_report/1/thon-lao-phu', 'unit_report/1/thon-thai-lai']);
  assert.deepEqual(steps('2026-12-04'), ['month:2026-11/1/thon-lao-phu', 'month:2026-11/1/thon-thai-lai']);
  assert.deepEqual(steps('2026-12-05'), [], 'the last day of November\'s figures: already reminded');
  assert.deepEqual(steps('2026-12-06'), [], 'after the deadline nothing is sent');
  assert.equal(received(out).length, 8);
  // a schedule switched off sends nothing; another schedule is read as the office set it
  assert.equal(run(['--db', db, 'remind', 'schedule', 'off']).code, 0);
  assert.deepEqual(steps('2026-12-31'), []);
  const sch = runJson(['--db', db, 'remind', 'schedule', '3,10,0']);
  assert.deepEqual(sch, { enabled: true, days: [10, 3, 0], updated_at: sch.updated_at });
  // 0 is the last day itself: 05/01/2027 for December's figures (the missed 10- and 3-day steps
  // are not sent on top of it)
  assert.deepEqual(steps('2027-01-05'), ['month:2026-12/0/thon-lao-phu', 'month:2026-12/0/thon-thai-lai']);
  const bad = run(['--db', db, 'remind', 'schedule', '5,5']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bị lặp lại/);
});

test('a mail server that is down: every unit is tried, the failures are recorded with the reason, a later run delivers', async (t) => {
  const { db, out, port, tls } = await setUp(t, { start: false });
  const down = remind(db, '2026-11-29');
  assert.equal(down.sent, 0);
  assert.equal(down.failed, 2, 'the second unit was tried after the first failed');
  const log = runJson(['--db', db, 'remind', 'list']).items;
  assert.equal(log.length, 2);
  for (const e of log) {
    assert.equal(e.status, 'failed');
    assert.match(e.error, /^không kết nối được máy chủ thư \(smtp:\/\/127\.0\.0\.1:\d+\)/);
  }
  const text = run(['--db', db, 'remind', 'list']);
  assert.match(text.stdout, /Gửi không được: không kết nối được máy chủ thư/);
  // the server is back: the next run (still before the deadline) delivers what failed
  await smtpServer(t, port, tls, out);
  const back = remind(db, '2026-11-30');
  // the year's 5-day step that failed, and November's 5-day step that is due today
  assert.deepEqual(back.plans[0].items.filter((i) => i.status === 'delivered').map((i) => i.deadline).sort(),
    ['month:2026-11', 'month:2026-11', 'unit_report', 'unit_report']);
  assert.equal(received(out).length, 2, 'one e-mail per unit for its two reminders');
  assert.equal(remind(db, '2026-11-30').sent, 0);
  const after = runJson(['--db', db, 'remind', 'list']).items;
  assert.equal(after.filter((e) => e.status === 'failed').length, 2, 'the failed attempts stay in the log');
  assert.equal(after.filter((e) => e.status === 'delivered').length, 4);
});

test('the mail server password is sealed in the database: another key cannot open it, and setting it again mends it', async (t) => {
  const { db, dir, out, port, tls } = await setUp(t);
  const stored = sql(db, 'SELECT password FROM smtp_setting').stdout.trim();
  assert.match(stored, /^sb1:/);
  assert.ok(!stored.includes(SMTP_PASSWORD), 'no password in clear in the database');
  // the server's key replaced by another: nothing is sent, and the admin is told what to do
  const other = path.join(dir, 'other.key');
  writeFileSync(other, `${randomBytes(32).toString('hex')}\n`);
  const env = { THIDUA_SECRET_FILE: other };
  const r = run(['--db', db, 'remind', 'run', '--as-of', '2026-11-30'], { env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`không mở được mật khẩu đã lưu: tệp khóa ${other} không phải khóa đã dùng khi lưu`));
  assert.match(r.stderr, /thidua remind smtp/);
  assert.equal(received(out).length, 0);
  assert.equal(run(['--db', db, 'remind', 'smtp', `url=smtp://127.0.0.1:${port}`, 'sender=vanhoa@kienhai.example.vn',
    `user=${SMTP_USER}`, 'password=-', `ca=${tls.cert}`], { env, input: `${SMTP_PASSWORD}\n` }).code, 0);
  assert.equal(runJson(['--db', db, 'remind', 'run', '--as-of', '2026-11-30'], { env }).sent, 2);
  assert.ok(received(out).every((m) => m.login === SMTP_USER));
});

test('a certificate that the CA file does not vouch for is refused: STARTTLS is checked, not merely used', async (t) => {
  const { db, dir, out } = await setUp(t);
  const other = certificate(path.join(tempDir(t)));
  assert.equal(run(['--db', db, 'remind', 'smtp', `url=${runJson(['--db', db, 'remind', 'smtp']).url}`,
    'sender=vanhoa@kienhai.example.vn', `ca=${other.cert}`]).code, 0);
  const r = remind(db, '2026-11-29');
  assert.equal(r.failed, 2);
  assert.match(r.plans[0].items.find((i) => i.status === 'failed').error, /chứng chỉ|mã hóa/);
  assert.equal(received(out).length, 0);
  assert.ok(dir);
});

/** `thidua serve` with a clock and options; resolves with {base}. */
function serveAt(t, db, now, extra = []) {
  const child = spawn(BIN, ['--db', dbUrl(db), 'serve', '--listen', '127.0.0.1:0', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, THIDUA_NOW: now } });
  let log = '';
  t.after(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      log += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, log: () => log });
    });
    child.stderr.on('data', (d) => { log += d; });
    child.on('exit', () => reject(new Error(`server exited: ${log}`)));
  });
}

test('the server sends at start on its own thread; the API shows the list, a reporter only its unit, never the password', async (t) => {
  const { db, out } = await setUp(t);
  // 03:00 UTC on 30/11 is 10:00 in Vietnam, 30/11
  const { base } = await serveAt(t, db, '2026-11-30T03:00:00Z');
  for (let i = 0; i < 100 && received(out).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(received(out).length, 2, 'the run at start delivered, one e-mail per unit');
  // HTTP answers while and after the reminders run
  assert.equal((await fetch(`${base}/healthz`)).status, 200);

  const officer = await login(base, 'vhxh');
  const list = await (await fetch(`${base}/api/v1/plans/1/reminders`, { headers: officer.read })).json();
  assert.equal(list.as_of, '2026-11-30');
  assert.deepEqual(list.schedule.days, [5, 1]);
  assert.equal(list.smtp_configured, true);
  const year = list.deadlines.find((d) => d.key === 'unit_report');
  assert.equal(year.wording, 'trước ngày 05/12/2026');
  assert.equal(year.days_left, 4);
  const thaiLai = year.units.find((u) => u.org_unit === 'thon-thai-lai');
  assert.deepEqual(thaiLai.contact, { person: 'Nguyễn Văn An', email: 'thailai@example.vn', phone: '0912 345 678' });
  assert.equal(thaiLai.name, 'Thôn Thái Lai');
  assert.deepEqual(thaiLai.reminders.map((x) => [x.step_days, x.status]), [[5, 'delivered']]);
  const log = await (await fetch(`${base}/api/v1/plans/1/reminders/log`, { headers: officer.read })).json();
  assert.equal(log.total, 4);

  // send now: nothing is due twice
  const now = await fetch(`${base}/api/v1/plans/1/reminders/send`, { method: 'POST', headers: officer.write });
  assert.equal(now.status, 200);
  assert.equal((await now.json()).sent, 0);

  // a reporter: its own unit's banner, not the office's list
  const reporter = await login(base, 'thaolai');
  const banner = await (await fetch(`${base}/api/v1/plans/1/reminders/banner`, { headers: reporter.read })).json();
  assert.ok(banner.items.length >= 2);
  assert.deepEqual([...new Set(banner.items.map((i) => i.org_unit))], ['thon-thai-lai']);
  assert.ok(banner.items.every((i) => i.missing > 0 && i.days_left >= 0));
  assert.equal((await fetch(`${base}/api/v1/plans/1/reminders`, { headers: reporter.read })).status, 403);
  assert.equal((await fetch(`${base}/api/v1/plans/1/reminders/log`, { headers: reporter.read })).status, 403);
  assert.equal((await fetch(`${base}/api/v1/contacts`, { headers: reporter.read })).status, 403);
  const officerBanner = await (await fetch(`${base}/api/v1/plans/1/reminders/banner`, { headers: officer.read })).json();
  assert.deepEqual(officerBanner.items, []);

  // the mail server: the admin's only, and the password never comes back
  assert.equal((await fetch(`${base}/api/v1/settings/smtp`, { headers: officer.read })).status, 403);
  const admin = await login(base, 'admin');
  const smtpText = await (await fetch(`${base}/api/v1/settings/smtp`, { headers: admin.read })).text();
  assert.ok(!smtpText.includes(SMTP_PASSWORD));
  const smtp = JSON.parse(smtpText);
  assert.equal(smtp.password_set, true);
  assert.equal(smtp.username, SMTP_USER);
  assert.ok(!('password' in smtp));
  assert.ok(!run(['--db', db, 'remind', 'smtp']).stdout.includes(SMTP_PASSWORD));
  const put = await fetch(`${base}/api/v1/settings/smtp`, {
    method: 'PUT', headers: { ...admin.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: smtp.url, sender: 'thidua@kienhai.example.vn', sender_name: 'Phòng Văn hóa - Xã hội', username: SMTP_USER, ca_file: smtp.ca_file }),
  });
  assert.equal(put.status, 200);
  assert.equal((await put.json()).password_set, true, 'a PUT without password keeps it');
  const badUrl = await fetch(`${base}/api/v1/settings/smtp`, {
    method: 'PUT', headers: { ...admin.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: 'http://mail.example.vn', sender: 'a@b.vn' }),
  });
  assert.equal(badUrl.status, 422);
  assert.match((await badUrl.json()).error.message, /smtp:\/\/máy-chủ:cổng/);
  const badCa = await fetch(`${base}/api/v1/settings/smtp`, {
    method: 'PUT', headers: { ...admin.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: smtp.url, sender: 'a@b.vn', ca_file: '/khong-co/ca.pem' }),
  });
  assert.equal(badCa.status, 422);
  assert.match((await badCa.json()).error.message, /không đọc được tệp chứng chỉ CA/);

  // contacts: set by the office, an address that is not one refused
  const contact = await fetch(`${base}/api/v1/contacts/thon-9`, {
    method: 'PUT', headers: { ...officer.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ person: 'Lê Văn Cường', email: 'thon9@example.vn', phone: '0987 654 321' }),
  });
  assert.equal(contact.status, 200);
  assert.deepEqual(await contact.json(), { org_unit: 'thon-9', name: 'Thôn 9', person: 'Lê Văn Cường', email: 'thon9@example.vn', phone: '0987 654 321', updated_at: (await (await fetch(`${base}/api/v1/contacts?limit=500`, { headers: officer.read })).json()).items.find((c) => c.org_unit === 'thon-9').updated_at });
  const badMail = await fetch(`${base}/api/v1/contacts/thon-9`, {
    method: 'PUT', headers: { ...officer.write, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'thon9@example.vn\r\nBcc: x@y.vn' }),
  });
  assert.equal(badMail.status, 422);
  // send now reaches the new contact: Thôn 9 lacks figures for both deadlines, in one e-mail
  const more = await (await fetch(`${base}/api/v1/plans/1/reminders/send`, { method: 'POST', headers: officer.write })).json();
  assert.equal(more.sent, 1);
  assert.deepEqual(more.plans[0].items.filter((i) => i.status === 'delivered').map((i) => i.deadline).sort(), ['month:2026-11', 'unit_report']);
  assert.deepEqual(received(out).slice(2).map((m) => m.to[0]), ['thon9@example.vn']);

  // the schedule through the API, and the audit trail of every change
  const sch = await fetch(`${base}/api/v1/plans/1/reminders/schedule`, {
    method: 'PUT', headers: { ...officer.write, 'Content-Type': 'application/json' }, body: JSON.stringify({ days: [7, 2] }),
  });
  assert.equal(sch.status, 200);
  assert.deepEqual((await sch.json()).days, [7, 2]);
  const audit = await (await fetch(`${base}/api/v1/audit?limit=500`, { headers: admin.read })).json();
  const actions = new Set(audit.items.map((e) => e.action));
  for (const a of ['contact.set', 'smtp.set', 'reminder_schedule.set', 'reminder.send']) assert.ok(actions.has(a), a);
  assert.ok(!JSON.stringify(audit).includes(SMTP_PASSWORD));
});
