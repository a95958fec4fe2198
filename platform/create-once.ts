/** Files several processes may try to create at the same first start (keys of the built-in CA, the payment simulator). */
import fs from 'node:fs';
import path from 'node:path';

/** A file to create: its contents and mode. */
export interface NewFile {
  data: string;
  mode?: number;
}

/**
 * Creates `dir` holding exactly `files`, all at once: they are written into a private folder beside it,
 * which is then renamed onto `dir` (atomic; an empty `dir` is replaced). Answers false, writing nothing,
 * when `dir` already holds files — another process got there first, so read theirs.
 */
export function createFolderOnce(dir: string, files: Record<string, NewFile>): boolean {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const draft = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}-`));
  try {
    for (const [name, file] of Object.entries(files))
      fs.writeFileSync(path.join(draft, name), file.data, { mode: file.mode ?? 0o644 });
    fs.renameSync(draft, dir);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(draft, { recursive: true, force: true });
  }
}
