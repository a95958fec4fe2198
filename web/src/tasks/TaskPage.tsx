/**
 * A task's page. For now it shows what the task is and what it asks (outcomes and form fields); the
 * decision form and the context panel per kind come next (CONSOLE.md R2). Esc returns to the inbox.
 */
import Alert from 'antd/es/alert';
import Descriptions from 'antd/es/descriptions';
import Tag from 'antd/es/tag';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { getTask } from '../api/tasks';
import type { Task } from '../api/types';
import { msg, useLang } from '../i18n';
import { labelOf, OUTCOME_LABELS, ROLE_LABELS, TASK_KIND_LABELS } from '../i18n/labels';
import { inboxToReturnTo } from '../inbox/return-to';
import { Link, navigate } from '../shell/router';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';

const TEXT = {
  back: msg('返回待办', 'Back to the inbox'),
  kind: msg('任务类型', 'Task kind'),
  step: msg('步骤', 'Step'),
  role: msg('办理角色', 'Role'),
  process: msg('流程编号', 'Process ID'),
  opened: msg('创建时间', 'Opened'),
  due: msg('期限', 'Due'),
  outcomes: msg('可作出的决定', 'Possible decisions'),
  form: msg('需填写的内容', 'What it asks for'),
  comingNext: msg(
    '办理表单即将上线：届时可在本页填写意见并作出决定。',
    'The decision form comes next: you will record the decision on this page.',
  ),
};

export default function TaskPage({ params }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show } = errors;
  const [task, setTask] = useState<Task | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getTask(params.id, controller.signal).then(setTask, (err: unknown) => {
      if ((err as Error).name !== 'AbortError') show(err);
    });
    return () => controller.abort();
  }, [params.id, show]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) navigate(inboxToReturnTo());
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const back = <Link to={inboxToReturnTo()}>{t(TEXT.back)}</Link>;
  if (errors.failure) {
    return (
      <section>
        <FailureAlert errors={errors} />
        {back}
      </section>
    );
  }
  if (!task) return <Loading />;
  return (
    <section>
      <PageTitle extra={back}>{task.title}</PageTitle>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(TEXT.comingNext)} />
      <Descriptions
        bordered
        column={1}
        items={[
          { key: 'kind', label: t(TEXT.kind), children: t(labelOf(TASK_KIND_LABELS, task.kind)) },
          { key: 'step', label: t(TEXT.step), children: task.step },
          { key: 'role', label: t(TEXT.role), children: t(labelOf(ROLE_LABELS, task.candidateRole)) },
          { key: 'process', label: t(TEXT.process), children: task.processId },
          { key: 'opened', label: t(TEXT.opened), children: dayjs(task.openedAt).format('YYYY-MM-DD HH:mm') },
          { key: 'due', label: t(TEXT.due), children: dayjs(task.dueAt).format('YYYY-MM-DD HH:mm') },
          {
            key: 'outcomes',
            label: t(TEXT.outcomes),
            children: task.outcomes.map((o) => <Tag key={o}>{t(labelOf(OUTCOME_LABELS, o))}</Tag>),
          },
          { key: 'form', label: t(TEXT.form), children: task.form.map((f) => t(f.label)).join('、') || '—' },
        ]}
      />
    </section>
  );
}
