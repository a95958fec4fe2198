/**
 * A18 我的证书: the enterprise's certificates (serial, UKey, valid to, status); 挂失 / 损坏 revokes one at
 * once and ends its binding, then leads to the re-issue order, pre-filled (the order form's path). A
 * certificate whose subject names the enterprise as it was before a change of its name or credit code
 * says so and offers the same re-issue order. 续期 leads to the renewal order (or its order once placed;
 * past the grace period, to a new order).
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { listMyCertificates, reportLost } from '../../api/portal-station';
import { Submission } from '../../api/submission';
import type { Certificate } from '../../api/types';
import { useLang } from '../../i18n';
import { labelOf } from '../../i18n/labels';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PageTitle } from '../../ui/PageTitle';
import { CERTIFICATE_STATUS, CERTIFICATE_TEXT as C, TEXT } from './text';

type ReportKind = 'lost' | 'broken';

/** Where the pre-filled re-issue order is placed (the order form reads its query). */
const reissuePath = (serial: string, serviceId: string) =>
  `/portal/orders/new?${new URLSearchParams({ reissueOf: serial, serviceId, quantity: '1' })}`;

/** The enterprise's certificates. */
export default function MyCertificatesPage() {
  const { t } = useLang();
  const errors = useApiErrors();
  const [rows, setRows] = useState<Certificate[]>([]);
  const [loading, setLoading] = useState(true);
  const [reporting, setReporting] = useState<{ certificate: Certificate; kind: ReportKind } | null>(null);
  const [reported, setReported] = useState<{ serial: string; serviceId: string } | null>(null);

  const load = (signal?: AbortSignal) => {
    setLoading(true);
    listMyCertificates(signal)
      .then((answer) => setRows(answer.items))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, []);

  return (
    <section>
      <PageTitle>{t(C.title)}</PageTitle>
      <FailureAlert errors={errors} />
      {reported && (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginBottom: 16 }}
          title={t(C.reported(reported.serial))}
          description={<Link to={reissuePath(reported.serial, reported.serviceId)}>{t(C.reissue)}</Link>}
        />
      )}
      <Table<Certificate>
        rowKey="serial"
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(C.empty)}</Typography.Text> }}
        columns={[
          {
            title: t(C.serial),
            dataIndex: 'serial',
            render: (v: string) => <code style={{ fontSize: 12, wordBreak: 'break-all' }}>{v}</code>,
          },
          { title: t(C.ukey), dataIndex: 'tokenSerial', render: (v: unknown) => (v ? String(v) : '—') },
          {
            title: t(C.validTo),
            dataIndex: 'notAfter',
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dayjs(v).format('YYYY-MM-DD')}</span>,
          },
          {
            title: t(C.status),
            dataIndex: 'status',
            render: (v: string, c) => (
              <>
                <Tag color={v === 'installed' ? 'success' : v === 'revoked' ? 'error' : undefined}>
                  {t(labelOf(CERTIFICATE_STATUS, v))}
                </Tag>
                {c.subjectOutdated && (
                  <Typography.Text type="warning" style={{ display: 'block', marginTop: 4 }}>
                    {t(C.subjectOutdated)}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t(C.renewal),
            key: 'renewal',
            render: (_, c) => <RenewalCell certificate={c} />,
          },
          {
            title: t(TEXT.actions),
            key: 'actions',
            render: (_, c) =>
              c.status === 'installed' ? (
                <Space size="small" wrap>
                  {c.reissue && (
                    <Link
                      to={reissuePath(c.serial, c.reissue.serviceId)}
                      aria-label={`${t(C.reissueChanged)} ${c.serial}`}
                    >
                      {t(C.reissueChanged)}
                    </Link>
                  )}
                  {(['lost', 'broken'] as const).map((kind) => (
                    <Button
                      key={kind}
                      size="small"
                      danger={kind === 'lost'}
                      aria-label={`${t(C[kind])} ${c.serial}`}
                      onClick={() => {
                        setReported(null);
                        setReporting({ certificate: c, kind });
                      }}
                    >
                      {t(C[kind])}
                    </Button>
                  ))}
                </Space>
              ) : null,
          },
        ]}
      />
      {reporting && (
        <ReportDialog
          {...reporting}
          onClose={(done) => {
            setReporting(null);
            if (done) {
              setReported(done);
              load();
            }
          }}
        />
      )}
    </section>
  );
}

/** 续期: the renewal's way in — the renewal order, the one placed, or why not (and a new order instead). */
function RenewalCell({ certificate: c }: { certificate: Certificate }) {
  const { t } = useLang();
  if (c.supersededBy) return <Typography.Text type="secondary">{t(C.superseded)}</Typography.Text>;
  const renewal = c.renewal;
  if (renewal.state === 'ordered')
    return <Link to={`/portal/orders/${renewal.orderId}`}>{t(C.renewalOrder(renewal.orderNo ?? ''))}</Link>;
  if (renewal.state === 'available')
    return (
      <Link to={`/portal/certificates/${c.serial}/renew`} aria-label={`${t(C.renew)} ${c.serial}`}>
        {t(C.renew)}
      </Link>
    );
  if (c.status === 'revoked') return null;
  const reason = renewal.reason as { zh: string; en: string } | null;
  return (
    <Space direction="vertical" size={0}>
      {reason && <Typography.Text type="secondary">{t(reason)}</Typography.Text>}
      <Link to="/portal/orders/new">{t(C.newOrder)}</Link>
    </Space>
  );
}

/** 挂失 / 损坏: a note, then the certificate is revoked; the API's refusal stays in the dialog. */
function ReportDialog({
  certificate,
  kind,
  onClose,
}: {
  certificate: Certificate;
  kind: ReportKind;
  onClose: (done: { serial: string; serviceId: string } | null) => void;
}) {
  const { t } = useLang();
  const [form] = Form.useForm<{ note?: string }>();
  const errors = useApiErrors(form);
  const submission = useRef(new Submission()).current;
  const [busy, setBusy] = useState(false);

  const submit = () => {
    const note = form.getFieldValue('note') as string | undefined;
    setBusy(true);
    errors.clear();
    reportLost(certificate.serial, { kind, ...(note?.trim() ? { note: note.trim() } : {}) }, submission)
      .then((answer) =>
        onClose({ serial: certificate.serial, serviceId: (answer.reissue as { serviceId: string }).serviceId }),
      )
      .catch((err: unknown) => errors.show(err))
      .finally(() => setBusy(false));
  };

  return (
    <Modal
      open
      title={t(kind === 'lost' ? C.lostTitle : C.brokenTitle)}
      okText={t(C.confirmReport)}
      cancelText={t(TEXT.cancel)}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={submit}
      onCancel={() => onClose(null)}
    >
      <p>
        {t(C.serial)}：<code>{certificate.serial}</code>
        <br />
        {t(C.ukey)}：{String(certificate.tokenSerial ?? '—')}
      </p>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(C.reportHint)} />
      <FailureAlert errors={errors} />
      <Form form={form} name="report" layout="vertical" onFinish={submit}>
        <Form.Item name="note" label={t(C.note)}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
