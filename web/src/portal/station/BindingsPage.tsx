/**
 * A17 CA 绑定信息 (企业信息 → 基础信息, guide 四.2–4): the table (序号, 锁号, 主题, 到期时间, 使用状态,
 * 变更状态, 审核状态, 删除 / 查看); 添加 opens "CA锁绑定新增", where 获取锁信息 reads the UKey plugged into
 * this computer (through the UKey helper) or in a station's reader, the API checks its certificate, and
 * 确认并返回 adds it; 申请解绑 for a binding
 * in force; 提交 → 确定, then the administrator's phone number to call.
 */
import Alert from 'antd/es/alert';
import Breadcrumb from 'antd/es/breadcrumb';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import {
  addBinding,
  askRemoval,
  deleteBinding,
  listBindings,
  listReaderTokens,
  listStations,
  readLock,
  submitBindings,
  type BindingRow,
  type Station,
} from '../../api/portal-station';
import { Submission } from '../../api/submission';
import type { LockBody, LockInfo } from '../../api/types';
import { agentLocation, listUKeys, readUKeyCertificate } from '../../api/portal-account';
import { useLang, type Bilingual } from '../../i18n';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PageTitle } from '../../ui/PageTitle';
import { BINDING_TEXT as B, TEXT } from './text';

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
const labelText = (label: unknown, t: (b: Bilingual) => string) => t(label as Bilingual);

/** The CA-binding table and its actions. */
export default function BindingsPage() {
  const { t } = useLang();
  const errors = useApiErrors();
  const submission = useRef(new Submission()).current;
  const [rows, setRows] = useState<BindingRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [adding, setAdding] = useState(false);
  const [viewing, setViewing] = useState<BindingRow | null>(null);
  const [confirming, setConfirming] = useState<null | { title: Bilingual; run: () => Promise<unknown> }>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const load = (signal?: AbortSignal) => {
    setLoading(true);
    return listBindings(signal)
      .then((table) => setRows(table.items))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, []);

  const runConfirmed = () => {
    if (!confirming) return;
    setBusy(true);
    errors.clear();
    confirming
      .run()
      .then(() => setConfirming(null))
      .catch((err: unknown) => {
        setConfirming(null);
        errors.show(err);
      })
      .finally(() => {
        setBusy(false);
        void load();
      });
  };

  const unsubmitted = rows.filter((row) => row.review.code === 'unsubmitted').length;
  /** Whether a removal of this binding is already waiting (to be submitted or reviewed). */
  const removalWaiting = (binding: BindingRow) =>
    rows.some(
      (row) =>
        row.change.code === 'remove' &&
        row.certificateSerial === binding.certificateSerial &&
        ['unsubmitted', 'pending'].includes(row.review.code),
    );
  return (
    <section>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: t(B.enterprise) }, { title: t(B.basic) }, { title: t(B.title) }]}
      />
      <PageTitle
        extra={
          <Button
            onClick={() => {
              setSubmitted(false);
              setAdding(true);
            }}
          >
            {t(B.add)}
          </Button>
        }
      >
        {t(B.title)}
      </PageTitle>
      <FailureAlert errors={errors} />
      {submitted && <Alert type="success" showIcon role="status" style={{ marginBottom: 16 }} title={t(B.submitted)} />}
      <Table<BindingRow>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={loading}
        dataSource={rows}
        onRow={(row) => ({ 'data-binding': row.id }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(B.empty)}</Typography.Text> }}
        columns={[
          { title: t(B.no), dataIndex: 'no' },
          { title: t(B.lockNo), dataIndex: 'lockNo' },
          {
            title: t(B.subject),
            dataIndex: 'subject',
            render: (v: string) => <span style={{ fontSize: 12 }}>{v}</span>,
          },
          {
            title: t(B.expiresAt),
            dataIndex: 'expiresAt',
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{day(v)}</span>,
          },
          { title: t(B.usage), key: 'usage', render: (_, row) => labelText(row.usage.label, t) },
          { title: t(B.change), key: 'change', render: (_, row) => labelText(row.change.label, t) },
          {
            title: t(B.review),
            key: 'review',
            render: (_, row) => (
              <Tag color={{ approved: 'success', rejected: 'error', pending: 'processing' }[row.review.code]}>
                {labelText(row.review.label, t)}
              </Tag>
            ),
          },
          {
            title: t(TEXT.actions),
            key: 'actions',
            render: (_, row) => (
              <Space size="small" wrap>
                {row.review.code === 'unsubmitted' && (
                  <Button
                    size="small"
                    danger
                    aria-label={`${t(B.delete)} ${row.lockNo}`}
                    onClick={() =>
                      setConfirming({
                        title: B.deleteConfirm(row.lockNo),
                        run: () => deleteBinding(row.id, submission),
                      })
                    }
                  >
                    {t(B.delete)}
                  </Button>
                )}
                {row.active && row.change.code === 'add' && !removalWaiting(row) && (
                  <Button
                    size="small"
                    aria-label={`${t(B.removal)} ${row.lockNo}`}
                    onClick={() =>
                      setConfirming({ title: B.removalConfirm(row.lockNo), run: () => askRemoval(row.id, submission) })
                    }
                  >
                    {t(B.removal)}
                  </Button>
                )}
                <Button size="small" aria-label={`${t(TEXT.view)} ${row.lockNo}`} onClick={() => setViewing(row)}>
                  {t(TEXT.view)}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <div style={{ marginTop: 16 }}>
        <Button
          type="primary"
          disabled={unsubmitted === 0}
          onClick={() =>
            setConfirming({
              title: B.submitConfirm,
              run: () => submitBindings(submission).then(() => setSubmitted(true)),
            })
          }
        >
          {t(B.submit)}
        </Button>
        {unsubmitted === 0 && (
          <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
            {t(B.nothingToSubmit)}
          </Typography.Text>
        )}
      </div>
      {confirming && (
        <Modal
          open
          title={t(confirming.title === B.submitConfirm ? B.submitTitle : B.title)}
          okText={t(TEXT.ok)}
          cancelText={t(TEXT.cancel)}
          okButtonProps={{ loading: busy }}
          onOk={runConfirmed}
          onCancel={() => setConfirming(null)}
        >
          <p>{t(confirming.title)}</p>
        </Modal>
      )}
      {adding && (
        <AddDialog
          onClose={(added) => {
            setAdding(false);
            if (added) void load();
          }}
        />
      )}
      {viewing && (
        <Modal
          open
          title={t(B.details)}
          onCancel={() => setViewing(null)}
          footer={<Button onClick={() => setViewing(null)}>{t(TEXT.close)}</Button>}
        >
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t(B.lockNo)}>{viewing.lockNo}</Descriptions.Item>
            <Descriptions.Item label={t(B.subject)}>{viewing.subject}</Descriptions.Item>
            <Descriptions.Item label={t(B.certificateSerial)}>
              <code style={{ fontSize: 12 }}>{viewing.certificateSerial}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t(B.expiresAt)}>{day(viewing.expiresAt)}</Descriptions.Item>
            <Descriptions.Item label={t(B.usage)}>{labelText(viewing.usage.label, t)}</Descriptions.Item>
            <Descriptions.Item label={t(B.change)}>{labelText(viewing.change.label, t)}</Descriptions.Item>
            <Descriptions.Item label={t(B.review)}>{labelText(viewing.review.label, t)}</Descriptions.Item>
            {typeof viewing.reason === 'string' && viewing.reason && (
              <Descriptions.Item label={t(B.reason)}>{viewing.reason}</Descriptions.Item>
            )}
            <Descriptions.Item label={t(B.createdAt)}>{day(viewing.createdAt)}</Descriptions.Item>
          </Descriptions>
        </Modal>
      )}
    </section>
  );
}

/** Where a UKey is read: `HERE` (this computer, through the UKey helper) or a station's ID. */
const HERE = 'here';

/**
 * "CA锁绑定新增": choose the UKey — plugged into this computer (the UKey helper reads its certificate, no
 * PIN) or in a station's reader — 获取锁信息 (the API checks the certificate), 确认并返回 adds it.
 */
function AddDialog({ onClose }: { onClose: (added: boolean) => void }) {
  const { t } = useLang();
  const [form] = Form.useForm<{ source?: string; tokenSerial?: string }>();
  const errors = useApiErrors(form);
  const submission = useRef(new Submission()).current;
  const [stations, setStations] = useState<Station[]>([]);
  const [agentUrl, setAgentUrl] = useState<string | null>(null);
  const [tokens, setTokens] = useState<{ serial: string; label: string }[] | null>(null);
  const [lock, setLock] = useState<{ info: LockInfo; body: LockBody } | null>(null);
  const [busy, setBusy] = useState<'read' | 'add' | null>(null);
  const source = Form.useWatch('source', form);

  useEffect(() => {
    form.setFieldValue('source', HERE);
    agentLocation()
      .then((answer) => setAgentUrl(answer.agentUrl))
      .catch((err: unknown) => errors.show(err));
    listStations()
      .then((answer) => setStations(answer.items))
      .catch((err: unknown) => errors.show(err));
  }, []);

  /** The UKeys holding a certificate at the chosen place. */
  useEffect(() => {
    if (!source || (source === HERE && !agentUrl)) return;
    setTokens(null);
    form.setFieldValue('tokenSerial', undefined);
    const read =
      source === HERE
        ? listUKeys(agentUrl!).then((keys) => keys.filter((k) => k.hasCertificate))
        : listReaderTokens(source).then((answer) => answer.items.filter((k) => k.hasCertificate));
    read
      .then((own) => {
        setTokens(own);
        if (own.length > 0) form.setFieldValue('tokenSerial', own[0].serial);
      })
      .catch((err: unknown) => {
        setTokens([]);
        errors.show(err);
      });
  }, [source, agentUrl]);

  const read = async () => {
    const { source: where, tokenSerial } = form.getFieldsValue();
    if (!where || !tokenSerial) return void form.validateFields();
    setBusy('read');
    errors.clear();
    setLock(null);
    try {
      const body: LockBody =
        where === HERE
          ? { tokenSerial, certificate: await readUKeyCertificate(agentUrl!, tokenSerial) }
          : { stationId: where, tokenSerial };
      setLock({ info: await readLock(body), body });
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(null);
    }
  };

  const add = () => {
    if (!lock) return;
    setBusy('add');
    errors.clear();
    addBinding(lock.body, submission)
      .then(() => onClose(true))
      .catch((err: unknown) => errors.show(err))
      .finally(() => setBusy(null));
  };

  return (
    <Modal
      open
      title={t(B.dialog)}
      onCancel={() => onClose(false)}
      width={640}
      footer={
        <Space>
          <Button onClick={read} loading={busy === 'read'}>
            {t(B.readLock)}
          </Button>
          <Button type="primary" onClick={add} loading={busy === 'add'} disabled={!lock || lock.info.alreadyBound}>
            {t(B.confirmReturn)}
          </Button>
          <Button onClick={() => onClose(false)}>{t(TEXT.close)}</Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t(B.dialogHint)}</Typography.Paragraph>
      <FailureAlert errors={errors} />
      <Form form={form} name="lock" layout="vertical" onValuesChange={() => setLock(null)}>
        <Form.Item name="source" label={t(B.source)}>
          <Select
            options={[
              { value: HERE, label: t(B.here) },
              ...stations.map((s) => ({ value: s.id, label: `${t(B.stationPrefix)}${s.name}` })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="tokenSerial"
          label={t(B.token)}
          rules={[{ required: true, message: t(B.tokenRequired) }]}
          extra={tokens !== null && tokens.length === 0 ? t(source === HERE ? B.noTokensHere : B.noTokens) : undefined}
        >
          <Select
            loading={tokens === null}
            options={(tokens ?? []).map((token) => ({
              value: token.serial,
              label: `${token.serial}（${token.label}）`,
            }))}
          />
        </Form.Item>
      </Form>
      {lock && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t(B.lockNo)}>{lock.info.lockNo}</Descriptions.Item>
          <Descriptions.Item label={t(B.certificateSerial)}>
            <code style={{ fontSize: 12 }}>{lock.info.certificate.serial}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t(B.subject)}>{lock.info.certificate.subject}</Descriptions.Item>
          <Descriptions.Item label={t(B.issuer)}>{lock.info.certificate.issuer}</Descriptions.Item>
          <Descriptions.Item label={t(B.validity)}>
            {day(lock.info.certificate.notBefore)} — {day(lock.info.certificate.notAfter)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {lock?.info.alreadyBound && <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t(B.alreadyBound)} />}
    </Modal>
  );
}
