/** The file-storage port and its local adapter: files stored once by content hash (SHA-256). */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where uploaded files live. */
export interface FileStorage {
  /** Stores `data`; returns its SHA-256 (hex), which is also its key. */
  put(data: Buffer): Promise<string>;
  /** Reads a stored file; rejects if it is missing. */
  get(sha256: string): Promise<Buffer>;
}

/** Files under a local folder as `<dir>/<first two hex>/<sha256>`, written atomically. */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 key');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(data: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha256);
    try {
      await fs.access(target);
      return sha256;
    } catch {
      // not stored yet
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, data, { mode: 0o600 });
    await fs.rename(tmp, target);
    return sha256;
  }

  async get(sha256: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha256));
  }
}

/** The content type of a scan, judged by its first bytes: JPEG, PNG or PDF; `null` for anything else. */
export function sniffContentType(data: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}
