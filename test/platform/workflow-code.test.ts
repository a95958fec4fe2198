/** Workflow code stays deterministic: no I/O, clocks or randomness, and only type imports of activities. */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const FORBIDDEN =
  /^(node:|fs$|path$|crypto$|child_process$|http|net$|pg$|kysely$|pkcs11js$|pino$|nodemailer$|@alicloud\/|@peculiar\/|@temporalio\/(client|worker|activity)$)/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Files a workflow bundle may pull in: workflows/, domain/, contracts/. */
const files = ['workflows', 'domain', 'contracts'].flatMap((d) => sources(path.join(ROOT, d)));

test.each(files.map((f) => [path.relative(ROOT, f), f]))('%s imports nothing non-deterministic', (_name, file) => {
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    const [, typeOnly, spec] = m;
    if (typeOnly) continue;
    expect(spec).not.toMatch(FORBIDDEN);
    expect(spec).not.toMatch(/(^|\/)activities(\/|$)/);
  }
  expect(text).not.toMatch(/Date\.now\(\)|Math\.random\(\)|setTimeout\(|process\.env/);
});
