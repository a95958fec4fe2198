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

function atOf(e: HistoryEvent): string {
  const t = e.eventTime;
  const ms = Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

function durationText(d: { seconds?: unknown; nanos?: number | null } | null | undefined): string {
  const s = Number(d?.seconds ?? 0);
  if (s >= 86400 && s % 3600 === 0) return `${s / 3600}h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Shows secret references as `[secret]`, never a value. */
function redactRefs(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, isSecretRef(v) ? '[secret]' : v]));
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
    return opened.map((p) => defaultPayloadConverter.fromPayload(p));
  };
  const scheduled = new Map<string, { name: string; args: unknown[] }>();
  const timers = new Map<string, string>();
  const lastStatus: { status?: string; step?: string | null } = {};
  const out: TimelineEntry[] = [];
  const add = (e: HistoryEvent, kind: string, summary: string, detail: Record<string, unknown> = {}) =>
    out.push({ at: atOf(e), kind, summary, detail });

  for (const e of events) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = e.workflowExecutionStartedEventAttributes!;
        add(e, 'process_started', `Process ${a.workflowType?.name} started`, { workflowType: a.workflowType?.name });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        const name = a.activityType?.name ?? 'activity';
        const args = await decode(a.input?.payloads as Payload[]);
        scheduled.set(String(e.eventId), { name, args });
        if (name === 'saveTask') {
          const t = args[0] as HumanTask;
          if (t.version === 1)
            add(e, 'task_opened', `Task "${t.title}" opened for ${t.candidateRole}`, {
              taskId: t.taskId,
              title: t.title,
              step: t.step,
              candidateRole: t.candidateRole,
              assigneeId: t.assigneeId ?? null,
              dueAt: t.dueAt,
            });
          else if (t.status === 'cancelled')
            add(e, 'task_cancelled', `Task "${t.title}" cancelled`, { taskId: t.taskId });
        } else if (name === 'saveProcess') {
          const p = args[0] as { status: string; step: string | null };
          if (p.status !== lastStatus.status || p.step !== lastStatus.step) {
            add(e, 'status_changed', `Status ${p.status}${p.step ? ` (${p.step})` : ''}`, {
              status: p.status,
              step: p.step,
            });
            lastStatus.status = p.status;
            lastStatus.step = p.step;
          }
        } else if (name === 'notifyTaskOverdue') {
          const [t, level] = args as [HumanTask, string];
          add(
            e,
            level === 'escalation' ? 'task_escalated' : 'task_reminder',
            `${level === 'escalation' ? 'Escalated' : 'Reminder sent for'} task "${t.title}"`,
            {
              taskId: t.taskId,
              to: level === 'escalation' ? t.escalationRole : (t.assigneeId ?? t.candidateRole),
            },
          );
        }
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const s = scheduled.get(String(e.activityTaskCompletedEventAttributes?.scheduledEventId));
        if (s && !PROJECTION_ACTIVITIES.has(s.name) && s.name !== 'notifyTaskOverdue')
          add(e, 'activity_completed', `${s.name} done`, { activity: s.name });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const s = scheduled.get(String(e.activityTaskFailedEventAttributes?.scheduledEventId));
        add(e, 'activity_failed', `${s?.name ?? 'activity'} failed`, {
          activity: s?.name,
          message: e.activityTaskFailedEventAttributes?.failure?.message,
        });
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        timers.set(String(e.eventId), durationText(e.timerStartedEventAttributes?.startToFireTimeout));
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const d = timers.get(String(e.timerFiredEventAttributes?.startedEventId));
        add(e, 'timer_fired', `Timer of ${d ?? '?'} fired`, { duration: d });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        const name = req?.input?.name;
        const [arg] = await decode(req?.input?.args?.payloads as Payload[]);
        const a = arg as {
          taskId?: string;
          outcome?: string;
          comment?: string | null;
          fields?: Record<string, unknown>;
          text?: string;
          actor?: { userId: string; displayName: string };
        };
        const who = a?.actor ? { userId: a.actor.userId, displayName: a.actor.displayName } : null;
        if (name === 'completeTask') {
          add(
            e,
            'task_decided',
            `${who?.displayName ?? 'Someone'} decided ${a.outcome}${a.comment ? `: ${a.comment}` : ''}`,
            {
              taskId: a.taskId,
              outcome: a.outcome,
              comment: a.comment ?? null,
              fields: redactRefs(a.fields ?? {}),
              actor: who,
            },
          );
        } else if (name === 'claimTask' || name === 'unclaimTask') {
          add(
            e,
            name === 'claimTask' ? 'task_claimed' : 'task_released',
            `${who?.displayName ?? 'Someone'} ${name === 'claimTask' ? 'claimed' : 'released'} the task`,
            { taskId: a.taskId, actor: who },
          );
        } else if (name === 'addComment') {
          add(e, 'comment_added', `${who?.displayName ?? 'Someone'}: ${a.text}`, { text: a.text, actor: who });
        } else {
          const [kind, summary] = PROCESS_UPDATES[name ?? ''] ?? ['update', `${name} accepted`];
          add(e, kind, `${who?.displayName ? `${who.displayName}: ` : ''}${summary}`, { update: name, actor: who });
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        add(e, 'signal', `Signal ${e.workflowExecutionSignaledEventAttributes?.signalName}`, {
          signal: e.workflowExecutionSignaledEventAttributes?.signalName,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        add(e, 'process_ended', 'Process completed', { how: 'completed' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        add(e, 'process_ended', 'Process failed', {
          how: 'failed',
          message: e.workflowExecutionFailedEventAttributes?.failure?.message,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        add(e, 'process_ended', 'Process cancelled', { how: 'cancelled' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        add(e, 'process_ended', 'Process terminated', {
          how: 'terminated',
          reason: e.workflowExecutionTerminatedEventAttributes?.reason,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        add(e, 'continued_as_new', 'Process continued as a new run', {});
        break;
    }
  }
  return out;
}
