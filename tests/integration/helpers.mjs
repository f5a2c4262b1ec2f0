// helpers.mjs — runs the real thidua binary in a fresh temporary directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BIN = process.env.THIDUA_BIN ?? path.resolve('build/thidua');
export const SOURCE = process.env.THIDUA_SOURCE ?? path.resolve('.');
export const SHARED = path.resolve(SOURCE, '..', 'shared');

/** A temporary directory removed when the test ends. */
export function tempDir(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'thidua-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs thidua with args; returns {code, stdout, stderr}. */
export function run(args, { cwd, env = {}, input } = {}) {
  const r = spawnSync(BIN, args, {
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
