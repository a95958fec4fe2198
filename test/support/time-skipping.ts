/** The Java Temporal test server, which skips time, with this product's search attributes and codec. */
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { dataConverter } from '../../platform/temporal';
import { testConfig } from './harness';

/** Starts the time-skipping server (built by `npm run tools`) and a client that speaks the product's codec. */
export async function timeSkippingEnvironment(): Promise<{ env: TestWorkflowEnvironment; client: Client }> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER! } },
  });
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
