/** Recording workflow histories for replay tests: with RECORD_HISTORIES=1 a test writes test/replay/histories/<workflow>/<case>.json. */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Folder of recorded histories, one subfolder per workflow. */
export const REPLAY_DIR = path.join(__dirname, '..', 'replay', 'histories');

/** Writes the history of `workflowId` as `<name>.json` (`<workflow>/<case>`) when RECORD_HISTORIES is set. */
export async function recordHistory(client: Client, workflowId: string, name: `${string}/${string}`): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(REPLAY_DIR, `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, historyToJSON(history) + '\n');
}

/** Every recorded history, as `<workflow>/<case>.json` paths relative to REPLAY_DIR, sorted. */
export function recordedHistories(): string[] {
  return fs
    .readdirSync(REPLAY_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(REPLAY_DIR, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
}
