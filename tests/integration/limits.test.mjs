// limits.test.mjs — the limits that protect the server, through the real binary: a zip bomb
// sent to POST /api/v1/extract (and to `plan extract`), the login throttle that spares a
// correct password, X-Forwarded-For believed only from a trusted proxy, and input refused with
// its reason (user names, target texts). No timing is asserted anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoDb, docx, login, run, serve, tempDir, zip, PASSWORD } from './helpers.mjs';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MiB = 1024 * 1024;

/** A well-formed word/document.xml of about `size` bytes: paragraphs of 4.096 times "a". */
function bombXml(size) {
  const para = `<w:p><w:r><w:t>${'a'.repeat(4096)}</w:t></w:r></w:p>`;
  return Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    para.repeat(Math.floor(size / para.length)) + '</w:body></w:document>');
}

/** The server's peak resident memory so far, in bytes (Linux: VmHWM). */
function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) * 1024;
}

test('a zip bomb sent for extraction is refused with 413 and the server stays small', async (t) => {
  const { base, child } = await serve(t, demoDb(t));
  const officer = await login(base, 'vhxh');
  const post = async (body, type) => {
    const r = await fetch(`${base}/api/v1/extract`, { method: 'POST', headers: { ...officer.write, 'Content-Type': type }, body });
    return { status: r.status, body: await r.json() };
  };
  // a real document first: the limits leave it alone, and the memory it took is the baseline
  let r = await post(docx(['(1) Tỷ lệ hộ nghèo giảm còn dưới 2%', '(2) Tỷ lệ tham gia bảo hiểm y tế đạt từ 95% trở lên']), DOCX);
  assert.equal(r.status, 200);
  assert.equal(r.body.targets.length, 2);
  const before = peakRss(child.pid);

  const xml = bombXml(48 * MiB);
  const bomb = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': xml }, { deflate: true });
  assert.ok(bomb.length < 128 * 1024, `the bomb is ${bomb.length} bytes`);
  r = await post(bomb, DOCX);
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'too_large');
  assert.match(r.body.error.message, /tệp tải lên: .*quá lớn.*zip bomb/);

  // the same bomb claiming a document of 2.000 bytes: caught while inflating
  r = await post(zip({ 'word/document.xml': xml }, { deflate: true, declare: { 'word/document.xml': 2000 } }), DOCX);
  assert.equal(r.status, 413);
  assert.match(r.body.error.message, /nén bất thường/);

  // a text too long to be a plan, as JSON and as a plain file
  const long = 'Kế hoạch thi đua năm 2026. '.repeat(200_000);
  r = await post(JSON.stringify({ text: long }), 'application/json');
  assert.equal(r.status, 413);
  assert.match(r.body.error.message, /văn bản quá dài/);
  r = await post(Buffer.from(long), 'text/plain');
  assert.equal(r.status, 413);

  const after = peakRss(child.pid);
  t.diagnostic(`peak RSS ${(before / MiB).toFixed(1)} MiB before the bombs, ${(after / MiB).toFixed(1)} MiB after`);
  assert.ok(after - before < 64 * MiB, `peak RSS grew by ${((after - before) / MiB).toFixed(1)} MiB`);

  // and the server still answers
  r = await post(docx(['(1) Tỷ lệ hộ nghèo giảm còn dưới 2%']), DOCX);
  assert.equal(r.status, 200);
});

test('plan extract refuses a zip bomb with its reason', (t) => {
  const file = path.join(tempDir(t), 'ke-hoach.docx');
  writeFileSync(file, zip({ 'word/document.xml': bombXml(40 * MiB) }, { deflate: true }));
  const r = run(['plan', 'extract', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ke-hoach\.docx: .*quá lớn.*zip bomb/);
});

const attempt = (base, username, password, headers = {}) =>
  fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ username, password }),
  }).then(async (r) => ({ status: r.status, body: await r.json(), retry: r.headers.get('retry-after') }));

test('failures with invented names from one address do not lock out the right password', async (t) => {
  const { base } = await serve(t, demoDb(t));
  // an unknown name and a known one with a wrong password get the same answer
  const unknown = await attempt(base, 'khong-co-ai', 'doan-bua');
  const wrong = await attempt(base, 'xem', 'doan-bua');
  assert.equal(unknown.status, 401);
  assert.deepEqual(unknown.body, wrong.body);
  // five failures on one account lock that account, the right password too, not the others
  for (let i = 0; i < 5; i++)
    assert.equal((await attempt(base, 'vhxh', 'doan-bua')).status, 401);
  assert.equal((await attempt(base, 'vhxh', PASSWORD)).status, 429);
  assert.equal((await attempt(base, 'chutich', PASSWORD)).status, 200);
  for (let i = 0; i < 14; i++)
    assert.equal((await attempt(base, `bia-${i}`, 'doan-bua')).status, 401);
  // 21 failures from this address: the administrator with the right password still logs in
  assert.equal((await attempt(base, 'admin', PASSWORD)).status, 200);
  // the names the address tried are refused to it, with Retry-After: invented ones, and an
  // account it failed on (even with the right password now)
  const again = await attempt(base, 'bia-0', 'doan-bua');
  assert.equal(again.status, 429);
  assert.equal(again.body.error.code, 'throttled');
  assert.equal(again.retry, '900');
  assert.equal((await attempt(base, 'xem', PASSWORD)).status, 429);
});

test('X-Forwarded-For names the client only when a trusted proxy sends it', async (t) => {
  const guess = async (base, name, xff) => (await attempt(base, name, 'doan-bua', { 'X-Forwarded-For': xff })).status;
  const fill = async (base, xff) => {
    for (let i = 0; i < 20; i++) assert.equal(await guess(base, `bia-${i}`, xff), 401);
  };

  // behind a trusted proxy (the test itself, at 127.0.0.1), each client is counted apart
  const proxied = await serve(t, demoDb(t), ['--trust-proxy', '127.0.0.1,::1']);
  await fill(proxied.base, '203.0.113.7');
  assert.equal(await guess(proxied.base, 'bia-0', '203.0.113.7'), 429);
  assert.equal(await guess(proxied.base, 'bia-0', '198.51.100.2'), 401);
  // an address the client wrote itself, left of what the proxy saw, changes nothing
  assert.equal(await guess(proxied.base, 'bia-1', '198.51.100.2, 203.0.113.7'), 429);

  // without --trust-proxy the header is ignored: every guess comes from 127.0.0.1
  const direct = await serve(t, demoDb(t));
  await fill(direct.base, '203.0.113.7');
  assert.equal(await guess(direct.base, 'bia-0', '198.51.100.2'), 429);

  // a proxy that is no address is refused before listening
  const r = run(['--db', path.join(tempDir(t), 'x.db'), 'serve', '--listen', '127.0.0.1:0', '--trust-proxy', 'proxy.local']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"proxy\.local" không phải địa chỉ IP/);
});

test('user names and target texts are refused with their reasons', async (t) => {
  const { base } = await serve(t, demoDb(t));
  const admin = await login(base, 'admin');
  const add = (body) => fetch(`${base}/api/v1/users`, {
    method: 'POST', headers: { ...admin.write, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
  let r = await add({ username: 'n'.repeat(33), role: 'viewer', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /tên đăng nhập dài quá 32 ký tự/);
  r = await add({ username: 'Nguyễn Văn A', role: 'viewer', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /chỉ được gồm chữ cái không dấu/);
  r = await add({ username: 'n'.repeat(32), role: 'viewer', password: 'mat-khau-dai-2', display_name: 'Đ'.repeat(101) });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /họ tên dài quá 100 ký tự/);
  r = await add({ username: 'n'.repeat(32), role: 'viewer', password: 'mat-khau-dai-2' });
  assert.equal(r.status, 201);

  const preview = (text) => fetch(`${base}/api/v1/targets/preview`, {
    method: 'POST', headers: { ...admin.write, 'Content-Type': 'application/json' }, body: JSON.stringify({ text }),
  }).then(async (res) => ({ status: res.status, body: await res.json() }));
  // the preview answers what it cannot read as {ok: false, message}, for the form to show
  r = await preview('((((((((((');
  assert.equal(r.body.ok, false);
  assert.match(r.body.message, /không có chữ hay số nào/);
  r = await preview('hoàn thành '.repeat(50));
  assert.equal(r.body.ok, false);
  assert.match(r.body.message, /quá 500 ký tự/);
  r = await preview('từ 19% trở lên');
  assert.equal(r.body.ok, true);
});
