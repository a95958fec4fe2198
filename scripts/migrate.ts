/** `npm run migrate [-- down]`: applies (or reverts the newest) migration; exits non-zero on failure. */
import { loadConfig } from '../platform/config';
import { openDb } from '../platform/db';
import { migrateDown, migrateToLatest } from '../platform/db/migrate';
import { loadEnvFile } from './env-files';

async function main(): Promise<void> {
  loadEnvFile('.env');
  const config = loadConfig({
    CODEC_KEYS: 'unused:' + Buffer.alloc(32).toString('base64'),
    SECRET_STORE_KEY: Buffer.alloc(32).toString('base64'),
    ...process.env,
  });
  const db = await openDb(config);
  try {
    const ran = process.argv.includes('down') ? await migrateDown(db) : await migrateToLatest(db);
    console.log(ran.length ? ran.join('\n') : 'schema is up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
