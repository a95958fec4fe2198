/**
 * Who may act on a human task, and what a decision must carry. Pure rules: the workflow's Update
 * validators are the authority, and the API applies the same rules first for a fast, clear answer.
 */
import type { Actor, CompleteTaskInput, HumanTask, TaskFormField } from '../contracts/tasks';
import { MAX_COMMENT_LENGTH, TaskRejection } from './tasks';
import { msg, type Bilingual, type FieldProblem } from './text';

/** Why an action on a task is refused. */
export interface Rejection {
  type: (typeof TaskRejection)[keyof typeof TaskRejection];
  message: Bilingual;
  fields?: FieldProblem[];
}

/** The parts of a task the rules look at (the workflow's task or the API's projection row). */
export type TaskFacts = Pick<
  HumanTask,
  | 'status'
  | 'candidateRole'
  | 'assigneeId'
  | 'escalatedAt'
  | 'escalationRole'
  | 'enterpriseId'
  | 'outcomes'
  | 'commentRequiredFor'
  | 'form'
  | 'fourEyesGroup'
  | 'closedReason'
>;

const reject = (type: Rejection['type'], message: Bilingual, fields?: Rejection['fields']): Rejection => ({
  type,
  message,
  fields,
});

/** The task is still waiting for a decision. */
export function checkOpen(task: TaskFacts | undefined): Rejection | null {
  if (!task) return reject(TaskRejection.NotFound, msg('任务不存在', 'No such task'));
  if (task.status !== 'open' && task.closedReason)
    return reject(
      TaskRejection.NotOpen,
      msg(`任务已取消，不能再处理：${task.closedReason.zh}`, `The task was cancelled: ${task.closedReason.en}`),
    );
  if (task.status !== 'open')
    return reject(
      TaskRejection.NotOpen,
      msg('任务已办结，不能再处理', `The task is ${task.status} and cannot be acted on`),
    );
  return null;
}

/** The actor holds the escalation role of an escalated task. */
function actsByEscalation(task: TaskFacts, actor: Actor): boolean {
  return task.escalatedAt !== null && task.escalationRole !== undefined && actor.roles.includes(task.escalationRole);
}

/**
 * The actor may decide the task: holds its role (or the escalation role once escalated), is the
 * assignee if there is one, does not belong to the enterprise whose case it is, and has not decided
 * another task of the same four-eyes group (`priorDeciders`).
 */
export function checkEntitled(task: TaskFacts, actor: Actor, priorDeciders: readonly string[] = []): Rejection | null {
  if (task.enterpriseId !== null && actor.enterpriseId === task.enterpriseId) {
    return reject(
      TaskRejection.NotEntitled,
      msg('不能处理本单位的业务', 'You cannot decide a case of your own enterprise'),
    );
  }
  const escalated = actsByEscalation(task, actor);
  if (!actor.roles.includes(task.candidateRole) && !escalated) {
    return reject(
      TaskRejection.NotEntitled,
      msg(`需要角色 ${task.candidateRole}`, `This task needs the role ${task.candidateRole}`),
    );
  }
  if (task.assigneeId && task.assigneeId !== actor.userId && !escalated) {
    return reject(TaskRejection.NotEntitled, msg('任务已分配给其他人员', 'The task is assigned to someone else'));
  }
  if (task.fourEyesGroup && priorDeciders.includes(actor.userId)) {
    return reject(
      TaskRejection.NotEntitled,
      msg(
        '同一业务需由不同人员审核，您已审核过',
        'Another person must decide this step: you already decided one in this case',
      ),
    );
  }
  return null;
}

/** How far ahead of our clock a `past` time may be (the decider's clock may run ahead). */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The epoch milliseconds of an ISO 8601 date-time with offset whose date and time exist, else null. */
function isoDateTime(value: unknown): number | null {
  const m =
    typeof value === 'string'
      ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value)
      : null;
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) return null;
  return Date.parse(value as string);
}

/** A whole, non-negative amount in fen, given as a number or as digits. */
function isFen(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  return typeof value === 'string' && /^\d{1,15}$/.test(value.trim());
}

/** The text does not match the format its `formatBy` field's choice asks for. */
function misformatted(f: TaskFormField, value: string, fields: Record<string, unknown>): boolean {
  const format = f.formatBy?.formats[String(fields[f.formatBy.field] ?? '')];
  return format !== undefined && !new RegExp(format.pattern).test(value.trim());
}

/**
 * The decision names an allowed outcome and carries the comment and form fields that outcome needs.
 * `now` (epoch ms) bounds `past` times; in a workflow it is the workflow's clock.
 */
export function checkDecisionInput(
  task: TaskFacts,
  input: Pick<CompleteTaskInput, 'outcome' | 'comment' | 'fields'>,
  now: number,
): Rejection | null {
  if (!task.outcomes.includes(input.outcome)) {
    return reject(
      TaskRejection.OutcomeNotAllowed,
      msg(
        `不允许的处理结果：${input.outcome}`,
        `Outcome "${input.outcome}" is not allowed; allowed: ${task.outcomes.join(', ')}`,
      ),
      [
        {
          field: 'outcome',
          code: 'not_allowed',
          message: msg(`可选：${task.outcomes.join('、')}`, `One of: ${task.outcomes.join(', ')}`),
        },
      ],
    );
  }
  const problems: NonNullable<Rejection['fields']> = [];
  const comment = (input.comment ?? '').trim();
  if (task.commentRequiredFor?.includes(input.outcome) && comment === '') {
    problems.push({
      field: 'comment',
      code: 'required',
      message: msg('请填写意见', 'A comment is required for this outcome'),
    });
  }
  if (comment.length > MAX_COMMENT_LENGTH) {
    problems.push({
      field: 'comment',
      code: 'too_long',
      message: msg(
        `意见不能超过 ${MAX_COMMENT_LENGTH} 字`,
        `A comment may not exceed ${MAX_COMMENT_LENGTH} characters`,
      ),
    });
  }
  const form = task.form ?? [];
  const fields = input.fields ?? {};
  for (const name of Object.keys(fields)) {
    if (!form.some((f) => f.name === name)) {
      problems.push({
        field: `fields.${name}`,
        code: 'unknown',
        message: msg('该任务没有此字段', 'This task has no such field'),
      });
    }
  }
  for (const f of form) {
    const value = fields[f.name];
    const empty =
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '') ||
      (Array.isArray(value) && value.length === 0);
    if (f.requiredFor.includes(input.outcome) && empty) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'required',
        message: msg(`请填写${f.label.zh}`, `${f.label.en} is required`),
      });
    } else if (!empty && f.type === 'choice' && f.choices && !f.choices.includes(String(value))) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'not_allowed',
        message: msg(`${f.label.zh}的取值不在可选范围内`, `${f.label.en} must be one of: ${f.choices.join(', ')}`),
      });
    } else if (!empty && f.type === 'list' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'invalid',
        message: msg(`${f.label.zh}应为文本列表`, `${f.label.en} must be a list of strings`),
      });
    } else if (!empty && f.type === 'list' && f.choices) {
      const unknown = (value as string[]).filter((v) => !f.choices!.includes(v));
      if (unknown.length) {
        problems.push({
          field: `fields.${f.name}`,
          code: 'not_allowed',
          message: msg(
            `${f.label.zh}含有不可选的项：${unknown.join('、')}`,
            `${f.label.en} holds items that are not offered: ${unknown.join(', ')}`,
          ),
        });
      }
    } else if (!empty && f.type === 'reasons') {
      const entries =
        typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : null;
      if (!entries || entries.length === 0) {
        problems.push({
          field: `fields.${f.name}`,
          code: 'invalid',
          message: msg(
            `${f.label.zh}应为“项目: 原因”的对象，项目取自：${(f.choices ?? []).join('、')}`,
            `${f.label.en} must map items (${(f.choices ?? []).join(', ')}) to non-empty reasons`,
          ),
        });
      }
      // Each wrong entry is named by its own path.
      const chosen = f.reasonsOf ? fields[f.reasonsOf] : undefined;
      for (const [k, v] of entries ?? []) {
        if (f.choices && !f.choices.includes(k)) {
          problems.push({
            field: `fields.${f.name}.${k}`,
            code: 'not_allowed',
            message: msg(
              `不是可选的项目，可选：${f.choices.join('、')}`,
              `is not an item offered: ${f.choices.join(', ')}`,
            ),
          });
        } else if (f.reasonsOf && !(Array.isArray(chosen) && chosen.includes(k))) {
          const list = form.find((l) => l.name === f.reasonsOf)?.label ?? msg(f.reasonsOf, f.reasonsOf);
          problems.push({
            field: `fields.${f.name}.${k}`,
            code: 'not_chosen',
            message: msg(`该项未选入${list.zh}，不能填写原因`, `is not among the ${list.en}, so it takes no reason`),
          });
        } else if (typeof v !== 'string' || v.trim() === '' || v.length > 500) {
          problems.push({
            field: `fields.${f.name}.${k}`,
            code: 'invalid',
            message: msg('原因应为 1–500 字的文本', 'the reason must be text of 1–500 characters'),
          });
        }
      }
    } else if (!empty && f.type === 'datetime' && isoDateTime(value) === null) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'invalid',
        message: msg(
          `${f.label.zh}应为带时区的日期时间，如 2026-11-25T14:30:00+08:00`,
          `${f.label.en} must be a date and time with offset, e.g. 2026-11-25T14:30:00+08:00`,
        ),
      });
    } else if (!empty && f.type === 'datetime' && f.past && isoDateTime(value)! > now + CLOCK_SKEW_MS) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'future',
        message: msg(`${f.label.zh}不能晚于当前时间`, `${f.label.en} cannot be in the future`),
      });
    } else if (!empty && f.type === 'fen' && !isFen(value)) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'invalid',
        message: msg(`${f.label.zh}应为以分计的非负整数`, `${f.label.en} must be a whole, non-negative number of fen`),
      });
    } else if (
      !empty &&
      f.type === 'fen' &&
      f.expectedFen !== undefined &&
      f.requiredFor.includes(input.outcome) &&
      Number(String(value).trim()) !== f.expectedFen
    ) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'amount_mismatch',
        message: msg(
          `${f.label.zh}与应收 ${f.expectedFen} 分不符；如实收确实不符，请选择退回并说明`,
          `${f.label.en} differs from the ${f.expectedFen} fen due; if that is what arrived, refuse it with a comment`,
        ),
      });
    } else if (!empty && typeof value === 'string' && misformatted(f, value, fields)) {
      const { hint } = f.formatBy!.formats[String(fields[f.formatBy!.field])];
      problems.push({
        field: `fields.${f.name}`,
        code: 'format',
        message: msg(
          `${f.label.zh}格式不正确，应为：${hint.zh}`,
          `${f.label.en} is not in the right format: ${hint.en}`,
        ),
      });
    } else if (!empty && f.type === 'phone' && !/^[0-9+\-() ]{5,20}$/.test(String(value))) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'invalid',
        message: msg(`${f.label.zh}不是有效的电话号码`, `${f.label.en} is not a valid phone number`),
      });
    } else if (
      !empty &&
      ['text', 'multiline', 'phone', 'choice'].includes(f.type) &&
      typeof value !== 'string' &&
      !f.secret
    ) {
      problems.push({
        field: `fields.${f.name}`,
        code: 'invalid',
        message: msg(`${f.label.zh}应为文本`, `${f.label.en} must be text`),
      });
    }
  }
  if (problems.length > 0)
    return reject(TaskRejection.InvalidInput, msg('提交的内容有误', 'The decision is incomplete or invalid'), problems);
  return null;
}

/** The actor may claim the task: entitled, and nobody else holds it. */
export function checkClaim(task: TaskFacts, actor: Actor, priorDeciders: readonly string[] = []): Rejection | null {
  const denied = checkEntitled(task, actor, priorDeciders);
  if (denied) return denied;
  if (task.assigneeId && task.assigneeId !== actor.userId) {
    return reject(TaskRejection.NotEntitled, msg('任务已被其他人员认领', 'Someone else holds this task'));
  }
  return null;
}
