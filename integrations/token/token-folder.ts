/**
 * SoftHSM2 keeps its tokens in a folder, and a process reads a token (its PINs included) only when it
 * initialises the module: noticing that the folder changed, and telling running processes it did.
 */
import fs from 'node:fs';

/** The token folder a SoftHSM2 configuration file names, or null. */
export function softHsmTokenDir(conf: string | undefined): string | null {
  if (!conf || !fs.existsSync(conf)) return null;
  return /^\s*directories\.tokendir\s*=\s*(.+?)\s*$/m.exec(fs.readFileSync(conf, 'utf8'))?.[1] ?? null;
}

/**
 * For SoftHSM2: a check that answers true when its token folder changed since the last call that
 * answered true (a token was added or removed, or `markTokensChanged` was called). Other modules: never.
 */
export function tokenFolderWatch(modulePath: string): () => boolean {
  const dir = /softhsm/i.test(modulePath) ? softHsmTokenDir(process.env.SOFTHSM2_CONF) : null;
  if (!dir) return () => false;
  const stamp = () => (fs.existsSync(dir) ? `${fs.statSync(dir).mtimeMs}:${fs.readdirSync(dir).length}` : '');
  let seen = stamp();
  return () => {
    const now = stamp();
    if (now === seen) return false;
    seen = now;
    return true;
  };
}

/** For SoftHSM2: makes running stations and agents re-read their tokens (after a PIN was set elsewhere). */
export function markTokensChanged(conf: string | undefined): void {
  const dir = softHsmTokenDir(conf);
  if (!dir || !fs.existsSync(dir)) return;
  const now = new Date();
  fs.utimesSync(dir, now, now);
}
