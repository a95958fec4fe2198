/** The benchmark's parked workflow: one decision task, then done. */
import { Process } from '../../workflows/process';

/** Opens one task for `registration_reviewer` and ends when it is decided. */
export async function benchDecision(): Promise<string> {
  const proc = new Process({
    processType: 'bench',
    title: 'Benchmark decision',
    enterpriseId: null,
    status: 'waiting',
  });
  await proc.begin();
  const decision = await proc.ask({
    kind: 'bench.decide',
    title: 'Decide',
    step: '审核',
    department: '交易中心',
    candidateRole: 'registration_reviewer',
    outcomes: ['approve', 'reject'],
    dueInMs: 7 * 86_400_000,
  });
  await proc.finish('done');
  return decision?.outcome ?? 'cancelled';
}
export { bareCase } from './bare-case';
