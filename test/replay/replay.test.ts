/**
 * Every recorded history under test/replay/histories/<workflow>/ replays against today's workflow code: a change that breaks
 * determinism fails here (change running logic behind `patched()`). Histories are sealed with the test
 * codec key; re-record with `RECORD_HISTORIES=1 npm run jest -- <test that records>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { dataConverter } from '../../platform/temporal';
import { bundle, testConfig } from '../support/harness';
import { recordedHistories, REPLAY_DIR } from '../support/replay';

const files = recordedHistories();
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
});

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('%s replays deterministically', async (file) => {
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(REPLAY_DIR, file), 'utf8')));
  const firstEvent = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  await Worker.runReplayHistory(
    { workflowBundle, dataConverter: dataConverter(testConfig()) },
    history,
    `${firstEvent?.workflowType?.name}-${file.replace('/', '-')}`,
  );
});
