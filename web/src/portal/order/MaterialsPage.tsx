/**
 * A12 提交材料 (guide 二.3): the business licence, the handler's ID card, the stamped application form
 * (printed from 打印申请单 first) and other documents, each previewed; a document the CA refused shows
 * the reason beside it until it is replaced; 提交 sends them for review (again after a refusal). The
 * API's refusals go onto the material they name.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useEffect, useRef, useState } from 'react';
import { getOrder, removeMaterial, submitMaterials, uploadMaterial, type PortalOrder } from '../../api/portal-order';
import { Submission } from '../../api/submission';
import type { Attachment } from '../../api/types';
import { msg, useLang } from '../../i18n';
import { Link } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { FilePreview } from '../../ui/FilePreview';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { FilePicker } from './FilePicker';
import { MATERIALS, MATERIALS_OPEN, ORDER_STATUS } from './text';

const TEXT = {
  title: msg('提交材料', 'Materials'),
  order: (no: string) => msg(`订单号：${no}`, `Order ${no}`),
  status: msg('状态：', 'Status: '),
  hint: msg(
    '请上传清晰的扫描件（JPG、PNG 或 PDF），勿上传照片。申请表需先打印、盖章之后上传。',
    'Upload clear scans (JPG, PNG or PDF), not photos. Print the application form and stamp it before uploading it.',
  ),
  print: msg('打印申请单', 'Print the application form'),
  required: msg('必传', 'Required'),
  optional: msg('选传', 'Optional'),
  upload: (name: string) => msg(`上传${name}`, `Upload: ${name}`),
  replace: (name: string) => msg(`重新上传${name}`, `Replace: ${name}`),
  remove: msg('删除', 'Remove'),
  none: msg('尚未上传', 'Not uploaded yet'),
  refused: msg('审核未通过', 'Refused'),
  replaced: msg('已重新上传', 'Replaced'),
  reviewerSays: msg('CA 审核意见', 'The CA’s reason'),
  submit: msg('提交', 'Submit'),
  submitted: msg('材料已提交，等待 CA 审核。', 'The materials are submitted for the CA’s review.'),
  frozen: msg('材料审核中或已通过，不能再更换。', 'The materials are in review or approved and cannot change.'),
  back: msg('返回我的订单', 'Back to my orders'),
};

export default function MaterialsPage({ params }: ScreenProps) {
  const { t } = useLang();
  const id = params.id;
  const errors = useApiErrors();
  const { show, clear, failure } = errors;
  const [order, setOrder] = useState<PortalOrder | null>(null);
  const [files, setFiles] = useState<Attachment[]>([]);
  /** Refused kinds replaced since the refusal. */
  const [replaced, setReplaced] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submission = useRef(new Submission());

  const load = (signal?: AbortSignal) =>
    getOrder(id, signal)
      .then((o) => {
        setOrder(o);
        setFiles(o.materials.filter((m) => m.kind !== 'remittance_slip'));
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      });

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [id]);

  if (!order) return failure ? <FailureAlert errors={errors} /> : <Loading />;
  const open = MATERIALS_OPEN.includes(order.status) && !done;
  const refusedOn = (kind: string) => failure?.fields.find((f) => f.field === `materials.${kind}`);

  const upload = async (kind: string, file: File) => {
    clear();
    try {
      const saved = await uploadMaterial(id, kind, file);
      setFiles((old) => [...old.filter((f) => kind === 'other' || f.kind !== kind), saved]);
      if (order.rejectedDocuments[kind]) setReplaced((r) => new Set(r).add(kind));
    } catch (err) {
      show(err);
    }
  };

  const remove = async (file: Attachment) => {
    clear();
    try {
      await removeMaterial(id, file.id);
      setFiles((old) => old.filter((f) => f.id !== file.id));
    } catch (err) {
      show(err);
    }
  };

  const submit = async () => {
    clear();
    setBusy(true);
    try {
      await submitMaterials(id, submission.current);
      setDone(true);
      await load();
    } catch (err) {
      show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageTitle extra={<Link to="/portal/orders">{t(TEXT.back)}</Link>}>{t(TEXT.title)}</PageTitle>
      <p>
        {t(TEXT.order(order.orderNo))} · {t(TEXT.status)}
        {ORDER_STATUS[order.status] ? t(ORDER_STATUS[order.status]) : order.status}
      </p>
      <p>
        {t(TEXT.hint)}{' '}
        <Link to={`/portal/orders/${encodeURIComponent(id)}/application-form`} style={{ textDecoration: 'underline' }}>
          {t(TEXT.print)}
        </Link>
      </p>
      {order.status === 'rejected' && order.reason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(TEXT.reviewerSays)}
          description={order.reason}
        />
      )}
      {done || order.status === 'in_review' ? (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t(TEXT.submitted)} />
      ) : (
        !open && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(TEXT.frozen)} />
      )}
      {failure && failure.fields.length > 0 ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t(failure.bilingual)} />
      ) : (
        <FailureAlert errors={errors} />
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(380px, 1fr))', gap: 16 }}>
        {MATERIALS.map((m) => {
          const name = t(m.name);
          const mine = files.filter((f) => f.kind === m.kind);
          const reason = order.rejectedDocuments[m.kind];
          const problem = refusedOn(m.kind);
          return (
            <Card
              key={m.kind}
              size="small"
              title={
                <h2 style={{ fontSize: 15, margin: 0 }}>
                  {name}{' '}
                  <Tag color={m.required ? 'red' : 'default'}>{t(m.required ? TEXT.required : TEXT.optional)}</Tag>
                  {reason && !replaced.has(m.kind) && <Tag color="error">{t(TEXT.refused)}</Tag>}
                  {reason && replaced.has(m.kind) && <Tag color="success">{t(TEXT.replaced)}</Tag>}
                </h2>
              }
            >
              {reason && (
                <Alert
                  type={replaced.has(m.kind) ? 'info' : 'error'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={`${t(TEXT.reviewerSays)}：${reason}`}
                />
              )}
              {mine.length === 0 && <Typography.Paragraph>{t(TEXT.none)}</Typography.Paragraph>}
              {mine.map((f) => (
                <div key={f.id} style={{ marginBottom: 12 }}>
                  <FilePreview file={f} />
                  {open && (
                    <Button size="small" style={{ marginTop: 4 }} onClick={() => remove(f)}>
                      {t(TEXT.remove)} {f.fileName}
                    </Button>
                  )}
                </div>
              ))}
              {open && (
                <FilePicker
                  id={`material_${m.kind}`}
                  label={t(mine.length && m.kind !== 'other' ? TEXT.replace(name) : TEXT.upload(name))}
                  upload={(file) => upload(m.kind, file)}
                />
              )}
              {problem && (
                <div role="alert" style={{ color: '#a8071a', marginTop: 8 }}>
                  {t(problem.message)}
                </div>
              )}
            </Card>
          );
        })}
      </div>
      {open && (
        // Kept in view at the foot of the window: no scrolling past the PDF previews to reach it. Those are
        // frames of another process (Chromium's PDF viewer), and a press made just after a scroll could be
        // routed to where a frame was before the scroll, never reaching 提交.
        <div
          style={{
            position: 'sticky',
            bottom: 0,
            zIndex: 1,
            marginTop: 24,
            padding: '12px 0',
            background: '#f5f5f5',
            borderTop: '1px solid #d9d9d9',
          }}
        >
          <Button type="primary" size="large" loading={busy} onClick={submit}>
            {t(TEXT.submit)}
          </Button>
        </div>
      )}
    </section>
  );
}
