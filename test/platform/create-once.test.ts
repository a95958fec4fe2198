/** Folders several processes create at the same first start: one writer wins, every process reads the same files. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createFolderOnce } from '../../platform/create-once';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'create-once-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the first creation writes every file with its mode; a later one writes nothing and says so', () => {
  const dir = path.join(tmp, 'keys');
  expect(createFolderOnce(dir, { 'a.key': { data: 'first', mode: 0o600 }, 'a.pub': { data: 'first-pub' } })).toBe(true);
  expect(fs.statSync(path.join(dir, 'a.key')).mode & 0o777).toBe(0o600);
  expect(createFolderOnce(dir, { 'a.key': { data: 'second' }, 'a.pub': { data: 'second-pub' } })).toBe(false);
  expect(fs.readFileSync(path.join(dir, 'a.key'), 'utf8')).toBe('first');
  expect(fs.readFileSync(path.join(dir, 'a.pub'), 'utf8')).toBe('first-pub');
  expect(fs.readdirSync(tmp)).toEqual(['keys']); // no drafts left behind
});

test('an empty folder is filled', () => {
  const dir = path.join(tmp, 'empty');
  fs.mkdirSync(dir);
  expect(createFolderOnce(dir, { x: { data: 'x' } })).toBe(true);
  expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('x');
});

test('six processes opening the built-in CA on one fresh folder at once all get the same root', async () => {
  const dir = path.join(tmp, 'ca');
  const script = `require('./integrations/ca/builtin-ca').BuiltinCa.open({ dir: ${JSON.stringify(dir)} }).then((ca) => process.stdout.write(ca.rootCertificatePem()))`;
  const roots = await Promise.all(
    Array.from({ length: 6 }, () => run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT })),
  );
  const pems = new Set(roots.map((r) => r.stdout));
  expect(pems.size).toBe(1);
  expect([...pems][0]).toBe(fs.readFileSync(path.join(dir, 'root.pem'), 'utf8'));
});
