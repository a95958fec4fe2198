/**
 * A19 我的业务 (the applicant's start page): one page from registration → order → payment → review →
 * UKeys → binding across the four processes, the next action, who holds it and since when, and the
 * business timeline the API words for applicants (departments, never people).
 */
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Steps from 'antd/es/steps';
import Timeline from 'antd/es/timeline';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { getCaseProcess, getOrder, getRegistration, listBindings, listOrders } from '../../api/portal-station';
import { getTimeline } from '../../api/processes';
import type { ProcessDetail, TimelineEntry } from '../../api/types';
import { msg, useLang, type Bilingual } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { composeCase, STAGES, type CaseReads, type CaseView } from './case';

const TEXT = {
  title: msg('我的业务', 'My case'),
  next: msg('下一步', 'Next action'),
  what: msg('待办事项', 'What'),
  holder: msg('办理方', 'Who holds it'),
  since: msg('起始时间', 'Since'),
  you: msg('您（申请单位）', 'You (the applicant)'),
  go: msg('去办理', 'Go to it'),
  allDone: msg(
    '全部环节已办结：CA 锁绑定已生效，可使用 CA 锁登录。',
    'Every stage is done: the CA-lock binding is in force and the CA lock can sign in.',
  ),
  done: msg('已完成', 'Done'),
  current: msg('进行中', 'In progress'),
  waiting: msg('未开始', 'Not started'),
  timeline: msg('办理记录', 'Timeline'),
  noTimeline: msg('暂无记录', 'Nothing yet'),
  registration: msg('企业注册', 'Registration'),
  order: msg('证书订单', 'Certificate order'),
  binding: msg('CA 锁绑定', 'CA-lock binding'),
};

const at = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** A process read, or null when there is none (or the read fails: the case still shows the rest). */
const processOrNull = (id: string | null | undefined, signal: AbortSignal): Promise<ProcessDetail | null> =>
  id ? getCaseProcess(id, signal).catch(() => null) : Promise.resolve(null);

/** A line of the case's timeline: the business event, and the process it belongs to. */
type CaseEntry = TimelineEntry & { process: Bilingual };

/** The timelines of the case's processes, merged, newest first. */
const timelinesOf = async (
  processes: [string | null | undefined, Bilingual][],
  signal: AbortSignal,
): Promise<CaseEntry[]> => {
  const lists = await Promise.all(
    processes.map(([id, process]) =>
      id
        ? getTimeline(id, signal).then(
            (answer) => answer.items.map((entry) => ({ ...entry, process })),
            () => [],
          )
        : [],
    ),
  );
  return lists.flat().sort((a, b) => b.at.localeCompare(a.at));
};

/** The case page. */
export default function MyCasePage() {
  const { t } = useLang();
  const errors = useApiErrors();
  const [view, setView] = useState<CaseView | null>(null);
  const [timeline, setTimeline] = useState<CaseEntry[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    (async () => {
      const [registration, orders, bindings] = await Promise.all([
        getRegistration(signal),
        listOrders(signal),
        listBindings(signal),
      ]);
      const latest = orders.items.find((o) => o.status !== 'cancelled') ?? null;
      const bindingProcessId = [...bindings.items].reverse().find((row) => row.processId)?.processId ?? null;
      const order = latest ? await getOrder(latest.id, signal) : null;
      const [registrationProcess, orderProcess, bindingProcess, entries] = await Promise.all([
        processOrNull(registration.processId, signal),
        processOrNull(order?.processId, signal),
        processOrNull(bindingProcessId, signal),
        timelinesOf(
          [
            [registration.processId, TEXT.registration],
            [order?.processId, TEXT.order],
            [bindingProcessId, TEXT.binding],
          ],
          signal,
        ),
      ]);
      const reads: CaseReads = {
        registration,
        registrationProcess,
        order,
        orderProcess,
        bindings: bindings.items,
        bindingProcess,
      };
      setView(composeCase(reads));
      setTimeline(entries);
    })().catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') errors.show(err);
    });
    return () => controller.abort();
  }, []);

  if (!view)
    return (
      <section>
        <PageTitle>{t(TEXT.title)}</PageTitle>
        <FailureAlert errors={errors} />
        {!errors.failure && <Loading />}
      </section>
    );

  const { next, stages } = view;
  const stepIndex = STAGES.findIndex(([key]) => stages[key] === 'current');
  return (
    <section>
      <PageTitle>{t(TEXT.title)}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Steps
          current={stepIndex < 0 ? STAGES.length : stepIndex}
          items={STAGES.map(([key, title]) => ({
            title: t(title),
            status: stages[key] === 'done' ? 'finish' : stages[key] === 'current' ? 'process' : 'wait',
            description: (
              <span data-stage={key} data-state={stages[key]}>
                {t(TEXT[stages[key]])}
              </span>
            ),
          }))}
        />
      </Card>
      {next ? (
        <Card title={t(TEXT.next)} style={{ marginBottom: 16 }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t(TEXT.what)}>
              <span data-next-action>{t(next.what)}</span>
              {next.to && (
                <Link to={next.to} style={{ marginLeft: 16 }}>
                  {t(TEXT.go)}
                </Link>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t(TEXT.holder)}>
              {next.holder.kind === 'you' ? t(TEXT.you) : t(next.holder.name)}
            </Descriptions.Item>
            <Descriptions.Item label={t(TEXT.since)}>{next.since ? at(next.since) : '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : (
        <Alert type="success" showIcon role="status" style={{ marginBottom: 16 }} title={t(TEXT.allDone)} />
      )}
      <Card title={t(TEXT.timeline)}>
        {timeline.length === 0 ? (
          <Typography.Text type="secondary">{t(TEXT.noTimeline)}</Typography.Text>
        ) : (
          <Timeline
            items={timeline.map((entry, i) => ({
              key: `${entry.at}-${i}`,
              content: (
                <>
                  <Typography.Text type="secondary" style={{ marginRight: 12 }}>
                    {at(entry.at)}
                  </Typography.Text>
                  {t(entry.process)} · {t(entry.label)}
                </>
              ),
            }))}
          />
        )}
      </Card>
    </section>
  );
}
