/** Connections to the Temporal Service, chosen by configuration (dev server, cluster or Temporal Cloud). */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { AesGcmCodec } from './codec';
import type { Config } from './config';

/** The data converter shared by clients and workers: JSON payloads sealed by the codec. */
export function dataConverter(config: Pick<Config, 'codec'>): DataConverter {
  return { payloadCodecs: [new AesGcmCodec(config.codec.keys, config.codec.activeKeyId)] };
}

function tlsOptions(config: Pick<Config, 'temporal'>) {
  const { tls } = config.temporal;
  if (!tls.enabled) return undefined;
  return {
    serverNameOverride: tls.serverName ?? undefined,
    serverRootCACertificate: tls.caPath ? fs.readFileSync(tls.caPath) : undefined,
    clientCertPair:
      tls.certPath && tls.keyPath
        ? { crt: fs.readFileSync(tls.certPath), key: fs.readFileSync(tls.keyPath) }
        : undefined,
  };
}

/** Opens a client connection (API, scripts). */
export async function connectClient(config: Pick<Config, 'temporal' | 'codec'>): Promise<Client> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    tls: tlsOptions(config),
    apiKey: config.temporal.apiKey ?? undefined,
  });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
}

/** Opens a worker connection. */
export async function connectWorker(config: Pick<Config, 'temporal'>): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.temporal.address,
    tls: tlsOptions(config),
    apiKey: config.temporal.apiKey ?? undefined,
  });
}
