// awards.test.mjs — the award path of issue 16 through the real server and the CLI: score a block
// and rank it (a tie stated), nominate, check (classification, duplicate), vote at the quorum's and
// the threshold's boundaries, decide (numbered per year, immutable once issued), print the Giấy
// khen (pdftotext holds the awardee's name with its diacritics; page 1 kept as a PNG under
// build/awards/ to look at), publish (the public page exposes no year of birth, gender or
// position), revoke (the history shows the reason). The demo's worked example is checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, run, runJson, tempDir, serve, demoDb, login } from './helpers.mjs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const PNG_DIR = path.join(path.dirname(BIN), 'awards');
const nfc = (s) => s.normalize('NFC');

async function api(base, h, method, url, body) {
  const r = await fetch(`${base}${url}`, {
    method, headers: { ...(method === 'GET' ? h.read : h.write), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, body: type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer()), type };
}

function pdfText(file) {
  return nfc(spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout);
}

test('the demo carries a worked, labelled example: scores with a tie, a council, decision 01/QĐ-UBND', (t) => {
  const db = demoDb(t);
  const scores = runJson(['--db', db, 'award', 'scores', '--block', 'khoi-thon', '--period', '2026']);
  assert.equal(scores.units.length, 4);
  assert.equal(scores.units[0].org_unit_name, 'Thôn Thái Lai');
  // every line of a derived criterion shows its formula
  assert.match(scores.units[0].lines[0].formula, /× \d+\/\d+ chỉ tiêu được giao đạt =/);
  const decisions = runJson(['--db', db, 'award', 'decisions']).decisions;
  const d = decisions.find((x) => x.number === '01/QĐ-UBND');
  assert.ok(d, 'the demo issues decision 01/QĐ-UBND');
  assert.equal(d.status, 'issued');
  assert.ok(d.awardees.length >= 3);
  assert.ok(d.awardees.some((a) => a.nominee_kind === 'collective') && d.awardees.some((a) => a.nominee_kind === 'individual'));
  assert.match(d.title, /minh họa/);
  const noms = runJson(['--db', db, 'award', 'nominations']).nominations;
  assert.ok(noms.some((n) => n.duplicate && n.status === 'proposed'), 'one demo nomination is flagged as a duplicate');
  assert.ok(noms.some((n) => n.status === 'rejected'), 'one demo nomination did not pass the vote');
  const init = run(['--db', path.join(tempDir(t), 'x.db'), 'init', '--demo']);
  assert.match(init.stdout, /Ví dụ khen thưởng: 6 đề nghị, quyết định 01\/QĐ-UBND/);
});

test('score, rank, nominate, check, vote, decide, print, publish, revoke', async (t) => {
  const db = demoDb(t);
  const dir = tempDir(t);
  const { base } = await serve(t, db);
  const admin = await login(base, 'admin');
  const officer = await login(base, 'vhxh');
  const chair = await login(base, 'chutich');
  const reporter = await login(base, 'thaolai');

  // ---- scoring table and ranking: manual points only, so the tie is ours
  const scoring = {
    criteria: [
      { code: 'day-hoc', group: 'I. Dạy và học', name: 'Chất lượng dạy và học', kind: 'manual', max_points: 70 },
      { code: 'phong-trao', group: 'II. Phong trào', name: 'Phong trào thi đua', kind: 'manual', max_points: 30 },
      { code: 'tru', group: 'III. Điểm trừ', name: 'Vi phạm quy chế', kind: 'penalty', max_points: 10 },
    ],
    thresholds: [
      { code: 'xuat_sac', label: 'Hoàn thành xuất sắc nhiệm vụ', min_points: 90 },
      { code: 'tot', label: 'Hoàn thành tốt nhiệm vụ', min_points: 70 },
      { code: 'khong_hoan_thanh', label: 'Không hoàn thành nhiệm vụ', min_points: 0 },
    ],
  };
  let r = await api(base, officer, 'PUT', '/api/v1/awards/blocks/khoi-truong-hoc/scoring', { ...scoring, thresholds: [scoring.thresholds[1], scoring.thresholds[0]] });
  assert.equal(r.status, 422, 'thresholds must go down');
  r = await api(base, reporter, 'PUT', '/api/v1/awards/blocks/khoi-truong-hoc/scoring', scoring);
  assert.equal(r.status, 403);
  r = await api(base, officer, 'PUT', '/api/v1/awards/blocks/khoi-truong-hoc/scoring', scoring);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const scoresUrl = '/api/v1/plans/1/awards/scores?block=khoi-truong-hoc&period=2026';
  const enter = (org_unit, criterion, points, note = 'Biên bản kiểm tra ngày 10/12/2026') =>
    api(base, officer, 'PUT', scoresUrl, { org_unit, criterion, points, note });
  for (const [u, a, b] of [['truong-mn', 60, 25], ['truong-th', 65, 27.5], ['truong-thcs', 62.5, 30]]) {
    assert.equal((await enter(u, 'day-hoc', a)).status, 200);
    assert.equal((await enter(u, 'phong-trao', b)).status, 200);
  }
  assert.equal((await enter('truong-mn', 'day-hoc', 70.5)).status, 422, 'over the maximum');
  assert.equal((await enter('truong-mn', 'day-hoc', 60, '')).status, 422, 'a note is required');
  assert.equal((await enter('thon-9', 'day-hoc', 10)).status, 422, 'not a unit of the block');
  r = await enter('truong-mn', 'tru', 0);
  let table = r.body;
  // 85, 92.5, 92.5: the two schools tie for the first place, the next is third (1, 1, 3)
  // the tied schools keep the Vietnamese order of their names
  assert.deepEqual(table.units.map((u) => [u.org_unit, u.total, u.rank, u.tied]),
    [['truong-thcs', 92.5, 1, true], ['truong-th', 92.5, 1, true], ['truong-mn', 85, 3, false]]);
  assert.equal(table.units[0].rank_text, 'Đồng hạng 1');
  assert.equal(table.units[2].classification_label, 'Hoàn thành tốt nhiệm vụ');
  assert.equal(table.ties.length, 1);
  assert.match(table.ties[0], /cùng 92,5 điểm: đồng hạng 1/);

  // ---- a person (with the fields the public page must never show)
  r = await api(base, officer, 'POST', '/api/v1/awards/persons',
    { full_name: 'Hoàng Thị Ngọc Ánh', gender: 'female', birth_year: 1987, job_title: 'Hiệu phó Trường THCS', org_unit: 'truong-thcs' });
  assert.equal(r.status, 201);
  const anh = r.body.person.id;
  assert.equal((await api(base, officer, 'POST', '/api/v1/awards/persons', { full_name: 'X', birth_year: 1850 })).status, 422);

  // ---- nominations and their checks
  const nominate = (body, who = officer) => api(base, who, 'POST', '/api/v1/awards/nominations', { year: 2026, form: 'giay_khen', ...body });
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-thcs', achievement: 'Dẫn đầu Khối trường học năm 2026', proposed_by: 'truong-thcs', plan_id: 1, period: '2026', block: 'khoi-truong-hoc' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const thcs = r.body.nomination;
  assert.equal(thcs.evidence.rank, 1);
  assert.equal(thcs.checks.find((c) => c.code === 'classification').result, 'pass');
  r = await nominate({ nominee_kind: 'individual', person_id: anh, achievement: 'Có sáng kiến đổi mới phương pháp dạy học môn Toán', proposed_by: 'truong-thcs' });
  assert.equal(r.status, 201);
  const ngocAnh = r.body.nomination;
  // the city's Bằng khen asks for "xuất sắc": Trường Mầm non is "tốt" (85 points), and it is proposed upward
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-mn', form: 'bang_khen_thanh_pho', achievement: 'Hoàn thành tốt nhiệm vụ năm học', proposed_by: 'truong-mn', plan_id: 1, period: '2026', block: 'khoi-truong-hoc' });
  const mn = r.body.nomination;
  assert.equal(mn.checks.find((c) => c.code === 'classification').result, 'fail');
  assert.match(mn.checks.find((c) => c.code === 'classification').reason, /Hoàn thành tốt nhiệm vụ \(85 điểm/);
  assert.equal(mn.checks.find((c) => c.code === 'form_local').result, 'warn');
  assert.equal(mn.checks.find((c) => c.code === 'rank').result, 'pass');
  // "Tập thể lao động xuất sắc" asks for the first place: the third is refused with its rank
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-mn', form: 'tap_the_lao_dong_xuat_sac', achievement: 'Tập thể lao động xuất sắc năm 2026', proposed_by: 'truong-mn', plan_id: 1, period: '2026', block: 'khoi-truong-hoc' });
  const rank = r.body.nomination.checks.find((c) => c.code === 'rank');
  assert.equal(rank.result, 'fail');
  assert.match(rank.reason, /^Hạng 3\/3 Khối trường học; .* yêu cầu từ hạng 1 trở lên$/);
  // a form for individuals only, given to a collective: refused with the reason
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-mn', form: 'lao_dong_tien_tien', achievement: 'x', proposed_by: 'truong-mn' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /chỉ tặng cho cá nhân/);
  // the catalogue is data: a form the commune stops using is refused, by its name
  r = await api(base, officer, 'PUT', '/api/v1/awards/catalogue/gia_dinh_van_hoa', { name: 'Danh hiệu Gia đình văn hóa', kind: 'title', subject: 'individual', level: 'commune', conferred_by: 'Chủ tịch Ủy ban nhân dân xã', local: true, active: false });
  assert.equal(r.status, 200);
  assert.equal(r.body.form.active, false);
  r = await nominate({ nominee_kind: 'individual', person_id: anh, form: 'gia_dinh_van_hoa', achievement: 'x', proposed_by: 'truong-thcs' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /Gia đình văn hóa đã ngừng áp dụng/);
  // the demo already awarded Trường Tiểu học for this achievement: retyped, it is still a duplicate
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-th', achievement: 'hoàn thành xuất sắc nhiệm vụ năm học 2025-2026; 100% học sinh hoàn thành chương trình', proposed_by: 'truong-th' });
  const dup = r.body.nomination;
  assert.equal(dup.duplicate, true);
  assert.match(dup.checks.find((c) => c.code === 'duplicate').reason, /01\/QĐ-UBND/);
  r = await api(base, officer, 'POST', `/api/v1/awards/nominations/${dup.id}/submit`);
  assert.equal(r.status, 422, 'a failing check stops the submission');
  assert.equal(r.body.error.details[0].code, 'duplicate');
  r = await api(base, officer, 'POST', `/api/v1/awards/nominations/${mn.id}/submit`);
  assert.equal(r.status, 422);
  // a reporter proposes for its own unit only, and sees those only
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-mn', achievement: 'x', proposed_by: 'truong-mn' }, reporter);
  assert.equal(r.status, 403);
  r = await api(base, reporter, 'GET', '/api/v1/awards/nominations');
  assert.ok(r.body.nominations.length > 0 && r.body.nominations.every((n) => n.proposed_by === 'thon-thai-lai'));
  // and the people of its own unit only, to nominate one of them
  r = await api(base, reporter, 'GET', '/api/v1/awards/persons');
  assert.ok(r.body.persons.length > 0 && r.body.persons.every((p) => p.org_unit === 'thon-thai-lai'));
  assert.equal((await api(base, reporter, 'GET', '/api/v1/awards/persons?org_unit=truong-thcs')).status, 403);
  // a dossier file: its first bytes decide its type
  const upload = (name, type, bytes) => fetch(`${base}/api/v1/awards/nominations/${ngocAnh.id}/files?kind=bao_cao&name=${encodeURIComponent(name)}`,
    { method: 'POST', headers: { ...officer.write, 'Content-Type': type }, body: bytes });
  assert.equal((await upload('báo cáo.pdf', 'application/pdf', Buffer.from('GIF89a not a pdf'))).status, 415);
  const up = await upload('Báo cáo thành tích.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
  assert.equal(up.status, 201);
  assert.equal((await up.json()).file.sha256.length, 64);
  r = await api(base, officer, 'GET', '/api/v1/awards/nominations');
  assert.equal(r.body.nominations.find((n) => n.id === ngocAnh.id).files[0].name, 'Báo cáo thành tích.pdf', 'the list carries the files too');

  // what a proposal says may change until it goes to the council; the person's record too
  r = await api(base, officer, 'PATCH', `/api/v1/awards/nominations/${ngocAnh.id}`, { achievement: 'Có sáng kiến đổi mới phương pháp dạy học môn Toán lớp 9' });
  assert.equal(r.status, 200);
  assert.match(r.body.nomination.achievement, /lớp 9$/);
  r = await api(base, officer, 'PATCH', `/api/v1/awards/persons/${anh}`, { job_title: 'Hiệu phó Trường THCS Kiến Hải' });
  assert.equal(r.status, 200);
  assert.equal(r.body.person.birth_year, 1987, 'a field not sent keeps its value');
  assert.equal((await api(base, officer, 'PATCH', `/api/v1/awards/persons/${anh}`, { birth_year: 3000 })).status, 422);
  for (const n of [thcs, ngocAnh]) {
    r = await api(base, officer, 'POST', `/api/v1/awards/nominations/${n.id}/submit`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.nomination.status, 'in_review');
  }
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/nominations/${thcs.id}/submit`)).status, 409);
  assert.equal((await api(base, officer, 'PATCH', `/api/v1/awards/nominations/${thcs.id}`, { achievement: 'Khác' })).status, 409);

  // ---- the council: the demo's five members; 2/3 of 5 is 3,33, so 3 present are not a quorum
  const council = (await api(base, officer, 'GET', '/api/v1/awards/councils')).body.councils[0];
  const members = council.members.map((m) => m.person_id);
  assert.equal(members.length, 5);
  const rule = { quorum_num: 2, quorum_den: 3, pass_num: 1, pass_den: 2, pass_strict: false, pass_base: 'present' };
  r = await api(base, officer, 'POST', '/api/v1/awards/sessions', { council_id: council.id, held_on: '2026-12-18', place: 'Hội trường UBND xã', present: members.slice(0, 3), rule, nominations: [thcs.id, ngocAnh.id] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  let ses = r.body.session;
  assert.equal(ses.quorum.met, false);
  assert.equal(ses.quorum.needed, 4);
  await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: thcs.id, yes: 3, no: 0, abstain: 0 });
  await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: ngocAnh.id, yes: 3, no: 0, abstain: 0 });
  r = await api(base, officer, 'POST', `/api/v1/awards/sessions/${ses.id}/close`);
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /3\/5 thành viên có mặt, chưa đạt tối thiểu 4/);
  // nominations stay in review while that session stays open: a new session with 4 present
  r = await api(base, officer, 'POST', '/api/v1/awards/sessions', { council_id: council.id, held_on: '2026-12-19', place: 'Hội trường UBND xã', present: members.slice(0, 4), rule, nominations: [thcs.id, ngocAnh.id] });
  const stale = ses.id;
  ses = r.body.session;
  assert.equal(ses.quorum.met, true);
  // the nominations left the session that had no quorum
  assert.equal((await api(base, officer, 'GET', `/api/v1/awards/sessions/${stale}`)).body.session.items.length, 0);
  // a nomination withdrawn while on the agenda leaves it, and the session still closes
  r = await nominate({ nominee_kind: 'collective', org_unit: 'truong-th', achievement: 'Thư viện thân thiện năm 2026', proposed_by: 'truong-th' });
  const gone = r.body.nomination;
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/nominations/${gone.id}/submit`)).status, 200);
  r = await api(base, officer, 'POST', '/api/v1/awards/sessions', { council_id: council.id, held_on: '2026-12-19', place: 'Hội trường UBND xã', present: members.slice(0, 4), rule, nominations: [thcs.id, ngocAnh.id, gone.id] });
  ses = r.body.session;
  assert.equal(ses.items.length, 3);
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/nominations/${gone.id}/withdraw`)).body.nomination.status, 'withdrawn');
  assert.equal((await api(base, officer, 'GET', `/api/v1/awards/sessions/${ses.id}`)).body.session.items.length, 2);
  assert.match(ses.rule_text, /từ 1\/2 số thành viên có mặt trở lên/);
  r = await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: thcs.id, yes: 3, no: 1, abstain: 1 });
  assert.equal(r.status, 422, 'five ballots from four members present');
  await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: thcs.id, yes: 3, no: 0, abstain: 1 });
  // exactly half of those present: "từ 1/2 trở lên" passes
  await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: ngocAnh.id, yes: 2, no: 2, abstain: 0 });
  r = await api(base, officer, 'POST', `/api/v1/awards/sessions/${ses.id}/close`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.session.items.map((i) => [i.nomination.status, i.passed]), [['approved', true], ['approved', true]]);
  assert.equal((await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: thcs.id, yes: 0, no: 4, abstain: 0 })).status, 409);
  r = await fetch(`${base}/api/v1/awards/sessions/${ses.id}/minutes.docx`, { headers: officer.read });
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  r = await fetch(`${base}/api/v1/awards/sessions/${ses.id}/proposal.docx`, { headers: officer.read });
  assert.equal(r.status, 200);
  const proposal = Buffer.from(await r.arrayBuffer());
  assert.equal(proposal.subarray(0, 2).toString(), 'PK');
  r = await fetch(`${base}/api/v1/awards/sessions/${stale}/proposal.docx`, { headers: officer.read });
  assert.equal(r.status, 409, 'no tờ trình from a session still open');

  // ---- the decision: a draft, issued by the chairman as the year's next number
  r = await api(base, officer, 'POST', '/api/v1/awards/decisions', { title: 'Về việc tặng Giấy khen năm học 2025 - 2026', signer: 'Trần Văn Đức', year: 2026, nominations: [dup.id] });
  assert.equal(r.status, 422, 'a nomination the council did not approve');
  // a draft made by mistake is deleted, its nominations free again
  r = await api(base, officer, 'POST', '/api/v1/awards/decisions', { title: 'Nhầm', signer: 'Trần Văn Đức', year: 2026, nominations: [thcs.id] });
  assert.equal((await fetch(`${base}/api/v1/awards/decisions/${r.body.decision.id}`, { method: 'DELETE', headers: officer.write })).status, 204);
  r = await api(base, officer, 'POST', '/api/v1/awards/decisions', { title: 'Về việc tặng Giấy khen năm học 2025 - 2026', signer: 'Trần Văn Đức', year: 2026, nominations: [thcs.id, ngocAnh.id] });
  assert.equal(r.status, 201);
  const dec = r.body.decision;
  assert.equal(dec.number, null);
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/decisions/${dec.id}/issue`, { signed_on: '2026-12-20' })).status, 403);
  assert.equal((await api(base, chair, 'POST', `/api/v1/awards/decisions/${dec.id}/issue`, { signed_on: '2027-01-02' })).status, 422);
  r = await api(base, chair, 'POST', `/api/v1/awards/decisions/${dec.id}/issue`, { signed_on: '2026-12-20' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.decision.number, '02/QĐ-UBND', 'the demo issued 01 in 2026');
  r = await api(base, chair, 'POST', `/api/v1/awards/decisions/${dec.id}/issue`, { signed_on: '2026-12-21' });
  assert.equal(r.status, 409, 'issued once, immutable');
  assert.equal((await fetch(`${base}/api/v1/awards/decisions/${dec.id}`, { method: 'DELETE', headers: officer.write })).status, 409);
  r = await api(base, officer, 'POST', '/api/v1/awards/decisions', { title: 'x', signer: 'y', year: 2026, nominations: [thcs.id] });
  assert.equal(r.status, 422, 'an awarded nomination is in a decision already');

  // ---- print: the PDF's text holds the names with their diacritics; page 1 kept as a PNG
  r = await fetch(`${base}/api/v1/awards/decisions/${dec.id}/certificates.pdf`, { headers: officer.read });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const pdf = path.join(dir, 'giay-khen.pdf');
  writeFileSync(pdf, Buffer.from(await r.arrayBuffer()));
  const cli = path.join(dir, 'cli.pdf');
  const out = run(['--db', db, 'award', 'certificates', '--decision', String(dec.id), '-o', cli]);
  assert.equal(out.code, 0, out.stderr);
  if (has('pdftotext')) {
    for (const file of [pdf, cli]) {
      const text = pdfText(file);
      assert.ok(text.includes('Hoàng Thị Ngọc Ánh'), text);
      assert.ok(text.includes('Trường THCS Kiến Hải'));
      assert.ok(text.includes('GIẤY KHEN') && text.includes('02/QĐ-UBND') && text.includes('CHỦ TỊCH') && text.includes('Trần Văn Đức'));
      assert.ok(text.includes('Kiến Hải, ngày 20 tháng 12 năm 2026'));
    }
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    assert.match(info, /Pages:\s+2/);
    assert.match(info, /Page size:\s+841\.89 x 595\.28/, 'A4 landscape');
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    assert.ok(fonts.split('\n').slice(2).filter(Boolean).every((l) => l.includes('LiberationSerif')), fonts);
  }
  if (has('pdftoppm')) {
    mkdirSync(PNG_DIR, { recursive: true });
    spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(PNG_DIR, 'giay-khen')]);
    assert.ok(existsSync(path.join(PNG_DIR, 'giay-khen.png')));
  }
  r = await fetch(`${base}/api/v1/awards/decisions/${dec.id}/decision.docx`, { headers: chair.read });
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString(), 'PK');

  // ---- publish: the public page, without a login, shows names, units and achievements only
  r = await api(base, officer, 'PUT', '/api/v1/awards/disclosure', { from: '2026-01-01', to: '2026-12-31', show_review: true });
  assert.equal(r.status, 200);
  let pub = await fetch(`${base}/api/v1/public/kien-hai/awards`);
  assert.equal(pub.status, 200);
  let page = await pub.json();
  const raw = JSON.stringify(page);
  const ours = page.decisions.find((d) => d.number === '02/QĐ-UBND');
  assert.ok(ours.awardees.some((a) => a.name === 'Hoàng Thị Ngọc Ánh' && a.org_unit_name === 'Trường THCS Kiến Hải'));
  for (const field of ['birth_year', 'gender', 'job_title', 'person_id', 'files', 'checks', 'yes', 'created_by']) {
    assert.ok(!raw.includes(`"${field}"`), `the public page exposes ${field}`);
  }
  assert.ok(!raw.includes('1987') && !raw.includes('female') && !raw.includes('Hiệu phó'), 'no year of birth, gender or position');
  assert.ok(page.stories.length >= 1);
  assert.equal((await fetch(`${base}/api/v1/public/khong-co/awards`)).status, 404);
  const communes = await (await fetch(`${base}/api/v1/public/communes`)).json();
  assert.deepEqual(communes.communes.map((c) => c.code), ['kien-hai']);
  // outside the window, a decision is not shown
  await api(base, officer, 'PUT', '/api/v1/awards/disclosure', { from: '2027-01-01', to: '2027-12-31', show_review: false });
  page = await (await fetch(`${base}/api/v1/public/kien-hai/awards`)).json();
  assert.equal(page.decisions.length, 0);
  assert.equal(page.under_review.length, 0);
  await api(base, officer, 'PUT', '/api/v1/awards/disclosure', { from: '2026-01-01', to: '2026-12-31', show_review: true });

  // ---- revoke one awardee, with a reason the history shows
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/decisions/${dec.id}/revoke`, { reason: 'x', nomination_id: ngocAnh.id })).status, 403);
  assert.equal((await api(base, chair, 'POST', `/api/v1/awards/decisions/${dec.id}/revoke`, { reason: ' ', nomination_id: ngocAnh.id })).status, 422);
  r = await api(base, chair, 'POST', `/api/v1/awards/decisions/${dec.id}/revoke`, { reason: 'Kê khai thành tích không trung thực', nomination_id: ngocAnh.id });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.decision.awardees.map((a) => a.revoked), [false, true]);
  r = await api(base, officer, 'GET', `/api/v1/awards/history?person=${anh}`);
  assert.equal(r.body.entries.length, 1);
  assert.equal(r.body.entries[0].status, 'revoked');
  assert.equal(r.body.entries[0].revoked_reason, 'Kê khai thành tích không trung thực');
  // a filter that is not a number is refused, not read as "any" (which would list everyone's)
  for (const [url, field] of [['/api/v1/awards/history?person=abc', 'person'], ['/api/v1/awards/history?year=26x', 'year'],
    ['/api/v1/awards/nominations?year=0', 'year'], ['/api/v1/awards/nominations?session=-1', 'session'],
    [`/api/v1/awards/decisions/${dec.id}/certificates.pdf?nomination=x`, 'nomination']]) {
    r = await api(base, officer, 'GET', url);
    assert.equal(r.status, 422, url);
    assert.match(r.body.error.message, new RegExp(`^${field}: cần một số nguyên từ`), url);
  }
  assert.match((await api(base, officer, 'GET', '/api/v1/awards/nominations?year=3000')).body.error.message, /từ 1900 đến 2100/);
  const hist = run(['--db', db, 'award', 'history', '--person', String(anh)]);
  assert.match(hist.stdout, /ĐÃ THU HỒI: Kê khai thành tích không trung thực/);
  r = await fetch(`${base}/api/v1/awards/decisions/${dec.id}/certificates.pdf`, { headers: officer.read });
  writeFileSync(pdf, Buffer.from(await r.arrayBuffer()));
  if (has('pdftotext')) assert.ok(!pdfText(pdf).includes('Hoàng Thị Ngọc Ánh'), 'no certificate for a revoked award');
  page = await (await fetch(`${base}/api/v1/public/kien-hai/awards`)).json();
  assert.equal(page.decisions.find((d) => d.number === '02/QĐ-UBND').awardees.find((a) => a.name === 'Hoàng Thị Ngọc Ánh').revoked, true);
  const csv = await fetch(`${base}/api/v1/awards/history?format=csv`, { headers: officer.read });
  assert.match(await csv.text(), /Đã thu hồi,Kê khai thành tích không trung thực/);
});

test('decisions are numbered from 01 again in a new year', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const officer = await login(base, 'vhxh');
  const chair = await login(base, 'chutich');
  const council = (await api(base, officer, 'GET', '/api/v1/awards/councils')).body.councils[0];
  const members = council.members.map((m) => m.person_id);
  let r = await api(base, officer, 'POST', '/api/v1/awards/nominations', { nominee_kind: 'individual', person_id: members[2], form: 'giay_khen', year: 2027, achievement: 'Hoàn thành xuất sắc nhiệm vụ năm 2027', proposed_by: 'vh-xh' });
  const n = r.body.nomination;
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/nominations/${n.id}/submit`)).status, 200);
  r = await api(base, officer, 'POST', '/api/v1/awards/sessions', { council_id: council.id, held_on: '2027-12-10', place: 'UBND xã', present: members, nominations: [n.id] });
  const ses = r.body.session;
  // the default rule: more than half of every member; 3 of 5 passes
  await api(base, officer, 'PUT', `/api/v1/awards/sessions/${ses.id}/votes`, { nomination_id: n.id, yes: 3, no: 2, abstain: 0 });
  assert.equal((await api(base, officer, 'POST', `/api/v1/awards/sessions/${ses.id}/close`)).status, 200);
  r = await api(base, officer, 'POST', '/api/v1/awards/decisions', { title: 'Về việc tặng Giấy khen năm 2027', signer: 'Trần Văn Đức', year: 2027, nominations: [n.id] });
  r = await api(base, chair, 'POST', `/api/v1/awards/decisions/${r.body.decision.id}/issue`, { signed_on: '2027-12-15' });
  assert.equal(r.body.decision.number, '01/QĐ-UBND');
});

test('history: a merged unit keeps its predecessors\' awards; a form given too soon after the last is flagged', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const admin = await login(base, 'admin');
  const officer = await login(base, 'vhxh');
  // an award from before thidua, recorded for a unit that later merges into another
  let r = await api(base, officer, 'POST', '/api/v1/awards/history', { nominee_kind: 'collective', org_unit: 'thon-lao-phong-1', form: 'giay_khen', year: 2024, achievement: 'Hoàn thành xuất sắc nhiệm vụ năm 2024', decision_number: '12/QĐ-UBND', decision_date: '2024-12-20', issuer: 'Chủ tịch UBND xã Kiến Hải' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal((await api(base, officer, 'POST', '/api/v1/awards/mergers', { into: 'thon-9', from: ['thon-lao-phong-1'], on: '2025-07-01' })).status, 403, 'an admin records mergers');
  r = await api(base, admin, 'POST', '/api/v1/awards/mergers', { into: 'thon-9', from: ['thon-lao-phong-1'], on: '2025-07-01' });
  assert.equal(r.status, 201);
  assert.deepEqual(r.body.merger.from.map((f) => f.code), ['thon-lao-phong-1']);
  r = await api(base, officer, 'GET', '/api/v1/awards/history?org_unit=thon-9');
  const inherited = r.body.entries.find((e) => e.decision_number === '12/QĐ-UBND');
  assert.ok(inherited, 'the predecessor\'s award is in the merged unit\'s history');
  assert.match(inherited.via, /Thôn Lão Phong 1 \(trước khi hợp nhất ngày 01\/07\/2025\)/);
  r = await api(base, officer, 'GET', `/api/v1/awards/history?q=${encodeURIComponent('xuat sac nhiem vu nam 2024')}`);
  assert.equal(r.body.entries.length, 1, 'searched without diacritics');
  // the demo recorded the city's Bằng khen for Thôn Thái Lai in 2025; that form waits two years
  r = await api(base, officer, 'POST', '/api/v1/awards/nominations', { nominee_kind: 'collective', org_unit: 'thon-thai-lai', form: 'bang_khen_thanh_pho', year: 2026, achievement: 'Dẫn đầu phong trào xây dựng nông thôn mới năm 2026', proposed_by: 'thon-thai-lai' });
  const interval = r.body.nomination.checks.find((c) => c.code === 'interval');
  assert.equal(interval.result, 'fail');
  assert.match(interval.reason, /năm 2025 \(2345\/QĐ-UBND\)/);
});

