/**
 * A16 制证 (guide 三.4): the tokens in the station's readers, read again every few seconds (a blank one
 * chosen, its model preselected); the 6-character authorisation code from the SMS; the remaining count;
 * the UKey's progress live (queued → generating_key → issuing_certificate → writing_certificate → 完成)
 * while the request runs; 【确定】, then "拔下已制好的 Ukey，插入新的空白 Ukey" and the next blank one. A
 * UKey that stopped half-way shows as failed, never as made.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Steps from 'antd/es/steps';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useEffect, useRef, useState } from 'react';
import {
  getOrder,
  listReaderTokens,
  listStations,
  makeUKey,
  type OrderToken,
  type OrderWithTokens,
  type Station,
} from '../../api/portal-station';
import { Submission } from '../../api/submission';
import type { ReaderToken } from '../../api/types';
import { useLang } from '../../i18n';
import { labelOf } from '../../i18n/labels';
import { Link } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { MAKE_TEXT as M, STEP_LABELS, TEXT } from './text';

/** The steps progress shows, in order. */
const STEPS = ['queued', 'generating_key', 'issuing_certificate', 'writing_certificate', 'done'] as const;

/** How often the readers are read, and the progress asked for while a UKey is being made. */
const READ_EVERY_MS = 3000;
const PROGRESS_EVERY_MS = 700;

interface MakeForm {
  tokenSerial?: string;
  ukeyModel?: string;
  authCode?: string;
}

/** The UKey being made: its serial, the order's items before it started, and what became of it. */
interface Making {
  serial: string;
  before: Set<string>;
  item: OrderToken | null;
  outcome: 'running' | 'done' | 'failed';
}

/** The progress of one UKey: the steps, the current one marked, a failure shown as such. */
function Progress({ making }: { making: Making }) {
  const { t } = useLang();
  const step = making.item?.step ?? 'queued';
  const reached = making.outcome === 'done' ? STEPS.length - 1 : Math.max(0, STEPS.indexOf(step as never));
  const [lastRunning, setLastRunning] = useState(0);
  useEffect(() => {
    if (step !== 'failed') setLastRunning(reached);
  }, [step, reached]);
  const failed = making.outcome === 'failed' || step === 'failed';
  return (
    <Card title={t(M.progress)} style={{ marginBottom: 16 }}>
      <Typography.Paragraph role="status" aria-live="polite">
        {failed
          ? t(M.failed(making.serial))
          : making.outcome === 'done'
            ? t(M.made(making.serial))
            : `${t(M.making(making.serial))}：${t(labelOf(STEP_LABELS, step))}`}
      </Typography.Paragraph>
      <Steps
        size="small"
        current={failed ? lastRunning : reached}
        status={failed ? 'error' : making.outcome === 'done' ? 'finish' : 'process'}
        items={STEPS.map((s) => ({ title: t(STEP_LABELS[s]) }))}
      />
      {failed && making.item?.error && (
        <Alert type="error" showIcon style={{ marginTop: 16 }} title={making.item.error} />
      )}
    </Card>
  );
}

/** 制证 for one order. */
export default function MakeUKeyPage({ params }: ScreenProps) {
  const { t } = useLang();
  const orderId = params.id;
  const [form] = Form.useForm<MakeForm>();
  const errors = useApiErrors(form);
  const readerErrors = useApiErrors();
  const submission = useRef(new Submission()).current;
  const [order, setOrder] = useState<OrderWithTokens | null>(null);
  const [stations, setStations] = useState<Station[]>([]);
  const [tokens, setTokens] = useState<ReaderToken[] | null>(null);
  const [making, setMaking] = useState<Making | null>(null);
  const [madeHere, setMadeHere] = useState(0);
  const [stationId, setStationId] = useState<string | undefined>();
  const chosen = Form.useWatch('tokenSerial', form);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([getOrder(orderId, controller.signal), listStations(controller.signal)])
      .then(([o, s]) => {
        setOrder(o);
        setStations(s.items);
        setStationId(s.items[0]?.id);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      });
    return () => controller.abort();
  }, [orderId]);

  // The readers, read again every few seconds while no UKey is being made.
  const running = making?.outcome === 'running';
  useEffect(() => {
    if (!stationId || running) return;
    const controller = new AbortController();
    const read = () =>
      listReaderTokens(stationId, controller.signal)
        .then((answer) => {
          setTokens(answer.items);
          readerErrors.clear();
        })
        .catch((err: unknown) => {
          if ((err as Error).name !== 'AbortError') readerErrors.show(err);
        });
    void read();
    const timer = setInterval(read, READ_EVERY_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [stationId, running]);

  // A blank UKey chosen when the one chosen is gone or no longer blank, its model preselected; a renewal's own UKey.
  const renewal = order?.renewal ?? null;
  const blanks = (tokens ?? []).filter(
    (token) => !token.pinLocked && (renewal ? token.serial === renewal.tokenSerial : token.blank),
  );
  useEffect(() => {
    if (running || blanks.some((token) => token.serial === chosen)) return;
    const next = blanks[0];
    form.setFieldsValue({ tokenSerial: next?.serial, ukeyModel: next?.model });
  }, [tokens, running]);

  // The progress of the UKey being made, asked for while its request runs.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      getOrder(orderId, controller.signal)
        .then((o) => {
          setOrder(o);
          setMaking((m) => (m && m.outcome === 'running' ? { ...m, item: itemOf(o, m) ?? m.item } : m));
        })
        .catch(() => undefined); // the next poll, or the request's own answer, tells
    }, PROGRESS_EVERY_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [running]);

  const itemOf = (o: OrderWithTokens, m: Pick<Making, 'serial' | 'before'>) =>
    [...o.tokens].reverse().find((token) => token.tokenSerial === m.serial && !m.before.has(token.itemId));

  const submit = (values: MakeForm) => {
    if (!order || !stationId || !values.tokenSerial || !values.authCode) return;
    const started: Making = {
      serial: values.tokenSerial,
      before: new Set(order.tokens.map((token) => token.itemId)),
      item: null,
      outcome: 'running',
    };
    errors.clear();
    setMaking(started);
    const body = {
      stationId,
      tokenSerial: values.tokenSerial,
      authCode: values.authCode.trim(),
      ...(values.ukeyModel ? { ukeyModel: values.ukeyModel } : {}),
    };
    const settle = (outcome: 'done' | 'failed' | null) =>
      getOrder(orderId)
        .then((o) => {
          setOrder(o);
          const item = itemOf(o, started) ?? null;
          // Nothing started (a refused code or station): no progress to show.
          if (outcome === 'failed' && !item) setMaking(null);
          else setMaking({ ...started, item, outcome: outcome ?? (item?.step === 'done' ? 'done' : 'failed') });
        })
        .catch((err: unknown) => {
          errors.show(err);
          setMaking(null);
        });
    makeUKey(orderId, body, submission)
      .then(() => settle('done'))
      .catch((err: unknown) => {
        errors.show(err);
        void settle('failed');
      });
  };

  /** 【确定】: this UKey is finished; the next blank one in the readers is chosen (or awaited). */
  const acknowledge = () => {
    if (making?.outcome === 'done') setMadeHere((n) => n + 1);
    const next = blanks.find((token) => token.serial !== making?.serial);
    setMaking(null);
    form.setFieldsValue({ tokenSerial: next?.serial, ukeyModel: next?.model });
  };

  if (!order) {
    return (
      <section>
        <PageTitle>{t(M.title)}</PageTitle>
        <FailureAlert errors={errors} />
        {!errors.failure && <Loading />}
      </section>
    );
  }

  const service = order.service as { name?: string };
  const locked = order.authCode?.locked ?? false;
  const finished = order.remaining === 0 && !running;
  return (
    <section>
      <PageTitle extra={<Link to="/portal/station">{t(M.back)}</Link>}>
        {t(M.title)} · {service.name ?? ''} {order.orderNo}
      </PageTitle>
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        title={t(M.instructions)}
        description={
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {[renewal ? M.renewalRule1 : M.rule1, M.rule2, M.rule3, M.rule4, M.rule5].map((rule) => (
              <li key={rule.zh}>{t(rule)}</li>
            ))}
          </ol>
        }
      />
      {renewal && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(M.renewal(renewal.tokenSerial))}
          description={t(M.renewalHint)}
        />
      )}
      <FailureAlert errors={errors} />
      {making && <Progress making={making} />}
      {making && making.outcome !== 'running' && (
        <Button type="primary" onClick={acknowledge} style={{ marginBottom: 16 }}>
          {t(TEXT.ok)}
        </Button>
      )}
      {!making && madeHere > 0 && order.remaining > 0 && (
        <Alert type="warning" showIcon role="status" style={{ marginBottom: 16 }} title={t(M.next)} />
      )}
      {finished && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(renewal ? M.renewed : M.allMade)}
          description={
            renewal ? (
              <Link to="/portal/certificates">{t(M.toCertificates)}</Link>
            ) : (
              <Link to="/portal/enterprise/ca-bindings">{t(M.toBindings)}</Link>
            )
          }
        />
      )}
      <Card
        title={t(M.readers)}
        extra={<Typography.Text type="secondary">{t(M.readersHint)}</Typography.Text>}
        style={{ marginBottom: 16 }}
      >
        <FailureAlert errors={readerErrors} />
        <Table<ReaderToken>
          rowKey="serial"
          size="small"
          pagination={false}
          loading={tokens === null && !readerErrors.failure}
          dataSource={tokens ?? []}
          locale={{ emptyText: <Typography.Text type="secondary">{t(M.noToken)}</Typography.Text> }}
          columns={[
            { title: t(M.serial), dataIndex: 'serial' },
            { title: t(M.label), dataIndex: 'label' },
            { title: t(M.model), dataIndex: 'model' },
            {
              title: t(M.state),
              key: 'state',
              render: (_, token) =>
                token.pinLocked ? (
                  <Tag color="error">{t(M.pinLocked)}</Tag>
                ) : token.blank ? (
                  <Tag color="success">{t(M.blank)}</Tag>
                ) : (
                  <Tag>{t(M.holds)}</Tag>
                ),
            },
          ]}
        />
      </Card>
      {!finished && (
        <Form<MakeForm>
          form={form}
          name="make"
          layout="horizontal"
          labelCol={{ flex: '140px' }}
          style={{ maxWidth: 560 }}
          onFinish={submit}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'INPUT') e.preventDefault();
          }}
        >
          <Form.Item label={t(M.station)} htmlFor="make_station">
            <Select
              id="make_station"
              disabled={running}
              value={stationId}
              options={stations.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(id: string) => {
                setTokens(null);
                setStationId(id);
              }}
            />
          </Form.Item>
          <Form.Item
            name="tokenSerial"
            label={t(M.serial)}
            rules={[{ required: true, message: t(renewal ? M.noRenewed(renewal.tokenSerial) : M.noBlank) }]}
            extra={
              tokens !== null && blanks.length === 0
                ? t(renewal ? M.noRenewed(renewal.tokenSerial) : M.noBlank)
                : undefined
            }
          >
            <Select
              disabled={running}
              placeholder={t(M.noToken)}
              options={blanks.map((token) => ({ value: token.serial, label: `${token.serial}（${token.label}）` }))}
              onChange={(serial: string) =>
                form.setFieldValue('ukeyModel', blanks.find((token) => token.serial === serial)?.model)
              }
            />
          </Form.Item>
          <Form.Item name="ukeyModel" label={t(M.model)}>
            <Select
              allowClear
              disabled={running}
              options={[...new Set((tokens ?? []).map((token) => token.model))].map((model) => ({
                value: model,
                label: model,
              }))}
            />
          </Form.Item>
          <Form.Item label={t(M.remaining)}>
            <Typography.Text strong>{order.remaining}</Typography.Text>
          </Form.Item>
          <Form.Item
            name="authCode"
            label={t(M.authCode)}
            normalize={(v: string) => v.toUpperCase()}
            extra={
              order.authCode && order.authCode.failures > 0 && !locked
                ? `${t(M.authCodeHint)}；${t(M.failures(order.authCode.failures))}`
                : t(M.authCodeHint)
            }
            rules={[
              { required: true, message: t(M.authCodeRequired) },
              { len: 6, message: t(M.authCodeLength) },
            ]}
          >
            <Input autoComplete="off" maxLength={6} disabled={running || locked} style={{ width: 160 }} />
          </Form.Item>
          {locked && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t(M.authCodeLocked)} />}
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" loading={running} disabled={locked || (!!making && !running)}>
              {t(M.confirm)}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Card title={t(M.ukeys)}>
        <Table<OrderToken>
          rowKey="itemId"
          size="small"
          pagination={false}
          dataSource={order.tokens}
          locale={{ emptyText: <Typography.Text type="secondary">{t(M.noneYet)}</Typography.Text> }}
          columns={[
            { title: t(M.serial), dataIndex: 'tokenSerial' },
            { title: t(M.model), dataIndex: 'ukeyModel' },
            {
              title: t(M.state),
              dataIndex: 'step',
              render: (step: string) => (
                <Tag color={step === 'done' ? 'success' : step === 'failed' ? 'error' : 'processing'}>
                  {t(labelOf(STEP_LABELS, step))}
                </Tag>
              ),
            },
            {
              title: t(M.certificate),
              key: 'certificate',
              render: (_, token) =>
                token.step === 'done' && token.certificateSerial ? (
                  <code style={{ fontSize: 12 }}>{token.certificateSerial}</code>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </section>
  );
}
