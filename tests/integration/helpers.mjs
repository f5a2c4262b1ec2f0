// helpers.mjs — runs the real thidua binary in a fresh temporary directory, and serves it.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export const BIN = process.env.THIDUA_BIN ?? path.resolve('build/thidua');
export const SOURCE = process.env.THIDUA_SOURCE ?? path.resolve('.');
export const SHARED = path.resolve(SOURCE, '..', 'shared');

/** The PostgreSQL server the suite runs against (scripts/pg-test.sh sets it, e.g.
 * postgresql://postgres@127.0.0.1:5433), or '' for SQLite files. */
export const PG = process.env.THIDUA_TEST_PG ?? '';

const pgMade = new Set();
/** The database a test names by a file path: the path itself on SQLite; on PostgreSQL a database
 * of its own per path (created on first use, so every test starts empty as with a new file). */
export function dbUrl(file) {
  if (!PG || !file || /^[a-z]+:/.test(file)) return file;
  const name = 'td_' + createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 24);
  if (!pgMade.has(name)) {
    const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `${PG}/postgres`, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`createdb ${name}: ${r.stderr}`);
    pgMade.add(name);
  }
  return `${PG}/${name}`;
}

/** args with the database after --db as dbUrl names it. */
function dbArgs(args) {
  return args.map((a, i) => (i > 0 && args[i - 1] === '--db' ? dbUrl(a) : a));
}

/** Runs SQL in the test's database (sqlite3 or psql); returns {code, stdout, stderr}. Rows come as
 * lines of |-separated columns on both. */
export function sql(file, query) {
  const url = file.startsWith('sqlite:') ? file : dbUrl(file);
  const r = /^postgres(ql)?:/.test(url)
    ? spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', url.replace(/^sqlite:/, ''), query], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory removed when the test ends. */
export function tempDir(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'thidua-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs thidua with args; returns {code, stdout, stderr}. */
export function run(args, { cwd, env = {}, input } = {}) {
  if (env.THIDUA_DB) env = { ...env, THIDUA_DB: dbUrl(env.THIDUA_DB) };
  const r = spawnSync(BIN, dbArgs(args), {
    cwd, input, encoding: 'utf8',
    env: { ...process.env, THIDUA_DB: '', COLUMNS: '160', ...env },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs thidua and parses its JSON output; fails the test on a non-zero exit. */
export function runJson(args, opts) {
  const r = run([...args, '--json'], opts);
  if (r.code !== 0) throw new Error(`thidua ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every indicator of a tree, depth first. */
export function* walk(indicators) {
  for (const ind of indicators) {
    yield ind;
    yield* walk(ind.children);
  }
}

/** Starts `thidua serve` on a free loopback port; resolves with {base, child, stopped}. */
export function serve(t, db, extra = []) {
  const child = spawn(BIN, ['--db', dbUrl(db), 'serve', '--listen', '127.0.0.1:0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stopped = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  t.after(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, child, stopped });
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}

/** A database with the demo plan, its accounts and values; returns its path. */
export function demoDb(t) {
  const db = path.join(tempDir(t), 'demo.db');
  const r = run(['--db', db, 'init', '--demo']);
  if (r.code !== 0) throw new Error(`init --demo: ${r.stderr}`);
  return db;
}

/** The password of the demo accounts. */
export const PASSWORD = 'thidua-demo-2026';

/** Logs in; returns {read: headers for reading, write: headers with the CSRF token, user}. */
export async function login(base, username, password = PASSWORD) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const body = await r.json();
  return { read: { Cookie: cookie }, write: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token }, user: body.user, setCookie: r.headers.get('set-cookie') };
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A zip of files {name: string or Buffer}, stored, or deflated with {deflate: true}; declare
 * {name: size} writes another uncompressed size in the headers than the real one, as an
 * attacker would. */
export function zip(files, { deflate = false, declare = {} } = {}) {
  const parts = [], central = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content), nb = Buffer.from(name), crc = crc32(data);
    const packed = deflate ? deflateRawSync(data, { level: 9 }) : data, size = declare[name] ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nb.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(deflate ? 8 : 0, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nb.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, nb, packed);
    central.push(entry, nb);
    offset += 30 + nb.length + packed.length;
  }
  const cd = Buffer.concat(central), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** A paragraph for a line; a Word table (w:tbl, a row of w:tc cells each) for an array of rows. */
function block(l) {
  const para = (text) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
  if (!Array.isArray(l)) return para(l);
  return '<w:tbl>' + l.map((row) => '<w:tr>' + row.map((c) => `<w:tc>${para(c)}</w:tc>`).join('') + '</w:tr>').join('') + '</w:tbl>';
}

/** A .docx: a zip (stored, not deflated) holding word/document.xml with one paragraph a line,
 * and a Word table where an item is an array of rows of cells. */
export function docx(lines) {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    lines.map(block).join('') + '</w:body></w:document>';
  return zip({ '[Content_Types].xml': '<?xml version="1.0"?><Types/>', 'word/document.xml': xml });
}
