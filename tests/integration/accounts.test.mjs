// accounts.test.mjs — accounts and evidence files over loopback: a user changes its password, the
// administrator resets one (shown once) and disables an account (its session ends at once); files
// attached to a figure are checked by their first bytes and size, kept with their SHA-256, and
// served only to accounts that may see the figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PASSWORD, demoDb, login, run, serve } from './helpers.mjs';

const json = (h) => ({ ...h, 'Content-Type': 'application/json' });

test('a user changes its own password: the old one stops working, a wrong current one is refused', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const me = await login(base, 'thaolai');
  const other = await login(base, 'thaolai'); // a second browser of the same person
  const change = (body, who = me) => fetch(`${base}/api/v1/auth/password`, { method: 'POST', headers: json(who.write), body: JSON.stringify(body) });

  let r = await change({ current: 'sai-mat-khau-roi', new: 'mat-khau-moi-dai-1' });
  assert.equal(r.status, 403);
  assert.match((await r.json()).error.message, /mật khẩu hiện tại không đúng/);
  r = await change({ current: PASSWORD, new: '123456789' }); // 9 characters
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /ít nhất 10 ký tự/);
  r = await change({ current: PASSWORD, new: PASSWORD });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /khác mật khẩu hiện tại/);
  r = await change({ current: PASSWORD, new: 'mật khẩu ' }); // 9 characters, 13 bytes
  assert.equal(r.status, 422);
  r = await change({ current: PASSWORD, password: 'x' });
  assert.equal(r.status, 422);
  // without the CSRF token a session cannot change it
  r = await fetch(`${base}/api/v1/auth/password`, { method: 'POST', headers: json(me.read), body: JSON.stringify({ current: PASSWORD, new: 'mat-khau-moi-dai-1' }) });
  assert.equal(r.status, 403);

  r = await change({ current: PASSWORD, new: 'mật khẩu mới 2026' });
  assert.equal(r.status, 204);
  await assert.rejects(login(base, 'thaolai'), /401/);
  const again = await login(base, 'thaolai', 'mật khẩu mới 2026');
  assert.equal(again.user.username, 'thaolai');
  // the session that made the change goes on; the other one has ended
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: me.read })).status, 200);
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: other.read })).status, 401);

  // the audit trail says who changed a password, never the password or its hash
  const admin = await login(base, 'admin');
  const audit = await (await fetch(`${base}/api/v1/audit?action=user.password`, { headers: admin.read })).json();
  assert.equal(audit.total, 1);
  assert.equal(audit.items[0].actor, 'thaolai');
  const text = JSON.stringify(audit.items[0]);
  assert.ok(!/argon2|mật khẩu mới/.test(text), text);
});

test('the administrator resets a password: the generated one works once shown, the old one does not', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const admin = await login(base, 'admin');
  const victim = await login(base, 'laophu');
  const users = await (await fetch(`${base}/api/v1/users`, { headers: admin.read })).json();
  const laophu = users.items.find((u) => u.username === 'laophu');
  assert.equal(laophu.disabled, false);
  assert.equal(laophu.org_unit_name, 'Thôn Lão Phú');

  const r = await fetch(`${base}/api/v1/users/${laophu.id}/reset-password`, { method: 'POST', headers: admin.write });
  assert.equal(r.status, 200);
  const { password, username } = await r.json();
  assert.equal(username, 'laophu');
  assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{14}$/);
  await assert.rejects(login(base, 'laophu'), /401/);
  assert.equal((await login(base, 'laophu', password)).user.username, 'laophu');
  // the sessions opened with the old password have ended
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: victim.read })).status, 401);
  // a new account comes back with the id the other routes take
  const made = await (await fetch(`${base}/api/v1/users`, { method: 'POST', headers: json(admin.write), body: JSON.stringify({ username: 'moi', role: 'reporter', org_unit: 'thon-9', password: 'mat-khau-dai-2' }) })).json();
  assert.ok(made.user.id > 6);
  assert.equal(made.user.org_unit_name, 'Thôn 9');
  assert.equal(made.user.disabled, false);
  assert.equal((await fetch(`${base}/api/v1/users/${made.user.id}/reset-password`, { method: 'POST', headers: admin.write })).status, 200);
  // a second reset gives another password
  const second = await (await fetch(`${base}/api/v1/users/${laophu.id}/reset-password`, { method: 'POST', headers: admin.write })).json();
  assert.notEqual(second.password, password);
  assert.equal((await fetch(`${base}/api/v1/users/999/reset-password`, { method: 'POST', headers: admin.write })).status, 404);

  const audit = await (await fetch(`${base}/api/v1/audit?action=user.reset_password`, { headers: admin.read })).json();
  assert.equal(audit.total, 3);
  assert.ok(!JSON.stringify(audit.items).includes(password));
});

test('a disabled account cannot log in and its session and token stop at once; enabled, it logs in again', async (t) => {
  const db = demoDb(t);
  const token = run(['--db', db, 'token', 'create', 'chutich']).stdout.trim();
  const { base } = await serve(t, db);
  const admin = await login(base, 'admin');
  const leader = await login(base, 'chutich');
  const users = await (await fetch(`${base}/api/v1/users`, { headers: admin.read })).json();
  const id = users.items.find((u) => u.username === 'chutich').id;
  const patch = (uid, body) => fetch(`${base}/api/v1/users/${uid}`, { method: 'PATCH', headers: json(admin.write), body: JSON.stringify(body) });
  const bearer = { Authorization: `Bearer ${token}` };
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: bearer })).status, 200);

  let r = await patch(id, { disabled: true });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).user.disabled, true);
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: leader.read })).status, 401);
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: bearer })).status, 401);
  r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'chutich', password: PASSWORD }) });
  assert.equal(r.status, 403);
  assert.match((await r.json()).error.message, /đã bị khóa/);
  // a wrong password on a disabled account says no more than on any other
  r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'chutich', password: 'sai-mat-khau' }) });
  assert.equal(r.status, 401);

  r = await patch(id, { disabled: false });
  assert.equal(r.status, 200);
  assert.equal((await login(base, 'chutich')).user.role, 'leader');
  // the old token was revoked with the disabling: enabling does not bring it back
  assert.equal((await fetch(`${base}/api/v1/auth/me`, { headers: bearer })).status, 401);

  // the administrator cannot lock itself out
  const self = users.items.find((u) => u.username === 'admin').id;
  r = await patch(self, { disabled: true });
  assert.equal(r.status, 422);
  r = await patch(self, { role: 'viewer' });
  assert.equal(r.status, 422);
  // other changes: name, role, unit; a reporter needs a unit; bad fields named
  r = await patch(id, { display_name: 'Chủ tịch UBND xã Kiến Hải', role: 'reporter', org_unit: 'thon-9' });
  assert.equal(r.status, 200);
  const changed = (await r.json()).user;
  assert.equal(changed.org_unit_name, 'Thôn 9');
  assert.equal(changed.role_label, 'Người báo cáo của đơn vị');
  assert.equal((await patch(id, { org_unit: null })).status, 422);
  assert.equal((await patch(id, { org_unit: 'khong-co' })).status, 404);
  r = await patch(id, { password: 'x' });
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /"password"/);
  assert.equal((await patch(4242, { disabled: true })).status, 404);

  const audit = await (await fetch(`${base}/api/v1/audit?entity=app_user&limit=100`, { headers: admin.read })).json();
  const actions = audit.items.map((e) => e.action);
  for (const a of ['user.disable', 'user.enable', 'user.update']) assert.ok(actions.includes(a), actions.join());
  const disable = audit.items.find((e) => e.action === 'user.disable');
  assert.equal(disable.before.disabled, false);
  assert.equal(disable.after.disabled, true);
  assert.ok(!JSON.stringify(audit.items).includes('argon2'));
});

test('only the administrator manages accounts; everyone changes their own password', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const roles = { admin: 'admin', officer: 'vhxh', reporter: 'thaolai', leader: 'chutich', viewer: 'xem' };
  const who = {};
  for (const [role, name] of Object.entries(roles)) who[role] = await login(base, name);
  const routes = [
    ['PATCH', '/api/v1/users/4', { display_name: 'Báo cáo viên thôn Lão Phú' }, ['admin']],
    ['POST', '/api/v1/users/4/reset-password', undefined, ['admin']],
    ['POST', '/api/v1/auth/password', { current: 'sai', new: 'mat-khau-moi-dai' }, ['admin', 'officer', 'reporter', 'leader', 'viewer']],
  ];
  for (const [method, url, body, allowed] of routes) {
    for (const role of Object.keys(roles)) {
      const r = await fetch(base + url, { method, headers: json(who[role].write), body: body ? JSON.stringify(body) : undefined });
      const answer = await r.json().catch(() => ({}));
      const ok = r.status !== 401 && !(r.status === 403 && /không được dùng chức năng này/.test(answer.error?.message));
      assert.equal(ok, allowed.includes(role), `${role} ${method} ${url}: ${r.status}`);
    }
  }
  // without a session, nothing
  assert.equal((await fetch(`${base}/api/v1/auth/password`, { method: 'POST', body: '{}' })).status, 401);
});

test('the command line sets a password from standard input and disables and enables an account', async (t) => {
  const db = demoDb(t);
  let r = run(['--db', db, 'user', 'passwd', 'thaolai'], { input: 'ngan-qua\n' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ít nhất 10 ký tự/);
  r = run(['--db', db, 'user', 'passwd', 'thaolai'], { input: 'mat-khau-dong-lenh\n' });
  assert.equal(r.code, 0, r.stderr);
  r = run(['--db', db, 'user', 'disable', 'laophu']);
  assert.equal(r.code, 0, r.stderr);
  r = run(['--db', db, 'user', 'list', '--json']);
  const list = JSON.parse(r.stdout).users;
  assert.equal(list.find((u) => u.username === 'laophu').disabled, true);
  assert.match(run(['--db', db, 'user', 'list']).stdout, /Thôn Lão Phú\s+đã khóa/);
  r = run(['--db', db, 'user', 'disable', 'khong-ai']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không có tài khoản "khong-ai"/);
  const { base } = await serve(t, db);
  await assert.rejects(login(base, 'thaolai'), /401/);
  assert.equal((await login(base, 'thaolai', 'mat-khau-dong-lenh')).user.username, 'thaolai');
  r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'laophu', password: PASSWORD }) });
  assert.equal(r.status, 403);
  assert.equal(run(['--db', db, 'user', 'enable', 'laophu']).code, 0);
  assert.equal((await login(base, 'laophu')).user.username, 'laophu');
});

// The smallest files of each kind: what their first bytes say is all that is checked.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 9)]);
const PDF = Buffer.from('%PDF-1.4\n% biên bản họp thôn Thái Lai\n1 0 obj <<>> endobj\n%%EOF\n');

test('evidence files: checked by their first bytes and size, kept with their SHA-256, served to who may see the figure', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const rep = await login(base, 'thaolai');
  const other = await login(base, 'laophu');
  const officer = await login(base, 'vhxh');
  const leader = await login(base, 'chutich');
  // a figure to attach to: thôn Thái Lai's November
  const fig = { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11' };
  let r = await fetch(`${base}/api/v1/plans/1/values`, { method: 'PUT', headers: json(rep.write), body: JSON.stringify({ ...fig, value: '255,5' }) });
  assert.equal(r.status, 200, await r.clone().text());
  const upload = (who, bytes, type, name, key = fig) => fetch(
    `${base}/api/v1/plans/1/values/evidence?${new URLSearchParams({ ...key, name })}`,
    { method: 'POST', headers: { ...who.write, 'Content-Type': type }, body: bytes });

  r = await upload(rep, PDF, 'application/pdf', 'Biên bản họp thôn.pdf');
  assert.equal(r.status, 201, await r.clone().text());
  const pdf = (await r.json()).file;
  assert.equal(pdf.name, 'Biên bản họp thôn.pdf');
  assert.equal(pdf.size, PDF.length);
  assert.equal(pdf.content_type, 'application/pdf');
  assert.equal(pdf.sha256, createHash('sha256').update(PDF).digest('hex'));
  assert.equal(pdf.uploaded_by, 'thaolai');
  r = await upload(rep, PNG, 'image/png', 'C:\\Anh\\anh-chup.png');
  assert.equal(r.status, 201);
  assert.equal((await r.json()).file.name, 'anh-chup.png');
  r = await upload(officer, JPEG, 'image/jpeg', 'hien-truong.JPEG');
  assert.equal(r.status, 201);

  // refused: a PNG named .pdf, a PNG declared as a PDF, a text file, an empty one, one over 10 MB
  r = await upload(rep, PNG, 'application/pdf', 'bien-ban.pdf');
  assert.equal(r.status, 415);
  assert.match((await r.json()).error.message, /ảnh PNG/);
  r = await upload(rep, PNG, 'image/png', 'bien-ban.pdf');
  assert.equal(r.status, 415);
  assert.match((await r.json()).error.message, /ảnh PNG; hãy đổi đuôi tên tệp thành \.png/);
  r = await upload(rep, Buffer.from('Biên bản họp thôn\n'), 'text/plain', 'bien-ban.txt');
  assert.equal(r.status, 415);
  assert.match((await r.json()).error.message, /không phải tệp PDF, ảnh JPEG hay ảnh PNG/);
  r = await upload(rep, Buffer.from('Biên bản'), 'application/pdf', 'bien-ban.pdf');
  assert.equal(r.status, 415);
  r = await upload(rep, Buffer.alloc(0), 'application/pdf', 'rong.pdf');
  assert.equal(r.status, 415);
  const limit = 10 * 1024 * 1024;
  const big = Buffer.concat([PDF, Buffer.alloc(limit + 1 - PDF.length, 0x20)]);
  r = await upload(rep, big, 'application/pdf', 'quet-day-du.pdf');
  assert.equal(r.status, 413);
  assert.match((await r.json()).error.message, /quá giới hạn 10 MB/);
  // exactly 10 MB is taken
  r = await upload(rep, big.subarray(0, limit), 'application/pdf', 'vua-du.pdf');
  assert.equal(r.status, 201, await r.clone().text());
  const tenMb = (await r.json()).file;
  // other routes keep their smaller limit
  r = await fetch(`${base}/api/v1/plans/1/values`, { method: 'PUT', headers: json(rep.write), body: JSON.stringify({ ...fig, note: 'x'.repeat(9 << 20) }) });
  assert.equal(r.status, 413);

  // not without the right to enter the figure, nor for a figure that does not exist
  r = await upload(other, PDF, 'application/pdf', 'bien-ban.pdf');
  assert.equal(r.status, 403);
  assert.match((await r.json()).error.message, /Thôn Thái Lai/);
  r = await upload(leader, PDF, 'application/pdf', 'bien-ban.pdf');
  assert.equal(r.status, 403);
  r = await upload(rep, PDF, 'application/pdf', 'bien-ban.pdf', { ...fig, period: '2026-12' });
  assert.equal(r.status, 404);
  assert.match((await r.json()).error.message, /hãy lưu số liệu trước/);
  r = await upload(rep, PDF, 'application/pdf', '', fig);
  assert.equal(r.status, 422);
  // an approved figure is locked: no more files
  r = await upload(rep, PDF, 'application/pdf', 'bien-ban.pdf', { ...fig, period: '2026-01' });
  assert.equal(r.status, 409);

  // the values list names the files of each figure
  const values = await (await fetch(`${base}/api/v1/plans/1/values?indicator=1.3.1&period=2026-11`, { headers: rep.read })).json();
  const files = values.items.find((v) => v.org_unit === 'thon-thai-lai').files;
  assert.deepEqual(files.map((f) => f.name), ['Biên bản họp thôn.pdf', 'anh-chup.png', 'hien-truong.JPEG', 'vua-du.pdf']);
  assert.deepEqual(Object.keys(files[0]).sort(), ['content_type', 'id', 'name', 'size']);
  const others = await (await fetch(`${base}/api/v1/plans/1/values?indicator=1.3.1&period=2026-10`, { headers: officer.read })).json();
  assert.ok(others.items.every((v) => Array.isArray(v.files) && v.files.length === 0));

  // served with its name and type; the bytes hash to what was stored
  for (const who of [rep, officer, leader]) {
    r = await fetch(`${base}/api/v1/evidence/${pdf.id}`, { headers: who.read });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20th%C3%B4n\.pdf$/);
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.equal(createHash('sha256').update(bytes).digest('hex'), pdf.sha256);
  }
  r = await fetch(`${base}/api/v1/evidence/${tenMb.id}`, { headers: rep.read });
  assert.equal(createHash('sha256').update(Buffer.from(await r.arrayBuffer())).digest('hex'), tenMb.sha256);
  // a reporter of another unit may not read it; nobody without a session
  r = await fetch(`${base}/api/v1/evidence/${pdf.id}`, { headers: other.read });
  assert.equal(r.status, 403);
  assert.match((await r.json()).error.message, /Thôn Thái Lai/);
  assert.equal((await fetch(`${base}/api/v1/evidence/${pdf.id}`)).status, 401);
  assert.equal((await fetch(`${base}/api/v1/evidence/9999`, { headers: officer.read })).status, 404);

  // uploads and downloads are in the audit trail, without the bytes
  const audit = await (await fetch(`${base}/api/v1/audit?entity=evidence_file&limit=100`, { headers: officer.read })).json();
  const up = audit.items.find((e) => e.action === 'evidence.upload' && e.entity_id === pdf.id);
  assert.equal(up.actor, 'thaolai');
  assert.equal(up.after.sha256, pdf.sha256);
  assert.equal(up.after.org_unit, 'thon-thai-lai');
  assert.ok(audit.items.filter((e) => e.action === 'evidence.download' && e.entity_id === pdf.id).length >= 3);

  // a file attached by mistake is removed while the figure is not approved; the trail keeps its hash
  const png = files.find((f) => f.name === 'anh-chup.png');
  const remove = (who, id) => fetch(`${base}/api/v1/evidence/${id}`, { method: 'DELETE', headers: who.write });
  r = await remove(other, png.id);
  assert.equal(r.status, 403);
  assert.match((await r.json()).error.message, /Thôn Thái Lai/);
  assert.equal((await remove(leader, png.id)).status, 403);
  assert.equal((await remove(rep, png.id)).status, 204);
  assert.equal((await fetch(`${base}/api/v1/evidence/${png.id}`, { headers: rep.read })).status, 404);
  assert.equal((await remove(rep, png.id)).status, 404);
  const after = await (await fetch(`${base}/api/v1/plans/1/values?indicator=1.3.1&period=2026-11`, { headers: rep.read })).json();
  assert.deepEqual(after.items.find((v) => v.org_unit === 'thon-thai-lai').files.map((f) => f.name), ['Biên bản họp thôn.pdf', 'hien-truong.JPEG', 'vua-du.pdf']);
  const gone = (await (await fetch(`${base}/api/v1/audit?action=evidence.delete`, { headers: officer.read })).json()).items[0];
  assert.equal(gone.before.name, 'anh-chup.png');
  assert.equal(gone.before.sha256, createHash('sha256').update(PNG).digest('hex'));
  // approved, the figure keeps its files
  const unitPeriod = JSON.stringify({ org_unit: 'thon-thai-lai', period: '2026-11' });
  assert.equal((await fetch(`${base}/api/v1/plans/1/values/submit`, { method: 'POST', headers: json(rep.write), body: unitPeriod })).status, 200);
  assert.equal((await fetch(`${base}/api/v1/plans/1/values/approve`, { method: 'POST', headers: json(officer.write), body: unitPeriod })).status, 200);
  r = await remove(officer, pdf.id);
  assert.equal(r.status, 409);
  assert.match((await r.json()).error.message, /đã được duyệt/);
});
