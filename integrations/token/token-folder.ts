/** SoftHSM2 keeps its tokens in a folder and reads it only at initialisation: noticing tokens added or removed. */
import fs from 'node:fs';

/**
 * For SoftHSM2: a check that answers true when its token folder changed since the last call that
 * answered true (a token was added or removed). Other modules: never.
 */
export function tokenFolderWatch(modulePath: string): () => boolean {
  const conf = process.env.SOFTHSM2_CONF;
  if (!/softhsm/i.test(modulePath) || !conf || !fs.existsSync(conf)) return () => false;
  const dir = /^\s*directories\.tokendir\s*=\s*(.+?)\s*$/m.exec(fs.readFileSync(conf, 'utf8'))?.[1];
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
