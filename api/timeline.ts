/**
 * The readable timeline of a process, built from its Temporal event history: started, task opened,
 * claimed, decided (by whom, with what comment), reminders and escalations, timers, activities, end.
 * Projection bookkeeping is folded into the entries it serves.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { HumanTask } from '../contracts/tasks';
import { isSecretRef } from '../platform/secret-store';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** One line of the timeline. */
export interface TimelineEntry {
  at: string;
  kind: string;
  summary: string;
  detail: Record<string, unknown>;
}

const PROJECTION_ACTIVITIES = new Set(['saveTask', 'saveProcess', 'saveComment']);

/** Readable entries for the processes' own Updates (other than the task ones). */
const PROCESS_UPDATES: Record<string, [string, string]> = {
  resubmit: ['resubmitted', 'resubmitted after correction'],
  withdraw: ['withdrawn', 'withdrew the application'],
  paymentReceived: ['payment_received', 'payment received (provider notification)'],
  bankTransfer: ['bank_transfer_reported', 'bank transfer reported'],
  submitMaterials: ['materials_submitted', 'materials submitted'],
  cancelOrder: ['order_cancelled', 'order deleted'],
  reissueAuthCode: ['auth_code_reissued', 'authorisation code re-issued'],
  makeToken: ['ukey_requested', 'asked for a UKey to be made'],
  revoke: ['certificate_revoked', 'certificate revoked'],
};

function atOf(event: HistoryEvent): string {
  const time = event.eventTime;
  const ms = Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

function durationText(duration: { seconds?: unknown; nanos?: number | null } | null | undefined): string {
  const seconds = Number(duration?.seconds ?? 0);
  if (seconds >= 86400 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Shows secret references as `[secret]`, never a value. */
function redactRefs(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, isSecretRef(value) ? '[secret]' : value]),
  );
}

/** gRPC status of a history Temporal does not have. */
const GRPC_NOT_FOUND = 5;

/** The event history of a workflow, or null when Temporal knows no such workflow (it never started). */
export async function historyIfStarted(client: Client, workflowId: string): Promise<HistoryEvent[] | null> {
  try {
    return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as { code?: number }).code === GRPC_NOT_FOUND) return null;
    throw err;
  }
}

/** Builds the timeline; `codec` opens the sealed payloads. */
export async function buildTimeline(events: HistoryEvent[], codec: PayloadCodec): Promise<TimelineEntry[]> {
  const decode = async (payloads: Payload[] | null | undefined): Promise<unknown[]> => {
    if (!payloads?.length) return [];
    const opened = await codec.decode(payloads as Payload[]);
    return opened.map((payload) => defaultPayloadConverter.fromPayload(payload));
  };
  const scheduled = new Map<string, { name: string; args: unknown[] }>();
  const timers = new Map<string, string>();
  const lastStatus: { status?: string; step?: string | null } = {};
  const out: TimelineEntry[] = [];
  const add = (event: HistoryEvent, kind: string, summary: string, detail: Record<string, unknown> = {}) =>
    out.push({ at: atOf(event), kind, summary, detail });

  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const attributes = event.workflowExecutionStartedEventAttributes!;
        add(event, 'process_started', `Process ${attributes.workflowType?.name} started`, {
          workflowType: attributes.workflowType?.name,
        });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const attributes = event.activityTaskScheduledEventAttributes!;
        const name = attributes.activityType?.name ?? 'activity';
        const args = await decode(attributes.input?.payloads as Payload[]);
        scheduled.set(String(event.eventId), { name, args });
        if (name === 'saveTask') {
          const task = args[0] as HumanTask;
          if (task.version === 1)
            add(event, 'task_opened', `Task "${task.title}" opened for ${task.candidateRole}`, {
              taskId: task.taskId,
              title: task.title,
              step: task.step,
              candidateRole: task.candidateRole,
              assigneeId: task.assigneeId ?? null,
              dueAt: task.dueAt,
            });
          else if (task.status === 'cancelled')
            add(event, 'task_cancelled', `Task "${task.title}" cancelled`, { taskId: task.taskId });
        } else if (name === 'saveProcess') {
          const projection = args[0] as { status: string; step: string | null };
          if (projection.status !== lastStatus.status || projection.step !== lastStatus.step) {
            add(
              event,
              'status_changed',
              `Status ${projection.status}${projection.step ? ` (${projection.step})` : ''}`,
              {
                status: projection.status,
                step: projection.step,
              },
            );
            lastStatus.status = projection.status;
            lastStatus.step = projection.step;
          }
        } else if (name === 'notifyTaskOverdue') {
          const [task, level] = args as [HumanTask, string];
          add(
            event,
            level === 'escalation' ? 'task_escalated' : 'task_reminder',
            `${level === 'escalation' ? 'Escalated' : 'Reminder sent for'} task "${task.title}"`,
            {
              taskId: task.taskId,
              to: level === 'escalation' ? task.escalationRole : (task.assigneeId ?? task.candidateRole),
            },
          );
        }
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const activity = scheduled.get(String(event.activityTaskCompletedEventAttributes?.scheduledEventId));
        if (activity && !PROJECTION_ACTIVITIES.has(activity.name) && activity.name !== 'notifyTaskOverdue')
          add(event, 'activity_completed', `${activity.name} done`, { activity: activity.name });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const activity = scheduled.get(String(event.activityTaskFailedEventAttributes?.scheduledEventId));
        add(event, 'activity_failed', `${activity?.name ?? 'activity'} failed`, {
          activity: activity?.name,
          message: event.activityTaskFailedEventAttributes?.failure?.message,
        });
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        timers.set(String(event.eventId), durationText(event.timerStartedEventAttributes?.startToFireTimeout));
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const duration = timers.get(String(event.timerFiredEventAttributes?.startedEventId));
        add(event, 'timer_fired', `Timer of ${duration ?? '?'} fired`, { duration });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const req = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        const name = req?.input?.name;
        const [arg] = await decode(req?.input?.args?.payloads as Payload[]);
        const input = arg as {
          taskId?: string;
          outcome?: string;
          comment?: string | null;
          fields?: Record<string, unknown>;
          text?: string;
          actor?: { userId: string; displayName: string };
        };
        const who = input?.actor ? { userId: input.actor.userId, displayName: input.actor.displayName } : null;
        if (name === 'completeTask') {
          add(
            event,
            'task_decided',
            `${who?.displayName ?? 'Someone'} decided ${input.outcome}${input.comment ? `: ${input.comment}` : ''}`,
            {
              taskId: input.taskId,
              outcome: input.outcome,
              comment: input.comment ?? null,
              fields: redactRefs(input.fields ?? {}),
              actor: who,
            },
          );
        } else if (name === 'claimTask' || name === 'unclaimTask') {
          add(
            event,
            name === 'claimTask' ? 'task_claimed' : 'task_released',
            `${who?.displayName ?? 'Someone'} ${name === 'claimTask' ? 'claimed' : 'released'} the task`,
            { taskId: input.taskId, actor: who },
          );
        } else if (name === 'addComment') {
          add(event, 'comment_added', `${who?.displayName ?? 'Someone'}: ${input.text}`, {
            text: input.text,
            actor: who,
          });
        } else {
          const [kind, summary] = PROCESS_UPDATES[name ?? ''] ?? ['update', `${name} accepted`];
          add(event, kind, `${who?.displayName ? `${who.displayName}: ` : ''}${summary}`, { update: name, actor: who });
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        add(event, 'signal', `Signal ${event.workflowExecutionSignaledEventAttributes?.signalName}`, {
          signal: event.workflowExecutionSignaledEventAttributes?.signalName,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        add(event, 'process_ended', 'Process completed', { how: 'completed' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        add(event, 'process_ended', 'Process failed', {
          how: 'failed',
          message: event.workflowExecutionFailedEventAttributes?.failure?.message,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        add(event, 'process_ended', 'Process cancelled', { how: 'cancelled' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        add(event, 'process_ended', 'Process terminated', {
          how: 'terminated',
          reason: event.workflowExecutionTerminatedEventAttributes?.reason,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        add(event, 'continued_as_new', 'Process continued as a new run', {});
        break;
    }
  }
  return out;
}
