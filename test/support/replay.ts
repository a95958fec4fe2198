/** Recording workflow histories for replay tests: with RECORD_HISTORIES=1 a test writes test/replay/<name>.json. */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Folder of recorded histories. */
export const REPLAY_DIR = path.join(__dirname, '..', 'replay');

/** Writes the history of `workflowId` as `<name>.json` when RECORD_HISTORIES is set. */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  fs.writeFileSync(path.join(REPLAY_DIR, `${name}.json`), historyToJSON(history) + '\n');
}
