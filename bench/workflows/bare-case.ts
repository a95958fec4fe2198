/** The engine's share of a case with no product code: as many Updates and activities as a case, nothing else. */
import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';

/** One step of the bare case: runs `activities` no-op activities, then answers. */
export const bareStep = defineUpdate<number, [number]>('bareStep');
/** Ends the bare case. */
export const bareDone = defineSignal('bareDone');

const { bareActivity } = proxyActivities<{ bareActivity(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/** Waits for steps until told it is done. */
export async function bareCase(): Promise<void> {
  let done = false;
  setHandler(bareStep, async (activities) => {
    for (let i = 0; i < activities; i++) await bareActivity();
    return activities;
  });
  setHandler(bareDone, () => {
    done = true;
  });
  await condition(() => done && allHandlersFinished());
}
