/**
 * O1 the processes list (operators): type, status, step, enterprise, started and updated, newest
 * first; filters by type and status kept in the URL; each process's title is a link to its page.
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { listProcesses } from '../api/processes';
import type { ProcessSummary } from '../api/types';
import { msg, useLang } from '../i18n';
import { labelOf } from '../i18n/labels';
import { Link, navigate } from '../shell/router';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { PageTitle } from '../ui/PageTitle';
import { PROCESS_STATUS_LABELS, PROCESS_TYPE_LABELS } from './labels';

const TEXT = {
  title: msg('业务流程', 'Processes'),
  filters: msg('筛选', 'Filters'),
  type: msg('流程类型', 'Type'),
  status: msg('状态', 'Status'),
  any: msg('全部', 'Any'),
  process: msg('流程', 'Process'),
  step: msg('当前步骤', 'Current step'),
  enterprise: msg('企业', 'Enterprise'),
  started: msg('开始时间', 'Started'),
  updated: msg('更新时间', 'Updated'),
  closed: msg('已结束', 'Closed'),
  more: msg('加载更多', 'Load more'),
  empty: msg('没有符合条件的流程', 'No process matches'),
};

const processPath = (p: ProcessSummary) => `/processes/${encodeURIComponent(p.id)}`;

export default function ProcessesPage({ query }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show, clear } = errors;
  const type = query.get('type') ?? undefined;
  const status = query.get('status') ?? undefined;
  const [rows, setRows] = useState<ProcessSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = (more: string | null, signal?: AbortSignal) => {
    setLoading(true);
    listProcesses({ type, status, cursor: more, limit: 20 }, signal)
      .then((page) => {
        setRows((shown) => (more ? [...shown, ...page.items] : page.items));
        setCursor(page.nextCursor);
        clear();
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal);
    return () => controller.abort();
  }, [type, status]);

  const setFilter = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    navigate(qs ? `/processes?${qs}` : '/processes', { replace: true });
  };

  return (
    <section>
      <PageTitle>{t(TEXT.title)}</PageTitle>
      <FailureAlert errors={errors} />
      <Form layout="inline" aria-label={t(TEXT.filters)} style={{ marginBottom: 16, rowGap: 12 }}>
        <Form.Item label={t(TEXT.type)} htmlFor="processes_type">
          <Select
            id="processes_type"
            allowClear
            placeholder={t(TEXT.any)}
            style={{ width: 180 }}
            value={type}
            options={Object.entries(PROCESS_TYPE_LABELS).map(([value, label]) => ({ value, label: t(label) }))}
            onChange={(v?: string) => setFilter({ type: v })}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.status)} htmlFor="processes_status">
          <Select
            id="processes_status"
            allowClear
            placeholder={t(TEXT.any)}
            style={{ width: 160 }}
            value={status}
            options={Object.entries(PROCESS_STATUS_LABELS).map(([value, label]) => ({ value, label: t(label) }))}
            onChange={(v?: string) => setFilter({ status: v })}
          />
        </Form.Item>
      </Form>
      <Table<ProcessSummary>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(TEXT.empty)}</Typography.Text> }}
        columns={[
          {
            title: t(TEXT.process),
            key: 'title',
            render: (_, p) => (
              <>
                <Link to={processPath(p)}>{p.title}</Link>
                <br />
                <span style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>{p.id}</span>
              </>
            ),
          },
          { title: t(TEXT.type), dataIndex: 'type', render: (v: string) => t(labelOf(PROCESS_TYPE_LABELS, v)) },
          {
            title: t(TEXT.status),
            key: 'status',
            render: (_, p) => (
              <>
                <Tag>{t(labelOf(PROCESS_STATUS_LABELS, p.status))}</Tag>
                {p.closedAt && <Tag>{t(TEXT.closed)}</Tag>}
              </>
            ),
          },
          { title: t(TEXT.step), dataIndex: 'step', render: (v: string | null) => v ?? '—' },
          {
            title: t(TEXT.enterprise),
            dataIndex: 'enterpriseId',
            render: (v: string | null) => <span style={{ fontSize: 12 }}>{v ?? '—'}</span>,
          },
          {
            title: t(TEXT.started),
            dataIndex: 'startedAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t(TEXT.updated),
            dataIndex: 'updatedAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button loading={loading} onClick={() => load(cursor)}>
            {t(TEXT.more)}
          </Button>
        </div>
      )}
    </section>
  );
}
