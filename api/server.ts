/** Runs the API alone (production: workers run as their own processes; needs DATABASE_URL). */
import { ConfigError, loadConfig } from '../platform/config';
import { openServices } from '../integrations';
import { connectClient } from '../platform/temporal';
import { buildApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError(
      'DATABASE_URL',
      'is required to run the API on its own (the embedded database serves one process: use `npm start`)',
    );
  const services = await openServices(config);
  const client = await connectClient(config);
  const app = await buildApp({ ...services, config, temporal: client });
  app.server.keepAliveTimeout = 65_000;
  app.server.requestTimeout = 120_000;
  await app.listen({ host: config.http.host, port: config.http.port });
  const close = async () => {
    await app.close();
    await client.connection.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  process.once('SIGINT', () => void close());
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
