// isolation.test.mjs — two communes on one server: an account of one commune gets 404 for every
// record of the other, on every route the server has. The routes come from the OpenAPI document,
// which the http/api unit test proves equal to the router's table: a route added without a
// policy check, or without a case here, fails this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoDb, login, run, serve, tempDir } from './helpers.mjs';

const PDF = Buffer.from('%PDF-1.4\n% biên bản\n1 0 obj <<>> endobj\n%%EOF\n');
const json = (h) => ({ ...h, 'Content-Type': 'application/json' });

/** Adds an account to a commune through the command line (its password on standard input). */
function addUser(db, name, role, commune, unit) {
  const args = ['--db', db, 'user', 'add', name, '--role', role, '--commune', commune];
  if (unit) args.push('--unit', unit);
  const r = run(args, { input: 'mat-khau-xa-khac-2026\n' });
  assert.equal(r.code, 0, r.stderr);
}

test('an account of one commune gets 404 for every record of another, on every route', async (t) => {
  const db = demoDb(t);
  const { base } = await serve(t, db);
  const a = await login(base, 'admin'); // commune A: the demo's Kiến Hải, plan 1
  const call = (who, method, url, body, type = 'application/json') => fetch(base + url, {
    method, headers: { ...(method === 'GET' ? who.read : who.write), 'Content-Type': type },
    body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });

  // commune B: the same plan under another commune's code, with units of the same codes
  const doc = await (await call(a, 'GET', '/api/v1/plans/1/plan-file')).json();
  const docB = { ...doc, commune: { ...doc.commune, code: 'xa-khac', name: 'Xã Khác' } };
  const file = path.join(tempDir(t), 'xa-khac.json');
  writeFileSync(file, JSON.stringify(docB));
  const imported = run(['--db', db, 'plan', 'import', file]);
  assert.equal(imported.code, 0, imported.stderr);
  addUser(db, 'admin-b', 'admin', 'xa-khac');
  addUser(db, 'bao-cao-b', 'reporter', 'xa-khac', 'thon-thai-lai');
  const b = await login(base, 'admin-b', 'mat-khau-xa-khac-2026');
  const rb = await login(base, 'bao-cao-b', 'mat-khau-xa-khac-2026');
  const plansB = (await (await call(b, 'GET', '/api/v1/plans')).json()).items;
  assert.deepEqual(plansB.map((p) => p.commune ?? p.commune_code ?? 'xa-khac').length, 1);
  const planB = plansB[0].id;
  assert.notEqual(planB, 1);
  // B's own plan answers: a 404 below is the policy, not a broken route
  assert.equal((await call(b, 'GET', `/api/v1/plans/${planB}`)).status, 200);
  assert.equal((await call(rb, 'GET', `/api/v1/plans/${planB}/values`)).status, 200);

  // A's records: a figure with a file, the accounts, the audit trail
  const fig = { indicator: '1.3.1', org_unit: 'thon-thai-lai', period: '2026-11' };
  assert.equal((await call(a, 'PUT', '/api/v1/plans/1/values', { ...fig, value: '255,5' })).status, 200);
  const up = await call(a, 'POST', `/api/v1/plans/1/values/evidence?${new URLSearchParams({ ...fig, name: 'bien-ban.pdf' })}`, PDF, 'application/pdf');
  assert.equal(up.status, 201);
  const evidenceA = (await up.json()).file.id;
  const usersA = (await (await call(a, 'GET', '/api/v1/users?limit=500')).json()).items;
  const userA = usersA.find((u) => u.username === 'thaolai').id;
  const auditA = (await (await call(a, 'GET', '/api/v1/audit?limit=500')).json()).items;
  assert.ok(auditA.length > 0);
  const issued = await call(a, 'POST', '/api/v1/plans/1/reports/consolidated/issue?date=2026-12-05');
  assert.equal(issued.status, 201);
  const documentA = (await issued.json()).document.id;

  // A's awards (the demo's worked example) and a dossier file on its first nomination
  const nominationA = (await (await call(a, 'GET', '/api/v1/awards/nominations')).json()).nominations.at(-1).id;
  const dossier = await call(a, 'POST', `/api/v1/awards/nominations/${nominationA}/files?kind=bao_cao&name=bao-cao.pdf`, PDF, 'application/pdf');
  assert.equal(dossier.status, 201);
  const awardIds = {
    nominations: nominationA, files: (await dossier.json()).file.id,
    sessions: (await (await call(a, 'GET', '/api/v1/awards/sessions')).json()).sessions[0].id,
    decisions: (await (await call(a, 'GET', '/api/v1/awards/decisions')).json()).decisions[0].id,
    stories: (await (await call(a, 'GET', '/api/v1/awards/stories')).json()).stories[0].id,
    persons: (await (await call(a, 'GET', '/api/v1/awards/persons')).json()).persons[0].id,
  };
  const awardActions = { nominations: 'submit', decisions: 'issue', stories: 'publish' };

  // what each route is sent, with A's record in the path
  const ids = { plans: 1, users: userA, evidence: evidenceA, documents: documentA };
  const bodies = {
    'PUT /api/v1/plans/{id}/values': { ...fig, value: '1' },
    'POST /api/v1/plans/{id}/values/{action}': { org_unit: 'thon-thai-lai', period: '2026-11' },
    'PUT /api/v1/plans/{id}/plan-file': doc,
    'PUT /api/v1/plans/{id}/unit-targets': { indicator: '1.3.1', org_unit: 'thon-thai-lai', target: 'khoảng 1.200 con' },
    'PATCH /api/v1/users/{id}': { display_name: 'Đổi tên' },
    'POST /api/v1/users/{id}/reset-password': {},
    'PUT /api/v1/plans/{id}/awards/scores': { org_unit: 'thon-9', criterion: 'phong-trao', points: 1, note: 'x' },
    'PUT /api/v1/awards/sessions/{id}/votes': { nomination_id: nominationA, yes: 0, no: 0, abstain: 0 },
    'POST /api/v1/awards/decisions/{id}/{action}': { signed_on: '2026-12-31' },
  };
  const queries = {
    'POST /api/v1/plans/{id}/values/evidence': `?${new URLSearchParams({ ...fig, name: 'x.pdf' })}`,
    'DELETE /api/v1/plans/{id}/unit-targets': '?indicator=1.3.1&org_unit=thon-thai-lai',
    'GET /api/v1/plans/{id}/completeness': '?period=2026-Q4',
    'GET /api/v1/plans/{id}/awards/scores': '?block=khoi-thon&period=2026',
    'PUT /api/v1/plans/{id}/awards/scores': '?block=khoi-thon&period=2026',
    'POST /api/v1/awards/nominations/{id}/files': '?kind=bao_cao&name=x.pdf',
  };
  // routes that name no record of a commune: what they answer holds nothing of one
  const noRecord = new Set(['GET /healthz', 'GET /metrics', 'GET /api/v1/openapi.json', 'POST /api/v1/auth/login',
    'POST /api/v1/auth/logout', 'GET /api/v1/auth/me', 'POST /api/v1/auth/password', 'POST /api/v1/targets/preview',
    'POST /api/v1/extract',
    // the public pages' index: each commune's code and name, public by design
    'GET /api/v1/public/communes']);
  // lists: checked below to hold nothing of A
  const lists = new Set(['GET /api/v1/plans', 'POST /api/v1/plans', 'GET /api/v1/communes', 'GET /api/v1/users',
    'POST /api/v1/users', 'GET /api/v1/audit', 'GET /api/v1/audit/actions', 'GET /api/v1/contacts',
    'PUT /api/v1/contacts/{code}', 'GET /api/v1/settings/smtp', 'PUT /api/v1/settings/smtp',
    // awards: the account's own commune's lists, codes and settings (checked below)
    'GET /api/v1/awards/blocks', 'PUT /api/v1/awards/blocks/{code}/scoring', 'GET /api/v1/awards/catalogue',
    'PUT /api/v1/awards/catalogue/{code}', 'GET /api/v1/awards/persons', 'POST /api/v1/awards/persons',
    'GET /api/v1/awards/history', 'POST /api/v1/awards/history', 'GET /api/v1/awards/mergers',
    'POST /api/v1/awards/mergers', 'GET /api/v1/awards/nominations', 'POST /api/v1/awards/nominations',
    'GET /api/v1/awards/councils', 'POST /api/v1/awards/councils', 'GET /api/v1/awards/sessions',
    'POST /api/v1/awards/sessions', 'GET /api/v1/awards/decisions', 'POST /api/v1/awards/decisions',
    'GET /api/v1/awards/disclosure', 'PUT /api/v1/awards/disclosure', 'GET /api/v1/awards/stories',
    'POST /api/v1/awards/stories', 'GET /api/v1/public/{commune}/awards']);

  const openapi = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  let tried = 0;
  for (const [pattern, item] of Object.entries(openapi.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m])) {
      const route = `${method.toUpperCase()} ${pattern}`;
      if (noRecord.has(route) || lists.has(route)) continue;
      // a city's views (city.test.mjs) are the city officer's alone: refused to a commune's accounts
      if (pattern.startsWith('/api/v1/city/')) {
        for (const who of [b, rb]) assert.equal((await call(who, method.toUpperCase(), pattern)).status, 403, `${route} as ${who.user.username}`);
        tried++;
        continue;
      }
      const m = /^\/api\/v1\/(plans|users|evidence|documents)\/\{id\}/.exec(pattern);
      const aw = /^\/api\/v1\/awards\/(nominations|files|sessions|decisions|stories|persons)\/\{id\}/.exec(pattern);
      assert.ok(m || aw, `${route}: no isolation case in this test; add one (and a policy check in the router)`);
      const url = pattern.replace('{id}', m ? ids[m[1]] : awardIds[aw[1]]).replace('{action}', aw ? awardActions[aw[1]] ?? 'submit' : '{action}').replace('{action}', 'submit').replace('{code}', '1.3.1').replace('{file}', 'evaluation.xlsx').replace('{kind}', 'consolidated') + (queries[route] ?? '');
      const isEvidenceUpload = route === 'POST /api/v1/plans/{id}/values/evidence' || route === 'POST /api/v1/awards/nominations/{id}/files';
      const body = isEvidenceUpload ? PDF : bodies[route] ?? (method === 'get' || method === 'delete' ? undefined : {});
      for (const who of [b, rb]) {
        const r = await call(who, method.toUpperCase(), url, body, isEvidenceUpload ? 'application/pdf' : 'application/json');
        // a reporter's role may forbid the route outright (403 before any record is looked at)
        if (who === rb && r.status === 403 && (await r.clone().json()).error.message.includes('vai trò')) continue;
        assert.equal(r.status, 404, `${route} as ${who.user.username}: ${await r.clone().text()}`);
        const e = await r.json();
        assert.equal(e.error.code, 'not_found', route);
        // the message is the one of a record that never existed
        assert.doesNotMatch(e.error.message, /Kiến Hải|kien-hai/, route);
      }
      tried++;
    }
  }
  assert.ok(tried >= 20, `only ${tried} routes tried`);

  // the same plan id through its other doors: reporter B's unit code exists in A too (the old bug)
  const put = await call(rb, 'PUT', '/api/v1/plans/1/values', { ...fig, value: '9' });
  assert.equal(put.status, 404);
  const still = await (await call(a, 'GET', '/api/v1/plans/1/values?unit=thon-thai-lai&period=2026-11&indicator=1.3.1')).json();
  assert.equal(still.items[0].value, 255.5);

  // lists hold B's records only
  const plans = (await (await call(b, 'GET', '/api/v1/plans')).json()).items;
  assert.deepEqual(plans.map((p) => p.id), [planB]);
  const communes = (await (await call(b, 'GET', '/api/v1/communes')).json()).items;
  assert.deepEqual(communes.map((c) => c.code), ['xa-khac']);
  const users = (await (await call(b, 'GET', '/api/v1/users')).json()).items;
  assert.deepEqual(users.map((u) => u.username).sort(), ['admin-b', 'bao-cao-b']);
  const audit = (await (await call(b, 'GET', '/api/v1/audit?limit=500')).json()).items;
  const seenA = new Set(auditA.map((e) => e.id));
  assert.ok(audit.every((e) => !seenA.has(e.id)), 'B sees none of A\'s audit entries');
  assert.ok(!audit.some((e) => e.actor === 'admin'));
  // B's awards hold nothing of A's worked example; A's public page is not B's
  for (const [url, key] of [['/api/v1/awards/nominations', 'nominations'], ['/api/v1/awards/sessions', 'sessions'],
    ['/api/v1/awards/decisions', 'decisions'], ['/api/v1/awards/councils', 'councils'], ['/api/v1/awards/persons', 'persons'],
    ['/api/v1/awards/stories', 'stories'], ['/api/v1/awards/history', 'entries'], ['/api/v1/awards/mergers', 'mergers']]) {
    const list = (await (await call(b, 'GET', url)).json())[key];
    assert.deepEqual(list, [], `${url} as admin-b`);
  }
  const publicB = await (await fetch(`${base}/api/v1/public/xa-khac/awards`)).json();
  assert.deepEqual([publicB.decisions, publicB.stories, publicB.under_review], [[], [], []]);
  // the actions of the trail are counted over B's entries alone
  const auditTotal = (await (await call(b, 'GET', '/api/v1/audit?limit=1')).json()).total;
  const actions = (await (await call(b, 'GET', '/api/v1/audit/actions')).json()).items;
  assert.equal(actions.reduce((sum, x) => sum + x.count, 0), auditTotal);
  assert.ok(!actions.some((x) => x.action === 'evidence.upload' || x.action === 'evidence.attach'));
  // a plan, or an account, is made in one's own commune only
  const made = await call(b, 'POST', '/api/v1/plans', doc);
  assert.equal(made.status, 403);
  assert.equal((await (await call(a, 'GET', '/api/v1/plans')).json()).total, 1);
  const created = await call(b, 'POST', '/api/v1/users', { username: 'xem-b', role: 'viewer', password: 'mat-khau-dai-2026' });
  assert.equal(created.status, 201);
  assert.ok(!(await (await call(a, 'GET', '/api/v1/users?limit=500')).json()).items.some((u) => u.username === 'xem-b'));
  // contacts and the mail server are the commune's: B's, with the same unit codes, are its own
  const contactA = { person: 'Người của xã A', email: 'a@kienhai.example.vn' };
  assert.equal((await call(a, 'PUT', '/api/v1/contacts/thon-thai-lai', contactA)).status, 200);
  assert.equal((await call(a, 'PUT', '/api/v1/settings/smtp', { url: 'smtp://mail.kienhai.example.vn:587', sender: 'a@kienhai.example.vn', password: 'bi-mat-xa-a' })).status, 200);
  const contactsB = (await (await call(b, 'GET', '/api/v1/contacts?limit=500')).json()).items;
  assert.ok(!JSON.stringify(contactsB).includes('kienhai'), 'B sees none of A\'s contacts');
  assert.equal((await call(b, 'PUT', '/api/v1/contacts/thon-thai-lai', { email: 'b@xakhac.example.vn' })).status, 200);
  const contactsA = (await (await call(a, 'GET', '/api/v1/contacts?limit=500')).json()).items;
  assert.equal(contactsA.find((c) => c.org_unit === 'thon-thai-lai').email, contactA.email);
  const smtpB = await (await call(b, 'GET', '/api/v1/settings/smtp')).json();
  assert.equal(smtpB.configured, false);
  assert.equal((await call(b, 'PUT', '/api/v1/settings/smtp', { url: 'smtp://mail.xakhac.example.vn:587', sender: 'b@xakhac.example.vn' })).status, 200);
  assert.equal((await (await call(a, 'GET', '/api/v1/settings/smtp')).json()).url, 'smtp://mail.kienhai.example.vn:587');
  // and A sees nothing of B either
  assert.equal((await call(a, 'GET', `/api/v1/plans/${planB}`)).status, 404);
  assert.deepEqual((await (await call(a, 'GET', '/api/v1/communes')).json()).items.map((c) => c.code), ['kien-hai']);
});

test("a reporter's completeness holds its own unit, in the list and in the summary", async (t) => {
  const { base } = await serve(t, demoDb(t));
  const rep = await login(base, 'thaolai');
  const officer = await login(base, 'vhxh');
  const url = `${base}/api/v1/plans/1/completeness?period=2026-Q3&as_of=2026-11-25`;
  const all = await (await fetch(url, { headers: officer.read })).json();
  assert.ok(all.units.length > 1);
  const own = await (await fetch(url, { headers: rep.read })).json();
  assert.deepEqual(own.units.map((u) => u.org_unit), ['thon-thai-lai']);
  assert.equal(own.summary.units, 1);
  const line = all.units.find((u) => u.org_unit === 'thon-thai-lai');
  assert.equal(own.summary.none + own.summary.partial + own.summary.complete_on_time + own.summary.complete_late, 1);
  assert.equal(own.summary.none, line.status === 'missing' || line.status === 'not_yet' ? 1 : 0);
  // the targets without data are the unit's own, never the commune's others
  const plan = await (await fetch(`${base}/api/v1/plans/1`, { headers: rep.read })).json();
  const mine = new Set();
  const visit = (list) => list.forEach((n) => { if ((n.responsible ?? []).includes('thon-thai-lai')) mine.add(n.code); visit(n.children ?? []); });
  visit(plan.indicators);
  for (const tg of own.targets_without_data) assert.ok(mine.has(tg.code), `${tg.code} is not Thôn Thái Lai's`);
});
