/**
 * What the console may take from the rest of the tree: types only (erased at build), except the pure
 * domain/text.ts, domain/validators.ts and domain/registration.ts (which imports only those two),
 * bundled so the browser speaks the server's own messages;
 * and antd components each from `antd/es/<name>`, since importing the `antd` barrel puts every
 * component into the sign-in page's first chunk.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');
/** Server files whose code the console may bundle. */
const BUNDLED_FROM_SERVER = [
  'domain/text.ts',
  'domain/validators.ts',
  'domain/registration.ts',
  'domain/enterprise-change.ts',
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(p) ? [p] : [];
  });
}

const files = sources(path.join(WEB, 'src'));

test('the console has sources to check', () => {
  expect(files.length).toBeGreaterThan(10);
});

test.each(files.map((f) => [path.relative(ROOT, f), f]))(
  '%s bundles nothing of the server but its pure texts and rules',
  (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
      const [statement, typeOnly, spec] = m;
      if (typeOnly) continue;
      expect({ statement, barrel: spec === 'antd' }).toEqual({ statement, barrel: false });
      if (!spec.startsWith('.')) continue;
      const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
      if (target.startsWith(`web${path.sep}`)) continue;
      expect({ statement, allowed: BUNDLED_FROM_SERVER.includes(`${target}.ts`) }).toEqual({
        statement,
        allowed: true,
      });
    }
  },
);
