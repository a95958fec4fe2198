/**
 * Each workflow file's header lists its live patch IDs ("Live patch IDs: a (why); b (why)." or "none"),
 * and that list is exactly the IDs its code passes to `patched()` / `deprecatePatch()`.
 */
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, '..', '..', 'workflows');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'));

/** The IDs the header names, or null when the file has no such line. */
function headerIds(text: string): string[] | null {
  const header = /\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
  const at = header.indexOf('Live patch IDs:');
  if (at < 0) return null;
  let list = header
    .slice(at + 'Live patch IDs:'.length)
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, ''))
    .join(' ');
  // Drop the explanations in parentheses (innermost first), then split the names.
  while (/\([^()]*\)/.test(list)) list = list.replace(/\([^()]*\)/g, '');
  const ids = list
    .split(';')
    .map((s) => s.trim().replace(/\.$/, '').trim())
    .filter((s) => s !== '');
  return ids.length === 1 && ids[0] === 'none' ? [] : ids.sort();
}

/** The IDs the code passes to patched() or deprecatePatch(). */
function calledIds(text: string): string[] {
  return [...new Set([...text.matchAll(/\b(?:patched|deprecatePatch)\(\s*'([^']+)'/g)].map((m) => m[1]))].sort();
}

test('every workflow that patches states its patch IDs in its header', () => {
  const unlisted = files.filter((f) => {
    const text = fs.readFileSync(path.join(DIR, f), 'utf8');
    return calledIds(text).length > 0 && headerIds(text) === null;
  });
  expect(unlisted).toEqual([]);
});

const headed = files.filter((f) => headerIds(fs.readFileSync(path.join(DIR, f), 'utf8')) !== null);

test.each(headed)("%s: the header's live patch IDs are the patched() calls", (file) => {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  expect(headerIds(text)).toEqual(calledIds(text));
});

test('patch IDs are written as literals, so this test sees them all', () => {
  for (const f of files) {
    const text = fs.readFileSync(path.join(DIR, f), 'utf8');
    expect(text).not.toMatch(/\b(?:patched|deprecatePatch)\(\s*[^'\s]/);
  }
});
