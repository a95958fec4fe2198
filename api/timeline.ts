/**
 * The readable timeline of a process, built from its Temporal event history: started, task opened,
 * claimed, decided (by whom, with what comment), reminders and escalations, timers, activities, end.
 * Projection bookkeeping is folded into the entries it serves. Each entry carries a bilingual `label`
 * (the business event: 提交申请 / Application submitted, 初审通过 / First review approved, …). Staff see
 * every entry with who acted; an applicant sees only the business events, by department, never a person.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { HumanTask } from '../contracts/tasks';
import { msg, type Bilingual } from '../domain/text';
import { isSecretRef } from '../platform/secret-store';
import {
  activityEvent,
  commentEvent,
  decisionEvent,
  departmentLabel,
  endedEvent,
  startedEvent,
  stepLabel,
  taskOpenedEvent,
  updateEvent,
} from './business-events';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** Who reads a timeline: the staff (everything, with who acted) or the applicant (business events by department). */
export type Audience = 'staff' | 'applicant';

/** One line of the timeline. */
export interface TimelineEntry {
  at: string;
  kind: string;
  summary: string;
  /** The business event, in Chinese and English. */
  label: Bilingual;
  detail: Record<string, unknown>;
}

/** What an applicant sees of an entry: its kind, its label and a detail naming no person (absent: not shown). */
interface ApplicantSide {
  kind?: string;
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
  confirmReceipt: ['receipt_confirmed', 'confirmed receipt of the UKeys'],
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

/** Builds the timeline for `audience`; `codec` opens the sealed payloads. */
export async function buildTimeline(
  events: HistoryEvent[],
  codec: PayloadCodec,
  audience: Audience,
): Promise<TimelineEntry[]> {
  const decode = async (payloads: Payload[] | null | undefined): Promise<unknown[]> => {
    if (!payloads?.length) return [];
    const opened = await codec.decode(payloads as Payload[]);
    return opened.map((payload) => defaultPayloadConverter.fromPayload(payload));
  };
  const scheduled = new Map<string, { name: string; args: unknown[] }>();
  const timers = new Map<string, string>();
  const tasks = new Map<string, { kind: string; step: string; department: string }>();
  const lastStatus: { status?: string; step?: string | null } = {};
  const out: TimelineEntry[] = [];
  const add = (
    event: HistoryEvent,
    kind: string,
    summary: string,
    detail: Record<string, unknown>,
    label: Bilingual,
    applicant?: ApplicantSide,
  ) => {
    if (audience === 'staff') out.push({ at: atOf(event), kind, summary, label, detail });
    else if (applicant)
      out.push({ at: atOf(event), kind: applicant.kind ?? kind, summary: label.en, label, detail: applicant.detail });
  };

  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const attributes = event.workflowExecutionStartedEventAttributes!;
        const workflowType = attributes.workflowType?.name;
        add(event, 'process_started', `Process ${workflowType} started`, { workflowType }, startedEvent(workflowType), {
          detail: {},
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
          if (task.version === 1) {
            tasks.set(task.taskId, { kind: task.kind, step: task.step, department: task.department });
            add(
              event,
              'task_opened',
              `Task "${task.title}" opened for ${task.candidateRole}`,
              {
                taskId: task.taskId,
                title: task.title,
                step: task.step,
                candidateRole: task.candidateRole,
                assigneeId: task.assigneeId ?? null,
                dueAt: task.dueAt,
              },
              taskOpenedEvent(task.step, task.department),
              { detail: { step: stepLabel(task.step), department: departmentLabel(task.department) } },
            );
          } else if (task.status === 'cancelled')
            add(
              event,
              'task_cancelled',
              `Task "${task.title}" cancelled`,
              { taskId: task.taskId },
              msg(`任务「${task.title}」已取消`, `Task "${task.title}" cancelled`),
            );
        } else if (name === 'saveProcess') {
          const projection = args[0] as { status: string; step: string | null };
          if (projection.status !== lastStatus.status || projection.step !== lastStatus.step) {
            const shown = `${projection.status}${projection.step ? ` (${projection.step})` : ''}`;
            add(
              event,
              'status_changed',
              `Status ${shown}`,
              { status: projection.status, step: projection.step },
              msg(`状态：${shown}`, `Status ${shown}`),
            );
            lastStatus.status = projection.status;
            lastStatus.step = projection.step;
          }
        } else if (name === 'notifyTaskOverdue') {
          const [task, level] = args as [HumanTask, string];
          const escalated = level === 'escalation';
          add(
            event,
            escalated ? 'task_escalated' : 'task_reminder',
            `${escalated ? 'Escalated' : 'Reminder sent for'} task "${task.title}"`,
            {
              taskId: task.taskId,
              to: escalated ? task.escalationRole : (task.assigneeId ?? task.candidateRole),
            },
            escalated
              ? msg(`任务「${task.title}」已升级处理`, `Task "${task.title}" escalated`)
              : msg(`任务「${task.title}」已催办`, `Reminder sent for task "${task.title}"`),
          );
        }
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const activity = scheduled.get(String(event.activityTaskCompletedEventAttributes?.scheduledEventId));
        if (activity && !PROJECTION_ACTIVITIES.has(activity.name) && activity.name !== 'notifyTaskOverdue') {
          const business = activityEvent(activity.name);
          add(
            event,
            'activity_completed',
            `${activity.name} done`,
            { activity: activity.name },
            business?.label ?? msg(`${activity.name} 完成`, `${activity.name} done`),
            business ? { kind: business.kind, detail: {} } : undefined,
          );
        }
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const activity = scheduled.get(String(event.activityTaskFailedEventAttributes?.scheduledEventId));
        const name = activity?.name ?? 'activity';
        add(
          event,
          'activity_failed',
          `${name} failed`,
          { activity: activity?.name, message: event.activityTaskFailedEventAttributes?.failure?.message },
          msg(`${name} 失败`, `${name} failed`),
        );
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        timers.set(String(event.eventId), durationText(event.timerStartedEventAttributes?.startToFireTimeout));
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const duration = timers.get(String(event.timerFiredEventAttributes?.startedEventId));
        add(
          event,
          'timer_fired',
          `Timer of ${duration ?? '?'} fired`,
          { duration },
          msg(`${duration ?? '?'} 定时到期`, `Timer of ${duration ?? '?'} fired`),
        );
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
          actor?: { userId: string; displayName: string; department?: string | null; enterpriseId?: string | null };
        };
        const who = input?.actor ? { userId: input.actor.userId, displayName: input.actor.displayName } : null;
        if (name === 'completeTask') {
          const task = tasks.get(input.taskId ?? '');
          const label = decisionEvent(task?.kind ?? '', task?.step ?? '', input.outcome ?? '');
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
            label,
            {
              detail: {
                step: stepLabel(task?.step ?? ''),
                department: departmentLabel(task?.department),
                outcome: input.outcome,
                comment: input.comment ?? null,
              },
            },
          );
        } else if (name === 'claimTask' || name === 'unclaimTask') {
          const claimed = name === 'claimTask';
          add(
            event,
            claimed ? 'task_claimed' : 'task_released',
            `${who?.displayName ?? 'Someone'} ${claimed ? 'claimed' : 'released'} the task`,
            { taskId: input.taskId, actor: who },
            claimed ? msg('任务已认领', 'Task claimed') : msg('任务已退回待领取', 'Task released'),
          );
        } else if (name === 'addComment') {
          const department = input.actor?.department ?? (input.actor?.enterpriseId ? '申请单位' : null);
          add(
            event,
            'comment_added',
            `${who?.displayName ?? 'Someone'}: ${input.text}`,
            { text: input.text, actor: who },
            commentEvent(department),
            { detail: { text: input.text, department: departmentLabel(department) } },
          );
        } else {
          const [kind, summary] = PROCESS_UPDATES[name ?? ''] ?? ['update', `${name} accepted`];
          const business = updateEvent(name ?? '');
          add(
            event,
            kind,
            `${who?.displayName ? `${who.displayName}: ` : ''}${summary}`,
            { update: name, actor: who },
            business ?? msg(`${name} 已受理`, `${name} accepted`),
            business ? { detail: {} } : undefined,
          );
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
        add(event, 'signal', `Signal ${signal}`, { signal }, msg(`信号 ${signal}`, `Signal ${signal}`));
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        add(event, 'process_ended', 'Process completed', { how: 'completed' }, endedEvent('completed'), {
          detail: {},
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        add(
          event,
          'process_ended',
          'Process failed',
          { how: 'failed', message: event.workflowExecutionFailedEventAttributes?.failure?.message },
          endedEvent('failed'),
          { detail: {} },
        );
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        add(event, 'process_ended', 'Process cancelled', { how: 'cancelled' }, endedEvent('cancelled'), {
          detail: {},
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        add(
          event,
          'process_ended',
          'Process terminated',
          { how: 'terminated', reason: event.workflowExecutionTerminatedEventAttributes?.reason },
          endedEvent('terminated'),
          { detail: {} },
        );
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        add(
          event,
          'continued_as_new',
          'Process continued as a new run',
          {},
          msg('流程续作新一轮', 'Process continued as a new run'),
        );
        break;
    }
  }
  return out;
}
