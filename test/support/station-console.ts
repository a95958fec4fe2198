/**
 * The console stack with a token station on a SoftHSM2 of its own, as the browser tests of the order's later
 * screens need it: an administrator and a CA administrator signed in, and the order driver bound to them.
 */
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../../platform/logger';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { startConsoleStack, type ConsoleStack } from './console';
import { bundle } from './harness';
import { orderDriver } from './orders';
import { createSoftHsm, type TestSoftHsm } from './softhsm';

/** What `startStationConsole` started; `close` stops all of it. */
export interface StationConsole {
  stack: ConsoleStack;
  hsm: TestSoftHsm;
  station: TokenStation;
  /** The session of `<staff>_admin` (admin and operator). */
  adminToken: string;
  /** The order driver, for `<staff>_admin` and the CA administrator `<staff>_ca`, making UKeys at the station. */
  drive: ReturnType<typeof orderDriver>;
  close(): Promise<void>;
}

/** Starts the stack, `tokens` blank SoftHSM2 tokens behind station `stationId`, and the staff `<staff>_admin`, `<staff>_ca`. */
export async function startStationConsole(opts: {
  stationId: string;
  tokens: number;
  staff: string;
}): Promise<StationConsole> {
  const hsm = await createSoftHsm(opts.tokens);
  const stack = await startConsoleStack({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    env: { STATION_ID: opts.stationId, PKCS11_MODULE: hsm.modulePath, TOKEN_FACTORY_PIN: hsm.factoryPin },
  });
  const { h } = stack;
  const connection = await NativeConnection.connect({ address: h.config.temporal.address });
  const station = await createTokenStation({
    config: h.config,
    db: h.db,
    secrets: h.services.secrets,
    ca: h.services.ca,
    connection,
    logger: createLogger('silent'),
  });
  void station.run();
  await h.staff(`${opts.staff}_admin`, ['admin', 'operator']);
  await h.staff(`${opts.staff}_ca`, ['ca_admin']);
  const adminToken = await h.login(`${opts.staff}_admin`);
  const drive = orderDriver(h, { admin: adminToken, caAdmin: await h.login(`${opts.staff}_ca`) }, opts.stationId);
  return {
    stack,
    hsm,
    station,
    adminToken,
    drive,
    async close() {
      await station.stop();
      await connection.close();
      await stack.close();
      await hsm.cleanup();
    },
  };
}
