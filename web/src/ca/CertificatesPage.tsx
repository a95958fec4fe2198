/**
 * R8 certificates (ca_admin; operators and admins read): every issued certificate, searched by serial,
 * subject, UKey or enterprise and filtered by status (the API answers them all; the search is here);
 * 吊销 with a reason code and a note, the refusal's reasons on the fields; the CRL to download.
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CRL_URL, listCertificates, revokeCertificate } from '../api/certificates';
import { Submission } from '../api/submission';
import type { Certificate, RevocationReason } from '../api/types';
import { msg, useLang, type Bilingual } from '../i18n';
import { labelOf } from '../i18n/labels';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { PageTitle } from '../ui/PageTitle';

const TEXT = {
  title: msg('证书管理', 'Certificates'),
  filters: msg('筛选', 'Filters'),
  search: msg('搜索', 'Search'),
  searchHint: msg('序列号、主题、锁号或企业', 'Serial, subject, UKey or enterprise'),
  status: msg('状态', 'Status'),
  any: msg('全部', 'Any'),
  serial: msg('序列号', 'Serial'),
  subject: msg('主题', 'Subject'),
  token: msg('锁号', 'UKey'),
  validTo: msg('有效期至', 'Valid to'),
  revoked: msg('吊销信息', 'Revocation'),
  actions: msg('操作', 'Actions'),
  revoke: msg('吊销', 'Revoke'),
  revokeTitle: msg('吊销证书', 'Revoke the certificate'),
  reason: msg('吊销原因', 'Reason'),
  note: msg('备注', 'Note'),
  confirm: msg('确认吊销', 'Revoke'),
  cancel: msg('取消', 'Cancel'),
  crl: msg('下载证书吊销列表（CRL）', 'Download the revocation list (CRL)'),
  done: msg('证书已吊销', 'The certificate is revoked'),
  empty: msg('没有符合条件的证书', 'No certificate matches'),
};

/** Certificate statuses (`certificates.status`). */
const STATUS_LABELS: Record<string, Bilingual> = {
  issued: msg('已签发（未写入 UKey）', 'Issued (not on its UKey yet)'),
  installed: msg('有效', 'In use'),
  void: msg('作废', 'Void'),
  revoked: msg('已吊销', 'Revoked'),
  expired: msg('已过期', 'Expired'),
};

/** The reason codes the API accepts (RFC 5280 names). */
const REASON_LABELS: Record<RevocationReason, Bilingual> = {
  unspecified: msg('未指定', 'Unspecified'),
  keyCompromise: msg('密钥泄露', 'Key compromised'),
  affiliationChanged: msg('单位信息变更', 'Affiliation changed'),
  superseded: msg('已被新证书取代', 'Superseded'),
  cessationOfOperation: msg('停止使用', 'Cessation of operation'),
};

const matches = (c: Certificate, text: string) =>
  [c.serial, c.subject, String(c.tokenSerial ?? ''), c.enterpriseId].some((v) => v.toLowerCase().includes(text));

export default function CertificatesPage({ user }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show, clear } = errors;
  const [rows, setRows] = useState<Certificate[]>([]);
  const [loading, setLoading] = useState(true);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mayRevoke = user.roles.includes('ca_admin');

  const load = (signal?: AbortSignal) => {
    setLoading(true);
    listCertificates(signal)
      .then((page) => {
        setRows(page.items);
        clear();
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, []);

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return rows.filter((c) => (!status || c.status === status) && (!needle || matches(c, needle)));
  }, [rows, text, status]);

  return (
    <section>
      <PageTitle
        extra={
          <a href={CRL_URL} download="crl.der">
            {t(TEXT.crl)}
          </a>
        }
      >
        {t(TEXT.title)}
      </PageTitle>
      <FailureAlert errors={errors} />
      {notice && (
        <Typography.Paragraph role="status" type="success">
          {notice}
        </Typography.Paragraph>
      )}
      <Form layout="inline" aria-label={t(TEXT.filters)} style={{ marginBottom: 16, rowGap: 12 }}>
        <Form.Item label={t(TEXT.search)} htmlFor="certificates_search">
          <Input
            id="certificates_search"
            allowClear
            placeholder={t(TEXT.searchHint)}
            style={{ width: 280 }}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t(TEXT.status)} htmlFor="certificates_status">
          <Select
            id="certificates_status"
            allowClear
            placeholder={t(TEXT.any)}
            style={{ width: 200 }}
            value={status}
            options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label: t(label) }))}
            onChange={(v?: string) => setStatus(v)}
          />
        </Form.Item>
      </Form>
      <Table<Certificate>
        rowKey="serial"
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        loading={loading}
        dataSource={shown}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(TEXT.empty)}</Typography.Text> }}
        columns={[
          {
            title: t(TEXT.serial),
            dataIndex: 'serial',
            render: (v: string) => <code style={{ fontSize: 12, wordBreak: 'break-all' }}>{v}</code>,
          },
          {
            title: t(TEXT.subject),
            dataIndex: 'subject',
            render: (v: string) => <span style={{ fontSize: 12 }}>{v}</span>,
          },
          { title: t(TEXT.token), dataIndex: 'tokenSerial', render: (v: unknown) => (v ? String(v) : '—') },
          {
            title: t(TEXT.validTo),
            dataIndex: 'notAfter',
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dayjs(v).format('YYYY-MM-DD')}</span>,
          },
          {
            title: t(TEXT.status),
            dataIndex: 'status',
            render: (v: string) => (
              <Tag color={v === 'revoked' ? 'red' : undefined}>{t(labelOf(STATUS_LABELS, v))}</Tag>
            ),
          },
          {
            title: t(TEXT.revoked),
            key: 'revoked',
            render: (_, c) =>
              c.revokedAt ? (
                <>
                  {dayjs(c.revokedAt).format('YYYY-MM-DD HH:mm')}
                  <br />
                  {c.revocationReason ? t(labelOf(REASON_LABELS, String(c.revocationReason))) : null}
                </>
              ) : (
                '—'
              ),
          },
          ...(mayRevoke
            ? [
                {
                  title: t(TEXT.actions),
                  key: 'actions',
                  render: (_: unknown, c: Certificate) =>
                    c.status === 'installed' || c.status === 'issued' ? (
                      <Button
                        danger
                        size="small"
                        aria-label={`${t(TEXT.revoke)} ${c.serial}`}
                        onClick={() => {
                          setNotice(null);
                          setRevoking(c);
                        }}
                      >
                        {t(TEXT.revoke)}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {revoking && (
        <RevokeDialog
          certificate={revoking}
          onClose={(done) => {
            setRevoking(null);
            if (done) {
              setNotice(`${t(TEXT.done)}：${revoking.serial}`);
              load();
            }
          }}
        />
      )}
    </section>
  );
}

/** 吊销证书: the reason code and a note; the API's refusal stays in the dialog, on its fields. */
function RevokeDialog({ certificate, onClose }: { certificate: Certificate; onClose: (done: boolean) => void }) {
  const { t } = useLang();
  const [form] = Form.useForm<{ reason?: RevocationReason; note?: string }>();
  const errors = useApiErrors(form);
  const submission = useRef(new Submission()).current;
  const [busy, setBusy] = useState(false);

  const submit = () => {
    const { reason, note } = form.getFieldsValue();
    const body = { reason: reason as RevocationReason, ...(note ? { note } : {}) };
    setBusy(true);
    errors.clear();
    revokeCertificate(certificate.serial, body, submission)
      .then(() => onClose(true))
      .catch((err: unknown) => errors.show(err))
      .finally(() => setBusy(false));
  };

  return (
    <Modal
      open
      title={t(TEXT.revokeTitle)}
      okText={t(TEXT.confirm)}
      cancelText={t(TEXT.cancel)}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={submit}
      onCancel={() => onClose(false)}
    >
      <p>
        {t(TEXT.serial)}：<code>{certificate.serial}</code>
        <br />
        {certificate.subject}
      </p>
      <FailureAlert errors={errors} />
      <Form form={form} name="revoke" layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t(TEXT.reason)}>
          <Select options={Object.entries(REASON_LABELS).map(([value, label]) => ({ value, label: t(label) }))} />
        </Form.Item>
        <Form.Item name="note" label={t(TEXT.note)}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
