/**
 * `npm run agent`: the signing agent on the UKey holder's own machine, over the PKCS#11 library of the
 * UKeys (PKCS11_MODULE), on http://127.0.0.1:<AGENT_PORT>, until SIGTERM or Ctrl-C. With SoftHSM2 and no
 * SOFTHSM2_CONF, it uses the development tokens under SOFTHSM_DIR (data/softhsm).
 */
import fs from 'node:fs';
import path from 'node:path';
import { TokenLocks } from '../integrations/token/locks';
import { Pkcs11Module } from '../integrations/token/pkcs11';
import { tokenFolderWatch } from '../integrations/token/token-folder';
import { ConfigError } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startAgent } from './app';
import { loadAgentConfig } from './config';

async function main(): Promise<void> {
  const config = loadAgentConfig();
  if (!fs.existsSync(config.modulePath))
    throw new ConfigError('PKCS11_MODULE', `names no file: ${config.modulePath} (the UKey vendor's PKCS#11 library)`);
  if (/softhsm/i.test(config.modulePath) && !process.env.SOFTHSM2_CONF) {
    const conf = path.resolve(process.env.SOFTHSM_DIR ?? path.join('data', 'softhsm'), 'softhsm2.conf');
    if (fs.existsSync(conf)) process.env.SOFTHSM2_CONF = conf;
  }
  const logger = createLogger(config.logLevel, 'ukey-agent');
  const module = Pkcs11Module.open(config.modulePath, { pinAttemptLimit: config.pinAttemptLimit });
  const locks = new TokenLocks();
  const tokensChanged = tokenFolderWatch(config.modulePath);
  const agent = await startAgent({
    module,
    locks,
    trustedOrigins: config.trustedOrigins,
    beforeListing: () => {
      if (tokensChanged() && locks.idle()) module.reload();
    },
    logger,
    port: config.port,
  });
  logger.info({ url: agent.url, trustedOrigins: config.trustedOrigins }, 'UKey signing agent listening');
  // (the last line on stdout says where; scripts starting the agent read it)
  console.log(`agent listening on ${agent.url}`);
  const stop = async () => {
    await agent.close();
    module.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
