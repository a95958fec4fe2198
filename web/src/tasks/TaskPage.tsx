/**
 * R2 the decision page: what the task is, the context panel of its kind (CONSOLE.md R3–R7) beside the
 * generic decision form, and the process's 意见 table with 保存意见. An unassigned task offers 领取
 * first. Once decided, the page shows the decision. Esc (outside a field) returns to the inbox.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Tag from 'antd/es/tag';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { getProcess, listPhrases } from '../api/processes';
import { claimTask, getTask } from '../api/tasks';
import type { Phrase, ProcessComment, Task } from '../api/types';
import { msg, useLang } from '../i18n';
import { labelOf, ROLE_LABELS, TASK_KIND_LABELS } from '../i18n/labels';
import { inboxToReturnTo } from '../inbox/return-to';
import { Comments } from '../processes/Comments';
import { Link, navigate } from '../shell/router';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { CONTEXT_PANELS } from './context';
import { DecisionForm, type DecisionValues } from './DecisionForm';

const TEXT = {
  back: msg('返回待办', 'Back to the inbox'),
  kind: msg('任务类型', 'Task kind'),
  step: msg('步骤', 'Step'),
  role: msg('办理角色', 'Role'),
  process: msg('流程编号', 'Process ID'),
  due: msg('期限', 'Due'),
  overdue: msg('已逾期', 'Overdue'),
  decision: msg('办理', 'Decision'),
  claimFirst: msg('此任务尚未领取，领取后即可办理。', 'Nobody holds this task yet: claim it to decide.'),
  claim: msg('领取', 'Claim'),
  decided: msg('已办理：{outcome}', 'Decided: {outcome}'),
  decidedBy: msg('办理人 {name}，{at}', 'by {name}, {at}'),
  closed: msg('此任务已关闭', 'This task is closed'),
};

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** Whether Esc from `target` should leave the page (not from a field, where it clears or closes). */
const leavesOnEscape = (target: EventTarget | null) =>
  !['INPUT', 'TEXTAREA', 'SELECT'].includes((target as HTMLElement | null)?.tagName ?? '');

export default function TaskPage({ params, user }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show } = errors;
  const [form] = Form.useForm<DecisionValues>();
  const [task, setTask] = useState<Task | null>(null);
  const [comments, setComments] = useState<ProcessComment[]>([]);
  const [phrases, setPhrases] = useState<Phrase[]>([]);
  const [claiming, setClaiming] = useState(false);

  const loadComments = useCallback((processId: string, signal?: AbortSignal) => {
    getProcess(processId, signal).then(
      (p) => setComments(p.comments),
      () => undefined, // the table stays as it was; the decision does not depend on it
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    getTask(params.id, controller.signal).then(
      (found) => {
        setTask(found);
        loadComments(found.processId, controller.signal);
      },
      (err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      },
    );
    listPhrases(controller.signal).then(
      (p) => setPhrases(p.items),
      () => undefined,
    );
    return () => controller.abort();
  }, [params.id, show, loadComments]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && leavesOnEscape(e.target)) navigate(inboxToReturnTo());
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const claim = async () => {
    if (!task) return;
    setClaiming(true);
    try {
      setTask(await claimTask(task.id));
      errors.clear();
    } catch (err) {
      show(err);
    } finally {
      setClaiming(false);
    }
  };

  const back = <Link to={inboxToReturnTo()}>{t(TEXT.back)}</Link>;
  if (!task) {
    return errors.failure ? (
      <section>
        <FailureAlert errors={errors} />
        {back}
      </section>
    ) : (
      <Loading />
    );
  }
  const Panel = CONTEXT_PANELS[task.kind];
  const open = task.status === 'open';
  const outcomeName = (code: string) => t(task.outcomeOptions.find((o) => o.code === code)?.label ?? msg(code, code));

  const decisionCard = (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(TEXT.decision)}</h2>} size="small">
      {task.decision ? (
        <Alert
          type={task.outcomeOptions.find((o) => o.code === task.decision!.outcome)?.danger ? 'warning' : 'success'}
          showIcon
          title={fill(t(TEXT.decided), { outcome: outcomeName(task.decision.outcome) })}
          description={
            <>
              {fill(t(TEXT.decidedBy), {
                name: task.decision.actor.displayName,
                at: dayjs(task.decision.decidedAt).format('YYYY-MM-DD HH:mm'),
              })}
              {task.decision.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{task.decision.comment}</div>}
            </>
          }
        />
      ) : !open ? (
        <Alert type="info" title={t(TEXT.closed)} />
      ) : task.assigneeId === null ? (
        <Alert
          type="info"
          showIcon
          title={t(TEXT.claimFirst)}
          action={
            <Button type="primary" loading={claiming} onClick={() => void claim()}>
              {t(TEXT.claim)}
            </Button>
          }
        />
      ) : (
        <DecisionForm
          task={task}
          form={form}
          phrases={phrases}
          onDecided={(decision) => {
            setTask({ ...task, status: 'completed', decision, completedAt: decision.decidedAt });
            loadComments(task.processId);
          }}
        />
      )}
    </Card>
  );

  return (
    <section>
      <PageTitle extra={back}>{task.title}</PageTitle>
      <FailureAlert errors={errors} />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'kind', label: t(TEXT.kind), children: t(labelOf(TASK_KIND_LABELS, task.kind)) },
          { key: 'step', label: t(TEXT.step), children: task.step },
          { key: 'role', label: t(TEXT.role), children: t(labelOf(ROLE_LABELS, task.candidateRole)) },
          {
            key: 'process',
            label: t(TEXT.process),
            children: user.roles.some((r) => r === 'operator' || r === 'admin') ? (
              <Link to={`/processes/${encodeURIComponent(task.processId)}`}>{task.processId}</Link>
            ) : (
              task.processId
            ),
          },
          {
            key: 'due',
            label: t(TEXT.due),
            children: (
              <>
                {dayjs(task.dueAt).format('YYYY-MM-DD HH:mm')}{' '}
                {task.overdue && <Tag color="error">{t(TEXT.overdue)}</Tag>}
              </>
            ),
          },
        ]}
      />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: Panel ? 'minmax(0, 3fr) minmax(340px, 2fr)' : 'minmax(0, 720px)',
          gap: 16,
          alignItems: 'start',
        }}
      >
        {Panel && (
          <Card size="small">
            <Panel task={task} form={form} editable={open && task.assigneeId !== null && !task.decision} />
          </Card>
        )}
        {decisionCard}
      </div>
      <Comments
        comments={comments}
        phrases={phrases}
        processId={open ? task.processId : undefined}
        onAdded={(c) => setComments((shown) => [...shown, c])}
      />
    </section>
  );
}
