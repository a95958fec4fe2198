/**
 * R1 the inbox: 我的待办 / 待领取 / 已办, filters and a search by enterprise name or credit code kept in
 * the URL, tasks by due date (or creation) with the enterprise and the holder's name, overdue and
 * escalated tags, claim and release, "claim and open next"; each row's title is a link to the task;
 * J/K/Enter/Esc; refreshed every 30 seconds.
 */
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Segmented from 'antd/es/segmented';
import Select from 'antd/es/select';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../api/client';
import { claimTask, releaseTask } from '../api/tasks';
import type { InboxSort } from '../api/tasks';
import type { InboxTask } from '../api/types';
import { useLang, type Bilingual } from '../i18n';
import { labelOf, OUTCOME_LABELS, ROLE_LABELS, STAFF_ROLES, TASK_KIND_LABELS } from '../i18n/labels';
import { Link, navigate } from '../shell/router';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { PageTitle } from '../ui/PageTitle';
import { useRowKeys } from '../ui/row-keys';
import { TabLinks } from '../ui/TabLinks';
import { enterpriseOf, holderOf, INBOX_TABS, loadInboxPage, type InboxFilters, type InboxTab } from './queries';
import { rememberInbox } from './return-to';
import { INBOX_TEXT as TEXT } from './text';

dayjs.extend(relativeTime);

/** How often the inbox reloads by itself. */
const REFRESH_MS = 30_000;
/** Secondary text in table cells (a plain span: dozens of Typography components slow the first rows). */
const SECONDARY = { color: 'rgba(0,0,0,0.65)' };
/** Roles that see every task, so may filter by any role. */
const OVERSEERS = ['operator', 'admin'];

const taskPath = (task: InboxTask) => `/tasks/${encodeURIComponent(task.id)}`;

function tabOf(query: URLSearchParams): InboxTab {
  const tab = query.get('tab');
  return INBOX_TABS.includes(tab as InboxTab) ? (tab as InboxTab) : 'mine';
}

function filtersOf(query: URLSearchParams): InboxFilters {
  return {
    role: query.get('role') ?? undefined,
    kind: query.get('kind') ?? undefined,
    dueBy: query.get('dueBy') ?? undefined,
    processId: query.get('processId') ?? undefined,
    q: query.get('q') ?? undefined,
    sort: query.get('sort') === 'created' ? 'created' : undefined,
  };
}

/** The inbox URL with `changes` applied to `query` (empty values removed). */
function inboxTarget(query: URLSearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v) next.set(k, v);
    else next.delete(k);
  }
  const qs = next.toString();
  return qs ? `/inbox?${qs}` : '/inbox';
}

/** A claim or release that another desk got to first: the list is simply out of date. */
const isStale = (err: unknown) => err instanceof ApiFailure && [403, 404, 409].includes(err.status);

export default function InboxPage({ query, user }: ScreenProps) {
  const { t } = useLang();
  const { message } = AntApp.useApp();
  const tab = tabOf(query);
  const filters = filtersOf(query);
  const view = query.toString();
  const errors = useApiErrors();
  const { show, clear } = errors;
  const [rows, setRows] = useState<InboxTask[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [pages, setPages] = useState(1);
  const [refreshedAt, setRefreshedAt] = useState<Date | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const loads = useRef<AbortController | null>(null);

  useEffect(() => rememberInbox(inboxTarget(query, {})), [view]);

  /** Loads the top of the list (`more`: the next screenful, appended). */
  const load = useCallback(
    async (more: string | null = null) => {
      loads.current?.abort();
      const controller = (loads.current = new AbortController());
      setLoading(true);
      try {
        const page = await loadInboxPage(tab, filters, user, more, controller.signal);
        setRows((shown) => (more ? [...shown, ...page.rows] : page.rows));
        setCursor(page.cursor);
        setPages((n) => (more ? n + 1 : 1));
        setRefreshedAt(new Date());
        clear();
      } catch (err) {
        if ((err as Error).name !== 'AbortError') show(err);
      } finally {
        if (loads.current === controller) setLoading(false);
      }
    },
    // `tab` and `filters` come from `view`.
    [view, user, show, clear],
  );

  useEffect(() => {
    setRows([]);
    setSelectedId(null);
    void load();
    return () => loads.current?.abort();
  }, [load]);

  // Reloads by itself while the person works on the top of the list (not while reading further pages).
  useEffect(() => {
    if (pages > 1) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, pages]);

  const select = (index: number) => {
    const task = rows[index];
    setSelectedId(task ? task.id : null);
    if (task) document.querySelector<HTMLElement>(`[data-row-link="${CSS.escape(task.id)}"]`)?.focus();
    else (document.activeElement as HTMLElement | null)?.blur();
  };
  const selected = rows.findIndex((r) => r.id === selectedId);
  useRowKeys({ count: rows.length, selected, select, open: (i) => navigate(taskPath(rows[i])) });

  const act = async (task: InboxTask, action: 'claim' | 'release') => {
    setBusy(task.id);
    try {
      await (action === 'claim' ? claimTask(task.id) : releaseTask(task.id));
      void message.success(t(action === 'claim' ? TEXT.claimed : TEXT.released));
    } catch (err) {
      void message.error(err instanceof ApiFailure ? t(err.bilingual) : String(err));
    } finally {
      setBusy(null);
      void load();
    }
  };

  /** Claims the first unclaimed task by due date (skipping any another desk took meanwhile) and opens it. */
  const claimNext = async () => {
    setBusy('next');
    try {
      const candidates = tab === 'pool' ? rows : (await loadInboxPage('pool', filters, user, null)).rows;
      for (const task of candidates.filter((r) => r.assigneeId === null && r.status === 'open')) {
        try {
          await claimTask(task.id);
          return navigate(taskPath(task));
        } catch (err) {
          if (!isStale(err)) throw err;
        }
      }
      void message.info(t(TEXT.noneToClaim));
      void load();
    } catch (err) {
      show(err);
    } finally {
      setBusy(null);
    }
  };

  // Filters replace the history entry (tabs are links, so each tab is one).
  const setView = (changes: Record<string, string | undefined>) =>
    navigate(inboxTarget(query, changes), { replace: true });
  const roleChoices = user.roles.some((r) => OVERSEERS.includes(r))
    ? STAFF_ROLES
    : STAFF_ROLES.filter((r) => user.roles.includes(r));
  const option = (value: string, label: Bilingual) => ({ value, label: t(label) });

  const columns: TableColumnsType<InboxTask> = [
    {
      title: t(TEXT.columns.task),
      dataIndex: 'title',
      render: (title: string, task) => (
        <Link to={taskPath(task)} data-row-link={task.id} onFocus={() => setSelectedId(task.id)}>
          {title}
        </Link>
      ),
    },
    { title: t(TEXT.columns.kind), dataIndex: 'kind', render: (kind: string) => t(labelOf(TASK_KIND_LABELS, kind)) },
    { title: t(TEXT.columns.step), dataIndex: 'step' },
    {
      title: t(TEXT.columns.role),
      dataIndex: 'candidateRole',
      render: (role: string) => t(labelOf(ROLE_LABELS, role)),
    },
    {
      title: t(TEXT.columns.enterprise),
      key: 'enterprise',
      render: (_, task) => {
        const enterprise = enterpriseOf(task);
        if (!enterprise) return '—';
        return (
          <span>
            {enterprise.name}
            {enterprise.creditCode && (
              <>
                <br />
                <span style={{ ...SECONDARY, fontSize: 12 }}>{enterprise.creditCode}</span>
              </>
            )}
          </span>
        );
      },
    },
    {
      title: t(TEXT.columns.due),
      dataIndex: 'dueAt',
      render: (dueAt: string) => (
        <span title={dayjs(dueAt).format('YYYY-MM-DD HH:mm:ss')}>
          {dayjs(dueAt).format('YYYY-MM-DD HH:mm')}
          <br />
          <span style={SECONDARY}>{dayjs(dueAt).fromNow()}</span>
        </span>
      ),
    },
    {
      title: t(TEXT.columns.status),
      key: 'status',
      render: (_, task) => (
        <>
          {task.status === 'completed' && task.decision && (
            <Tag color="success">{t(labelOf(OUTCOME_LABELS, task.decision.outcome))}</Tag>
          )}
          {task.status === 'cancelled' && <Tag>{t(TEXT.cancelled)}</Tag>}
          {task.overdue && <Tag color="error">{t(TEXT.overdue)}</Tag>}
          {task.escalatedAt && <Tag color="warning">{t(TEXT.escalated)}</Tag>}
          {task.status === 'open' && !task.overdue && !task.escalatedAt && <Tag color="processing">{t(TEXT.open)}</Tag>}
        </>
      ),
    },
    { title: t(TEXT.columns.holder), key: 'holder', render: (_, task) => t(holderOf(task, user)) },
    {
      title: t(TEXT.columns.actions),
      key: 'actions',
      render: (_, task) =>
        task.status !== 'open' ? null : task.assigneeId === null ? (
          <Button size="small" loading={busy === task.id} onClick={() => void act(task, 'claim')}>
            {t(TEXT.claim)}
          </Button>
        ) : task.assigneeId === user.id ? (
          <Button size="small" loading={busy === task.id} onClick={() => void act(task, 'release')}>
            {t(TEXT.release)}
          </Button>
        ) : null,
    },
  ];

  const content = (
    <>
      <Form layout="inline" aria-label={t(TEXT.filters)} style={{ rowGap: 12, marginBottom: 8 }}>
        <Form.Item label={t(TEXT.role)} htmlFor="inbox_role">
          <Select
            id="inbox_role"
            allowClear
            placeholder={t(TEXT.any)}
            style={{ width: 160 }}
            value={filters.role}
            options={roleChoices.map((r) => option(r, ROLE_LABELS[r]))}
            onChange={(role?: string) => setView({ role })}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.kind)} htmlFor="inbox_kind">
          <Select
            id="inbox_kind"
            allowClear
            placeholder={t(TEXT.any)}
            style={{ width: 170 }}
            value={filters.kind}
            options={Object.entries(TASK_KIND_LABELS).map(([k, label]) => option(k, label))}
            onChange={(kind?: string) => setView({ kind })}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.dueBy)} htmlFor="inbox_dueBy">
          <Input
            id="inbox_dueBy"
            type="date"
            style={{ width: 160 }}
            value={filters.dueBy ?? ''}
            onChange={(e) => setView({ dueBy: e.currentTarget.value || undefined })}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.processId)} htmlFor="inbox_processId">
          <Input
            id="inbox_processId"
            key={filters.processId ?? ''}
            defaultValue={filters.processId}
            allowClear
            style={{ width: 220 }}
            onPressEnter={(e) => setView({ processId: e.currentTarget.value.trim() || undefined })}
            onBlur={(e) => setView({ processId: e.currentTarget.value.trim() || undefined })}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.search)} htmlFor="inbox_q">
          <Input.Search
            id="inbox_q"
            key={filters.q ?? ''}
            defaultValue={filters.q}
            allowClear
            maxLength={64}
            placeholder={t(TEXT.searchPlaceholder)}
            style={{ width: 280 }}
            onSearch={(value) => setView({ q: value.trim() || undefined })}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.sort)}>
          <Segmented<InboxSort>
            aria-label={t(TEXT.sort)}
            value={filters.sort ?? 'due'}
            options={[
              { value: 'due', label: t(TEXT.sortDue) },
              { value: 'created', label: t(TEXT.sortCreated) },
            ]}
            onChange={(sort) => setView({ sort: sort === 'created' ? sort : undefined })}
          />
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() =>
              setView({
                role: undefined,
                kind: undefined,
                dueBy: undefined,
                processId: undefined,
                q: undefined,
                sort: undefined,
              })
            }
          >
            {t(TEXT.clearFilters)}
          </Button>
        </Form.Item>
      </Form>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, margin: '12px 0', flexWrap: 'wrap' }}>
        <Button onClick={() => void load()} loading={loading}>
          {t(TEXT.refresh)}
        </Button>
        <Typography.Text type="secondary">
          {t(TEXT.autoRefresh)}
          {refreshedAt && ` · ${t(TEXT.refreshedAt)} ${dayjs(refreshedAt).format('HH:mm:ss')}`}
        </Typography.Text>
        <Typography.Text type="secondary">{t(TEXT.keysHint)}</Typography.Text>
      </div>
      <Table<InboxTask>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        loading={loading}
        size="middle"
        rowClassName={(task) => (task.id === selectedId ? 'row-selected' : '')}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(TEXT.empty[tab])}</Typography.Text> }}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void load(cursor)} loading={loading}>
            {t(TEXT.more)}
          </Button>
        </div>
      )}
    </>
  );

  return (
    <section>
      <PageTitle
        extra={
          <Button type="primary" loading={busy === 'next'} onClick={() => void claimNext()}>
            {t(TEXT.claimNext)}
          </Button>
        }
      >
        {t(TEXT.title)}
      </PageTitle>
      <FailureAlert errors={errors} />
      <TabLinks
        label={t(TEXT.tabsLabel)}
        current={tab}
        tabs={INBOX_TABS.map((key) => ({
          key,
          label: t(TEXT.tabs[key]),
          to: inboxTarget(query, { tab: key === 'mine' ? undefined : key }),
        }))}
      />
      {content}
    </section>
  );
}
