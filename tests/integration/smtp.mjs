// smtp.mjs — a real SMTP server on loopback for the reminder tests: Debian's python3-aiosmtpd
// (smtp_server.py) requiring STARTTLS with a self-signed certificate made here, and the messages
// it received, decoded (RFC 2047 subject, base64 body).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SOURCE } from './helpers.mjs';

// Debian's interpreter, where python3-aiosmtpd lives (a pyenv python3 on PATH has not got it)
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SMTP_SERVER = path.join(SOURCE, 'tests', 'integration', 'smtp_server.py');
export const SMTP_USER = 'vanhoa-mailer';
export const SMTP_PASSWORD = 'mật-khẩu-thư-2026';

/** A port nothing listens on now. */
export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate for 127.0.0.1: {cert, key}. */
export function certificate(dir) {
  const cert = path.join(dir, 'cert.pem'), key = path.join(dir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return { cert, key };
}

/** Starts the SMTP server; resolves with {stop} once it listens (stopped when test t ends, if given). */
export function smtpServer(t, port, { cert, key }, out) {
  const child = spawn(PYTHON, [SMTP_SERVER, String(port), cert, key, out, SMTP_USER, SMTP_PASSWORD],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = async () => { child.kill('SIGKILL'); await exited; };
  if (t) t.after(stop);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => { log += d; if (/PORT \d+/.test(log)) resolve({ stop }); });
    child.stderr.on('data', (d) => { log += d; });
    child.on('exit', () => reject(new Error(`smtp server exited: ${log}`)));
  });
}

/** The messages the SMTP server received: {from, to, login, headers, subject, body}. */
export function received(out) {
  if (!existsSync(out)) return [];
  return readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => {
    const m = JSON.parse(line);
    const [head, ...rest] = m.data.split('\r\n\r\n');
    const headers = {};
    for (const h of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
      const i = h.indexOf(':');
      headers[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
    }
    // RFC 2047: the encoded words of a folded header, joined
    const decode = (v) => v.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_, b) => Buffer.from(b, 'base64').toString('latin1'));
    const subject = Buffer.from(decode(headers.subject), 'latin1').toString('utf8');
    const body = Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8');
    return { ...m, headers, subject, body };
  });
}
