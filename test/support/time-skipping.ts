/** The Java Temporal test server, which skips time, with this product's search attributes and codec. */
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { dataConverter } from '../../platform/temporal';
import { testConfig } from './harness';

/** Starts the time-skipping server (built by `npm run tools`) and a client that speaks the product's codec. */
export async function timeSkippingEnvironment(): Promise<{ env: TestWorkflowEnvironment; client: Client }> {
  const env = await startTimeSkippingServer();
  const types = temporal.api.enums.v1.IndexedValueType;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([k, t]) => [
        k,
        t === 'Keyword' ? types.INDEXED_VALUE_TYPE_KEYWORD : types.INDEXED_VALUE_TYPE_KEYWORD_LIST,
      ]),
    ),
  });
  const client = new Client({
    connection: env.connection,
    namespace: env.namespace,
    dataConverter: dataConverter(testConfig()),
  });
  return { env, client };
}

/**
 * The SDK gives the server 5 s to listen; a JVM on a loaded machine can miss that even with the class-data
 * archive (scripts/tools.ts), so a start that timed out is tried again, twice at most.
 */
async function startTimeSkippingServer(attempt = 1): Promise<TestWorkflowEnvironment> {
  try {
    return await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER! } },
    });
  } catch (err) {
    if (attempt >= 3 || !/did not start within/.test((err as Error).message)) throw err;
    return startTimeSkippingServer(attempt + 1);
  }
}
