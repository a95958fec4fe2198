/**
 * The workflow side of every process: its status and step, its human tasks (opened, reminded,
 * escalated, decided through the `completeTask` Update), and its comment table. Each change is
 * written to the database's read copy by an idempotent projection activity.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProjectionActivities } from '../activities/projections';
import type { NotificationActivities } from '../activities/notifications';
import { OpenTaskRolesKey, ProcessStatusKey } from '../contracts/search-attributes';
import {
  addCommentUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  MAX_COMMENT_LENGTH,
  openTasksQuery,
  processRecordQuery,
  TaskRejection,
  unclaimTaskUpdate,
  type Actor,
  type ActorRef,
  type HumanTask,
  type ProcessComment,
  type ProcessRecord,
  type TaskDecision,
  type TaskRequest,
} from '../contracts/tasks';
import { checkClaim, checkDecisionInput, checkEntitled, checkOpen, type Rejection } from '../domain/task-rules';
import { msg, type Bilingual } from '../domain/text';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY } from './activity-options';

// Projection writes are ordinary activities, not local ones: a local activity awaited inside an Update
// handler gives histories that do not replay (test/replay would fail).
const projections = proxyActivities<ProjectionActivities>(RECORD_ACTIVITY);
const notifications = proxyActivities<Pick<NotificationActivities, 'notifyTaskOverdue'>>(EFFECT_ACTIVITY);

/** How a process describes itself when it starts. */
export interface ProcessOptions {
  processType: string;
  title: string;
  enterpriseId: string | null;
  status: string;
  step?: string | null;
  state?: Record<string, unknown>;
  /** Roles (beyond task candidates and the owner enterprise) that may comment. */
  commentRoles?: Actor['roles'];
}

function refOf(actor: Actor): ActorRef {
  return { userId: actor.userId, loginName: actor.loginName, displayName: actor.displayName };
}

function fail(r: Rejection): never {
  throw ApplicationFailure.create({
    type: r.type,
    message: r.message.en,
    details: [{ message: r.message, fields: r.fields }],
    nonRetryable: true,
  });
}

const now = () => new Date().toISOString();

/** The running process: status, tasks, decisions and comments, with handlers registered. */
export class Process {
  readonly processId = workflowInfo().workflowId;
  private status: string;
  private step: string | null;
  private state: Record<string, unknown>;
  private version = 0;
  private readonly startedAt = now();
  private closedAt: string | null = null;
  private readonly tasks = new Map<string, HumanTask>();
  private readonly decisions: TaskDecision[] = [];
  private readonly comments: ProcessComment[] = [];

  constructor(private readonly options: ProcessOptions) {
    this.status = options.status;
    this.step = options.step ?? null;
    this.state = options.state ?? {};
    setHandler(
      completeTaskUpdate,
      (input) => this.complete(input.taskId, input.outcome, input.comment ?? null, input.fields ?? {}, input.actor),
      {
        validator: (input) => {
          const task = this.tasks.get(input.taskId);
          const problem =
            checkOpen(task) ??
            checkEntitled(task!, input.actor, this.priorDeciders(task!)) ??
            checkDecisionInput(task!, input, Date.parse(now()));
          if (problem) fail(problem);
        },
      },
    );
    setHandler(claimTaskUpdate, (input) => this.claim(input.taskId, input.actor), {
      validator: (input) => {
        const task = this.tasks.get(input.taskId);
        const problem = checkOpen(task) ?? checkClaim(task!, input.actor, this.priorDeciders(task!));
        if (problem) fail(problem);
      },
    });
    setHandler(unclaimTaskUpdate, (input) => this.unclaim(input.taskId), {
      validator: (input) => {
        const task = this.tasks.get(input.taskId);
        const problem = checkOpen(task);
        if (problem) fail(problem);
        if (task!.assignedBy !== 'claim' || task!.assigneeId !== input.actor.userId) {
          fail({
            type: TaskRejection.NotEntitled,
            message: msg('只能退回自己认领的任务', 'You can only release a task you claimed'),
          });
        }
      },
    });
    setHandler(addCommentUpdate, (input) => this.comment(input.text, input.actor, null), {
      validator: (input) => {
        const text = input.text.trim();
        if (text === '' || text.length > MAX_COMMENT_LENGTH) {
          fail({
            type: TaskRejection.InvalidInput,
            message: msg('意见内容有误', 'The comment is empty or too long'),
            fields: [
              {
                field: 'text',
                code: text === '' ? 'required' : 'too_long',
                message: msg(`意见须为 1–${MAX_COMMENT_LENGTH} 字`, `A comment has 1–${MAX_COMMENT_LENGTH} characters`),
              },
            ],
          });
        }
        if (!this.mayComment(input.actor)) {
          fail({
            type: TaskRejection.NotEntitled,
            message: msg('您不是该业务的参与人员', 'You take no part in this process'),
          });
        }
      },
    });
    setHandler(openTasksQuery, () => this.openTasks());
    setHandler(processRecordQuery, () => this.record());
  }

  /** Records the process's start in the read copy. */
  async begin(): Promise<void> {
    await this.save();
  }

  /** Moves the process to a new status and step (and merges `state`). */
  async setStatus(status: string, step: string | null, state: Record<string, unknown> = {}): Promise<void> {
    this.status = status;
    this.step = step;
    this.state = { ...this.state, ...state };
    upsertSearchAttributes([{ key: ProcessStatusKey, value: status }]);
    await this.save();
  }

  /** Ends the process: cancels open tasks, waits for running handlers and records the final state. */
  async finish(status: string, state: Record<string, unknown> = {}): Promise<void> {
    await this.cancelOpenTasks();
    await condition(allHandlersFinished);
    this.closedAt = now();
    await this.setStatus(status, null, state);
  }

  /** The current status. */
  get currentStatus(): string {
    return this.status;
  }

  /** The decisions recorded so far, oldest first. */
  get decided(): readonly TaskDecision[] {
    return this.decisions;
  }

  /**
   * Asks a person: opens the task, reminds at its due time, escalates later if configured, and returns
   * the decision (or `null` if the task was cancelled).
   */
  async ask(request: TaskRequest): Promise<TaskDecision | null> {
    const openedAt = now();
    const task: HumanTask = {
      ...request,
      assigneeId: request.assigneeId ?? null,
      taskId: uuid4(),
      processId: this.processId,
      processType: this.options.processType,
      enterpriseId: this.options.enterpriseId,
      status: 'open',
      assignedBy: request.assigneeId ? 'process' : null,
      openedAt,
      dueAt: new Date(Date.parse(openedAt) + request.dueInMs).toISOString(),
      remindedAt: null,
      escalatedAt: null,
      closedAt: null,
      decision: null,
      version: 1,
    };
    this.tasks.set(task.taskId, task);
    this.updateRoleAttribute();
    await Promise.all([projections.saveTask({ ...task }), this.save()]);

    const settled = () => task.status !== 'open';
    if (!(await condition(settled, request.dueInMs))) {
      task.remindedAt = now();
      task.version++;
      await projections.saveTask({ ...task });
      await notifications.notifyTaskOverdue({ ...task }, 'reminder');
      if (
        request.escalationRole &&
        request.escalateAfterMs !== undefined &&
        !(await condition(settled, request.escalateAfterMs))
      ) {
        task.escalatedAt = now();
        task.version++;
        this.updateRoleAttribute();
        await projections.saveTask({ ...task });
        await notifications.notifyTaskOverdue({ ...task }, 'escalation');
      }
    }
    await condition(settled);
    return task.decision;
  }

  /**
   * Cancels every open task (withdrawal, process end), or only those of `kind`; `reason` is what a later
   * decision on them is told.
   */
  async cancelOpenTasks(only?: { kind: string; reason: Bilingual }): Promise<void> {
    const open = this.openTasks().filter((t) => !only || t.kind === only.kind);
    for (const t of open) {
      t.status = 'cancelled';
      t.closedAt = now();
      if (only) t.closedReason = only.reason;
      t.version++;
    }
    if (open.length > 0) {
      this.updateRoleAttribute();
      await Promise.all(open.map((t) => projections.saveTask({ ...t })));
    }
  }

  /** Adds a comment row (also used for decisions that carry a comment). */
  async comment(text: string, actor: Actor | ActorRef, taskId: string | null): Promise<ProcessComment> {
    const department = 'department' in actor ? (actor.department ?? (actor.enterpriseId ? '申请单位' : '')) : '';
    const task = taskId ? this.tasks.get(taskId) : undefined;
    const row: ProcessComment = {
      seq: this.comments.length + 1,
      step: task?.step ?? this.shownStep() ?? '',
      department: task?.department ?? department,
      actor: 'department' in actor ? refOf(actor) : actor,
      text: text.trim(),
      taskId,
      at: now(),
    };
    this.comments.push(row);
    await projections.saveComment(this.processId, row);
    return row;
  }

  /** The process record, as the `processRecord` query returns it. */
  record(): ProcessRecord {
    return {
      processId: this.processId,
      processType: this.options.processType,
      enterpriseId: this.options.enterpriseId,
      status: this.status,
      step: this.shownStep(),
      openTasks: this.openTasks(),
      decisions: [...this.decisions],
      comments: [...this.comments],
    };
  }

  /** The step shown: that of the latest open task, else the one the status set. */
  private shownStep(): string | null {
    const open = this.openTasks();
    return open.length > 0 ? open[open.length - 1].step : this.step;
  }

  private openTasks(): HumanTask[] {
    return [...this.tasks.values()].filter((t) => t.status === 'open');
  }

  /** Users who decided another task of the same four-eyes group. */
  private priorDeciders(task: HumanTask): string[] {
    if (!task.fourEyesGroup) return [];
    return [...this.tasks.values()]
      .filter((t) => t.taskId !== task.taskId && t.fourEyesGroup === task.fourEyesGroup && t.decision)
      .map((t) => t.decision!.actor.userId);
  }

  private mayComment(actor: Actor): boolean {
    if (this.options.enterpriseId !== null && actor.enterpriseId === this.options.enterpriseId) return true;
    const roles = new Set<string>(this.options.commentRoles ?? []);
    for (const t of this.tasks.values()) {
      roles.add(t.candidateRole);
      if (t.escalatedAt && t.escalationRole) roles.add(t.escalationRole);
    }
    return actor.roles.some((r) => roles.has(r));
  }

  private async complete(
    taskId: string,
    outcome: string,
    comment: string | null,
    fields: Record<string, unknown>,
    actor: Actor,
  ): Promise<TaskDecision> {
    const task = this.tasks.get(taskId)!;
    const text = comment?.trim() ? comment.trim() : null;
    const decision: TaskDecision = {
      taskId,
      kind: task.kind,
      step: task.step,
      outcome,
      comment: text,
      fields,
      actor: refOf(actor),
      decidedAt: now(),
    };
    task.status = 'completed';
    task.decision = decision;
    task.closedAt = decision.decidedAt;
    task.version++;
    this.decisions.push(decision);
    this.updateRoleAttribute();
    await projections.saveTask({ ...task });
    if (text) await this.comment(text, actor, taskId);
    return decision;
  }

  private async claim(taskId: string, actor: Actor): Promise<HumanTask> {
    const task = this.tasks.get(taskId)!;
    if (task.assigneeId !== actor.userId) {
      task.assigneeId = actor.userId;
      task.assignedBy = 'claim';
      task.version++;
      await projections.saveTask({ ...task });
    }
    return { ...task };
  }

  private async unclaim(taskId: string): Promise<HumanTask> {
    const task = this.tasks.get(taskId)!;
    task.assigneeId = null;
    task.assignedBy = null;
    task.version++;
    await projections.saveTask({ ...task });
    return { ...task };
  }

  private updateRoleAttribute(): void {
    const roles = new Set<string>();
    for (const t of this.openTasks()) {
      roles.add(t.candidateRole);
      if (t.escalatedAt && t.escalationRole) roles.add(t.escalationRole);
    }
    upsertSearchAttributes([{ key: OpenTaskRolesKey, value: [...roles].sort() }]);
  }

  private async save(): Promise<void> {
    this.version++;
    await projections.saveProcess({
      processId: this.processId,
      processType: this.options.processType,
      title: this.options.title,
      enterpriseId: this.options.enterpriseId,
      status: this.status,
      step: this.shownStep(),
      state: this.state,
      version: this.version,
      startedAt: this.startedAt,
      updatedAt: now(),
      closedAt: this.closedAt,
    });
  }
}
