/**
 * O2 a process's page (operators): its facts, the open tasks with due and overdue, the business
 * timeline, the 意见 table; O3 the raw Temporal history as a download; a link that opens the workflow
 * in the Temporal Web UI. The timeline's `summary` is read as text or as `{ zh, en }`, whichever the
 * API gives.
 */
import Descriptions from 'antd/es/descriptions';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Timeline from 'antd/es/timeline';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { getProcess, getTimeline, rawHistoryUrl } from '../api/processes';
import type { ProcessDetail, ProcessTask, TimelineEntry } from '../api/types';
import { msg, useLang, type Bilingual } from '../i18n';
import { labelOf, ROLE_LABELS, TASK_KIND_LABELS } from '../i18n/labels';
import { Comments } from '../processes/Comments';
import { Link } from '../shell/router';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { PROCESS_STATUS_LABELS, PROCESS_TYPE_LABELS, temporalUiUrl } from './labels';

const TEXT = {
  back: msg('返回流程列表', 'Back to the processes'),
  id: msg('流程编号', 'Process ID'),
  type: msg('流程类型', 'Type'),
  status: msg('状态', 'Status'),
  step: msg('当前步骤', 'Current step'),
  enterprise: msg('企业', 'Enterprise'),
  started: msg('开始时间', 'Started'),
  closed: msg('结束时间', 'Closed'),
  openTasks: msg('待办任务', 'Open tasks'),
  noOpenTasks: msg('没有待办任务', 'No open task'),
  task: msg('任务', 'Task'),
  kind: msg('任务类型', 'Kind'),
  role: msg('办理角色', 'Role'),
  due: msg('期限', 'Due'),
  overdue: msg('已逾期', 'Overdue'),
  escalated: msg('已升级', 'Escalated'),
  timeline: msg('业务时间线', 'Timeline'),
  noTimeline: msg('时间线暂不可用', 'The timeline is not available'),
  raw: msg('下载原始执行历史（JSON）', 'Download the raw history (JSON)'),
  temporalUi: msg('在 Temporal UI 中打开', 'Open in the Temporal UI'),
};

/** A timeline entry's summary in the current language, whether the API gave text or `{ zh, en }`. */
export function summaryText(summary: unknown, lang: 'zh' | 'en'): string {
  if (typeof summary === 'string') return summary;
  if (summary && typeof summary === 'object') {
    const s = summary as Partial<Bilingual>;
    return s[lang] ?? s.zh ?? s.en ?? '';
  }
  return '';
}

/** A short readable line of an entry's details (scalars only). */
function detailLine(detail: Record<string, unknown>): string {
  return Object.entries(detail ?? {})
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

export default function ProcessPage({ params }: ScreenProps) {
  const { t, lang } = useLang();
  const errors = useApiErrors();
  const { show } = errors;
  const [process, setProcess] = useState<ProcessDetail | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [timelineFailed, setTimelineFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getProcess(params.id, controller.signal).then(setProcess, (err: unknown) => {
      if ((err as Error).name !== 'AbortError') show(err);
    });
    getTimeline(params.id, controller.signal).then(
      (answer) => setTimeline(answer.items),
      (err: unknown) => {
        if ((err as Error).name !== 'AbortError') setTimelineFailed(true);
      },
    );
    return () => controller.abort();
  }, [params.id, show]);

  const back = <Link to="/processes">{t(TEXT.back)}</Link>;
  if (!process) {
    return errors.failure ? (
      <section>
        <FailureAlert errors={errors} />
        {back}
      </section>
    ) : (
      <Loading />
    );
  }
  const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '—');

  return (
    <section>
      <PageTitle extra={back}>{process.title}</PageTitle>
      <div style={{ display: 'flex', gap: 24, marginBottom: 16, flexWrap: 'wrap' }}>
        <a href={rawHistoryUrl(process.id)} download={`${process.id}.history.json`}>
          {t(TEXT.raw)}
        </a>
        <a href={temporalUiUrl(process.id)} target="_blank" rel="noreferrer">
          {t(TEXT.temporalUi)}
        </a>
      </div>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'id', label: t(TEXT.id), children: process.id },
          { key: 'type', label: t(TEXT.type), children: t(labelOf(PROCESS_TYPE_LABELS, process.type)) },
          { key: 'status', label: t(TEXT.status), children: t(labelOf(PROCESS_STATUS_LABELS, process.status)) },
          { key: 'step', label: t(TEXT.step), children: process.step ?? '—' },
          { key: 'enterprise', label: t(TEXT.enterprise), children: process.enterpriseId ?? '—' },
          { key: 'started', label: t(TEXT.started), children: when(process.startedAt) },
          { key: 'closed', label: t(TEXT.closed), children: when(process.closedAt) },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {t(TEXT.openTasks)}
      </Typography.Title>
      <Table<ProcessTask>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={process.openTasks}
        locale={{ emptyText: <Typography.Text type="secondary">{t(TEXT.noOpenTasks)}</Typography.Text> }}
        columns={[
          {
            title: t(TEXT.task),
            key: 'title',
            render: (_, task) => <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{task.title}</Link>,
          },
          { title: t(TEXT.kind), dataIndex: 'kind', render: (k: string) => t(labelOf(TASK_KIND_LABELS, k)) },
          { title: t(TEXT.role), dataIndex: 'candidateRole', render: (r: string) => t(labelOf(ROLE_LABELS, r)) },
          {
            title: t(TEXT.due),
            key: 'due',
            render: (_, task) => (
              <>
                {dayjs(task.dueAt).format('YYYY-MM-DD HH:mm')}{' '}
                {task.overdue && <Tag color="error">{t(TEXT.overdue)}</Tag>}
                {task.escalatedAt && <Tag color="warning">{t(TEXT.escalated)}</Tag>}
              </>
            ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {t(TEXT.timeline)}
      </Typography.Title>
      {timelineFailed && <Typography.Text type="secondary">{t(TEXT.noTimeline)}</Typography.Text>}
      {timeline && (
        <Timeline
          items={timeline.map((entry, i) => ({
            key: i,
            content: (
              <div data-timeline-kind={entry.kind}>
                <span style={{ color: 'rgba(0,0,0,0.65)', marginRight: 8 }}>{when(entry.at)}</span>
                <strong>{summaryText(entry.summary, lang)}</strong>
                {detailLine(entry.detail) && (
                  <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12, wordBreak: 'break-all' }}>
                    {detailLine(entry.detail)}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
      <Comments comments={process.comments} phrases={[]} />
    </section>
  );
}
