// webtexts.test.mjs — every text the web front end shows lives in web/src/lib/texts.ts, so an
// English translation is one file. A Vietnamese word anywhere else in web/src, outside a
// comment, is a text that a translation would miss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SOURCE } from './helpers.mjs';

const SRC = path.join(SOURCE, 'web', 'src');
// letters with Vietnamese diacritics; "đ" alone is left out (the search folding maps it to "d")
const VIETNAMESE = /[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĨĩŨũƠơƯưẠ-ỹ]/;

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(svelte|ts)$/.test(e.name) && e.name !== 'texts.ts') yield p;
  }
}

/** The file with its comments blanked: //, /* *\/ and <!-- -->, leaving strings alone. */
function withoutComments(text) {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('the front end shows no text that is not in texts.ts', () => {
  const found = [];
  let files = 0;
  for (const file of sources(SRC)) {
    files++;
    withoutComments(readFileSync(file, 'utf8')).split('\n').forEach((line, i) => {
      if (VIETNAMESE.test(line)) found.push(`${path.relative(SOURCE, file)}:${i + 1}: ${line.trim().slice(0, 80)}`);
    });
  }
  assert.ok(files >= 10, `the front end's sources were read (${files})`);
  assert.deepEqual(found, [], 'texts outside web/src/lib/texts.ts');
});
