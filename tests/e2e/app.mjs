// app.mjs — the app for a browser test: the demo database served with the built front end, a
// chromium, and log-ins. A test file starts its own app, so that what it changes (passwords,
// accounts) touches no other file's tests.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BIN, PASSWORD, SOURCE } from '../integration/helpers.mjs';

export const WEB = path.join(SOURCE, 'web', 'dist');
export const SHOTS = path.join(SOURCE, 'build', 'screenshots');

/** Starts the server on a fresh demo database and a browser; resolves with {base, browser, stop}.
 * env: more of the server's environment (THIDUA_NOW for a given day); setup(db): run on the
 * database before the server starts (contacts, a mail server). */
export async function startApp({ env = {}, setup } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'thidua-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  const db = path.join(dir, 'demo.db');
  assert.equal(spawnSync(BIN, ['--db', db, 'init', '--demo']).status, 0);
  if (setup) await setup(db);
  const server = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--web', WEB],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out); if (m) resolve(m[0]); });
    server.on('exit', () => reject(new Error(out)));
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  // the server's Content-Security-Policy has no 'unsafe-inline': whatever the app does that the
  // policy blocks shows here, and fails the test file when its app stops
  const violations = [];
  const stop = async () => {
    await browser.close();
    assert.deepEqual(violations, [], 'Content-Security-Policy violations');
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, browser, stop, violations };
}

/** Records every Content-Security-Policy violation Chromium reports on page. */
export function watchPolicy(app, page) {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) app.violations.push(`${page.url()}: ${m.text()}`);
  });
}

/** Fills the log-in form; resolves with {context, page} once the header shows who is logged in. */
export async function logIn(app, username, { password = PASSWORD, viewport = { width: 1280, height: 900 } } = {}) {
  const context = await app.browser.newContext({ viewport, locale: 'vi-VN', acceptDownloads: true });
  const page = await context.newPage();
  watchPolicy(app, page);
  await page.goto(app.base + '/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
  return { context, page };
}

/** The log-in form's refusal for username/password, as the page shows it. */
export async function refusedLogIn(app, username, password) {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  watchPolicy(app, page);
  await page.goto(app.base + '/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  const text = await (await page.waitForSelector('[role=alert]')).textContent();
  await context.close();
  return text;
}

// What does not fit a phone: the page wider than the screen, or text spilling out of its box (a
// date wider than its tile). A box that scrolls on purpose (a wide table) is fine.
export function phoneMisfits() {
  const out = [];
  const wider = document.documentElement.scrollWidth - window.innerWidth;
  if (wider > 1) out.push(`page ${wider}px wider than the screen`);
  for (const el of document.querySelectorAll('main *'))
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' &&
      !['SELECT', 'INPUT', 'TEXTAREA', 'CANVAS'].includes(el.tagName) && !el.closest('.chart, .scroll'))
      out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${el.scrollWidth}>${el.clientWidth}`);
  return out;
}

// WCAG AA: every piece of text against the background it sits on, at least 4.5:1 (3:1 when large).
export function contrastFailures() {
  const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0.5) return c; }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('[disabled], details:not([open]) > :not(summary), canvas, option')) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const s = getComputedStyle(el);
    const [a, b] = [lum(rgb(s.color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return out;
}
