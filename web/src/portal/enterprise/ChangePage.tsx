/**
 * 企业信息 → 基础信息 → 变更: the approved enterprise edits a copy of its approved profile, sees what
 * differs from the approved record (变更前 / 变更后), attaches evidence (a new business licence scan for a
 * name or credit-code change), and submits; then the request's status with the reviewers' 意见, and
 * 撤回 while it is not decided. After a return only the marked fields and files can change. A refusal
 * keeps everything typed and lands on the fields it names.
 */
import Alert from 'antd/es/alert';
import Breadcrumb from 'antd/es/breadcrumb';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { needsLicence } from '../../../../domain/enterprise-change';
import {
  changedFields,
  PROFILE_FIELD_LABELS,
  PROFILE_FIELDS,
  valueAt,
  type RegistrationProfile,
} from '../../../../domain/registration';
import { deleteEvidence, getChange, submitChange, uploadEvidence, withdrawChange } from '../../api/portal-change';
import { getCatalog, type RegistrationCatalog } from '../../api/portal-registration';
import { Submission } from '../../api/submission';
import type { Attachment, ChangeView } from '../../api/types';
import { msg, useLang, type Bilingual } from '../../i18n';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { FilePicker } from '../order/FilePicker';
import { nameOf, profileOf } from '../registration/profile-form';

const TEXT = {
  enterprise: msg('企业信息', 'Enterprise'),
  basic: msg('基础信息', 'Basic information'),
  title: msg('变更', 'Change'),
  intro: msg(
    '在已审核通过的企业资料上修改需要变更的内容，核对变更前后的差异，上传证明材料后提交审核。变更企业名称或统一社会信用代码须上传新的营业执照扫描件。',
    'Edit what changed in the approved enterprise record, check the differences, attach the evidence and submit it for review. A change of the name or the credit code needs a new business licence scan.',
  ),
  profile: msg('企业资料', 'Enterprise record'),
  diff: msg('变更内容', 'What changes'),
  field: msg('字段', 'Field'),
  before: msg('变更前（已核准）', 'Before (approved)'),
  after: msg('变更后', 'After'),
  noDiff: msg('尚未修改任何内容', 'Nothing changed yet'),
  evidence: msg('变更证明材料', 'Evidence'),
  licence: msg('新营业执照扫描件', 'New business licence scan'),
  licenceRequired: msg(
    '变更企业名称或统一社会信用代码，须上传新的营业执照扫描件',
    'Changing the name or the credit code needs a new business licence scan',
  ),
  other: msg('其他证明材料', 'Other evidence'),
  remove: msg('删除', 'Remove'),
  upload: msg('上传文件', 'Upload a file'),
  noEvidence: msg('尚未上传证明材料', 'No evidence uploaded yet'),
  submit: msg('提交变更申请', 'Submit the change'),
  resubmit: msg('重新提交', 'Resubmit'),
  submitted: msg('变更申请已提交，请等待审核。', 'The change request is submitted for review.'),
  status: msg('申请状态', 'Request status'),
  step: msg('当前步骤', 'Current step'),
  round: msg('审核轮次', 'Round'),
  submittedAt: msg('提交时间', 'Submitted'),
  reason: msg('意见', 'Reason'),
  marked: msg('需补正', 'To correct'),
  returnedHint: msg(
    '变更申请已被退回：只能修改标为“需补正”的字段和材料，修改后重新提交。',
    'The request was returned: only the fields and files marked “To correct” can change; correct them and resubmit.',
  ),
  inReviewHint: msg(
    '变更申请审核中，审核结束前不能再修改。',
    'The change request is under review and cannot be edited until it is decided.',
  ),
  withdraw: msg('撤回申请', 'Withdraw'),
  withdrawn: msg('变更申请已撤回。', 'The change request is withdrawn.'),
  comments: msg('意见', 'Comments'),
  seq: msg('序号', 'No.'),
  commentStep: msg('业务步骤', 'Step'),
  department: msg('部门', 'Department'),
  comment: msg('意见', 'Comment'),
  at: msg('时间', 'Time'),
  longTerm: msg('长期', 'Long term'),
  until: msg('截止日期', 'Until'),
  datePlaceholder: msg('YYYY-MM-DD', 'YYYY-MM-DD'),
};

const STATUS: Record<string, Bilingual> = {
  in_review: msg('审核中', 'In review'),
  returned: msg('已退回补正', 'Returned for correction'),
  approved: msg('已通过，企业资料已更新', 'Approved; the enterprise record is updated'),
  rejected: msg('未通过', 'Rejected'),
  withdrawn: msg('已撤回', 'Withdrawn'),
};

/** Which catalogue list names the codes of a profile field. */
const CATALOG_OF: Partial<Record<string, keyof RegistrationCatalog>> = {
  memberCategory: 'memberCategories',
  businessType: 'businessTypes',
  identityType: 'identityTypes',
  'enterprise.type': 'enterpriseTypes',
  'legalRepresentative.idType': 'idTypes',
};

const SECTIONS: { title: Bilingual; prefix: string }[] = [
  { title: msg('会员信息', 'Membership'), prefix: '' },
  { title: msg('企业基本信息', 'Enterprise'), prefix: 'enterprise.' },
  { title: msg('法定代表人', 'Legal representative'), prefix: 'legalRepresentative.' },
  { title: msg('联系人', 'Contact'), prefix: 'contact.' },
];
const sectionOf = (path: string) => SECTIONS.find((s) => s.prefix !== '' && path.startsWith(s.prefix)) ?? SECTIONS[0];

const OPEN = new Set(['in_review', 'returned']);

/** 营业期限: 长期, or an end date. */
function TermInput({
  value,
  onChange,
  disabled,
  id,
}: {
  value?: string;
  onChange?: (v: string) => void;
  disabled: boolean;
  id?: string;
}) {
  const { t } = useLang();
  const longTerm = value === 'long_term';
  return (
    <Space wrap>
      <Radio.Group
        disabled={disabled}
        value={longTerm ? 'long_term' : 'until'}
        onChange={(e) => onChange?.(e.target.value === 'long_term' ? 'long_term' : '')}
        options={[
          { value: 'long_term', label: t(TEXT.longTerm) },
          { value: 'until', label: t(TEXT.until) },
        ]}
      />
      {!longTerm && (
        <Input
          id={id}
          disabled={disabled}
          value={value}
          placeholder={t(TEXT.datePlaceholder)}
          onChange={(e) => onChange?.(e.target.value)}
          style={{ width: 140 }}
        />
      )}
    </Space>
  );
}

/** The 变更 screen. */
export default function ChangePage() {
  const { t } = useLang();
  const [form] = Form.useForm();
  const errors = useApiErrors(form);
  const [view, setView] = useState<ChangeView | null>(null);
  const [catalog, setCatalog] = useState<RegistrationCatalog | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Bilingual | null>(null);
  const submission = useRef(new Submission());
  const withdrawal = useRef(new Submission());
  const values = Form.useWatch([], form) as unknown;

  const request = view?.request ?? null;
  const open = !!request && OPEN.has(request.status);
  const returned = request?.status === 'returned';
  const editable = (path: string) => !open || (returned && (request.editableFields ?? []).includes(path));

  /** Loads the view; `reset` puts the form back to what the request or the approved record holds. */
  const load = async (reset: boolean, signal?: AbortSignal) => {
    const v = await getChange(signal);
    setView(v);
    if (reset) {
      const live = v.request && OPEN.has(v.request.status);
      form.setFieldsValue(live ? v.request!.submitted.profile : v.approved.profile);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([load(true, controller.signal), getCatalog(controller.signal).then(setCatalog)]).catch(
      (err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      },
    );
    return () => controller.abort();
  }, []);

  if (!view && !errors.failure) return <Loading />;
  if (!view)
    return (
      <section>
        <PageTitle>{t(TEXT.title)}</PageTitle>
        <FailureAlert errors={errors} />
      </section>
    );

  const approved = view.approved.profile as RegistrationProfile;
  const proposed = profileOf(values ?? {});
  const diff = values ? changedFields(approved, proposed) : [];
  const licenceNeeded = needsLicence(diff);
  const evidenceEditable = (kind: string) =>
    !open || (returned && (request.editableFields ?? []).includes(`attachments.${kind}`));

  const shown = (path: string, profile: unknown): string => {
    const v = valueAt(profile, path);
    if (v === undefined || v === null || v === '') return '—';
    const named = catalog?.[CATALOG_OF[path]!]?.find((e) => e.code === v);
    if (named) return t(named.name);
    if (v === 'long_term') return t(TEXT.longTerm);
    return String(v);
  };

  const run = async (what: () => Promise<unknown>, done: Bilingual | null, reset: boolean) => {
    errors.clear();
    setNotice(null);
    setBusy(true);
    try {
      await what();
      setNotice(done);
      await load(reset);
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };

  const upload = (kind: string) => async (file: File) => run(() => uploadEvidence(kind, file), null, false);

  const fieldControl = (path: string) => {
    const list = CATALOG_OF[path];
    const disabled = !editable(path);
    if (list)
      return (
        <Select
          disabled={disabled}
          options={(catalog?.[list] ?? []).map((e) => ({ value: e.code, label: t(e.name) }))}
        />
      );
    if (path === 'enterprise.businessTerm') return <TermInput disabled={disabled} />;
    if (path === 'enterprise.businessScope') return <Input.TextArea rows={2} disabled={disabled} />;
    return <Input disabled={disabled} />;
  };

  return (
    <section>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: t(TEXT.enterprise) }, { title: t(TEXT.basic) }, { title: t(TEXT.title) }]}
      />
      <PageTitle
        extra={
          open && (
            <Button
              danger
              disabled={busy}
              onClick={() => run(() => withdrawChange(withdrawal.current), TEXT.withdrawn, true)}
            >
              {t(TEXT.withdraw)}
            </Button>
          )
        }
      >
        {t(TEXT.title)} · {view.entityName}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t(TEXT.intro)}</Typography.Paragraph>
      {notice && <Alert type="success" showIcon role="status" style={{ marginBottom: 16 }} title={t(notice)} />}
      <FailureAlert errors={errors} />

      {request && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t(TEXT.status)}
          </Typography.Title>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'status',
                label: t(TEXT.status),
                children: (
                  <Tag
                    color={
                      request.status === 'approved' ? 'success' : request.status === 'rejected' ? 'error' : 'processing'
                    }
                  >
                    {t(STATUS[request.status] ?? msg(request.status, request.status))}
                  </Tag>
                ),
              },
              { key: 'step', label: t(TEXT.step), children: request.step ?? '—' },
              { key: 'round', label: t(TEXT.round), children: request.round },
              {
                key: 'at',
                label: t(TEXT.submittedAt),
                children: dayjs(request.submittedAt).format('YYYY-MM-DD HH:mm'),
              },
              ...(request.reason ? [{ key: 'reason', label: t(TEXT.reason), children: request.reason, span: 2 }] : []),
            ]}
          />
          {returned && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(TEXT.returnedHint)} />}
          {request.status === 'in_review' && (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(TEXT.inReviewHint)} />
          )}
          {request.comments.length > 0 && (
            <Table
              size="small"
              rowKey="seq"
              pagination={false}
              style={{ marginBottom: 16 }}
              dataSource={request.comments}
              columns={[
                { title: t(TEXT.seq), dataIndex: 'seq', width: 64 },
                { title: t(TEXT.commentStep), dataIndex: 'step' },
                { title: t(TEXT.department), dataIndex: 'department' },
                { title: t(TEXT.comment), dataIndex: 'comment' },
                { title: t(TEXT.at), dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
              ]}
            />
          )}
        </>
      )}

      <Form
        form={form}
        name="change"
        layout="vertical"
        onFinish={() => run(() => submitChange(proposed, submission.current), TEXT.submitted, true)}
      >
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t(TEXT.profile)}
        </Typography.Title>
        {SECTIONS.map((section) => (
          <fieldset key={section.title.zh} style={{ border: 0, padding: 0, margin: '0 0 8px' }}>
            <legend style={{ fontSize: 15, fontWeight: 600, marginBottom: 8 }}>{t(section.title)}</legend>
            <div
              style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', columnGap: 16 }}
            >
              {PROFILE_FIELDS.filter((f) => sectionOf(f) === section).map((path) => (
                <Form.Item
                  key={path}
                  name={nameOf(path)}
                  label={
                    <span>
                      {t(PROFILE_FIELD_LABELS[path])}
                      {returned && editable(path) && (
                        <Tag color="warning" style={{ marginLeft: 8 }}>
                          {t(TEXT.marked)}
                        </Tag>
                      )}
                    </span>
                  }
                >
                  {fieldControl(path)}
                </Form.Item>
              ))}
            </div>
          </fieldset>
        ))}

        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t(TEXT.diff)}
        </Typography.Title>
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          style={{ marginBottom: 16 }}
          locale={{ emptyText: t(TEXT.noDiff) }}
          dataSource={diff.map((field) => ({ field }))}
          columns={[
            { title: t(TEXT.field), dataIndex: 'field', render: (f: string) => t(PROFILE_FIELD_LABELS[f]) },
            {
              title: t(TEXT.before),
              dataIndex: 'field',
              key: 'before',
              render: (f: string) => <del>{shown(f, approved)}</del>,
            },
            {
              title: t(TEXT.after),
              dataIndex: 'field',
              key: 'after',
              render: (f: string) => <strong>{shown(f, proposed)}</strong>,
            },
          ]}
        />

        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t(TEXT.evidence)}
        </Typography.Title>
        {licenceNeeded && !view.evidence.some((f) => f.kind === 'business_license') && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t(TEXT.licenceRequired)} />
        )}
        <Form.Item name={['attachments', 'business_license']} label={t(TEXT.licence)} required={licenceNeeded}>
          <EvidenceKind
            files={view.evidence.filter((f) => f.kind === 'business_license')}
            kind="business_license"
            label={t(TEXT.licence)}
            editable={evidenceEditable('business_license') && !busy}
            upload={upload('business_license')}
            remove={(id) => run(() => deleteEvidence(id), null, false)}
          />
        </Form.Item>
        <Form.Item name={['attachments', 'other']} label={t(TEXT.other)}>
          <EvidenceKind
            files={view.evidence.filter((f) => f.kind === 'other')}
            kind="other"
            label={t(TEXT.other)}
            editable={evidenceEditable('other') && !busy}
            upload={upload('other')}
            remove={(id) => run(() => deleteEvidence(id), null, false)}
          />
        </Form.Item>

        {(!open || returned) && (
          <Button type="primary" htmlType="submit" loading={busy} disabled={diff.length === 0}>
            {t(returned ? TEXT.resubmit : TEXT.submit)}
          </Button>
        )}
      </Form>
    </section>
  );
}

/** The evidence files of one kind, each a link, with an upload and removal while they may change. */
function EvidenceKind({
  files,
  kind,
  label,
  editable,
  upload,
  remove,
}: {
  files: Attachment[];
  kind: string;
  label: string;
  editable: boolean;
  upload: (file: File) => Promise<void>;
  remove: (id: string) => void;
}) {
  const { t } = useLang();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {files.length === 0 && <Typography.Text type="secondary">{t(TEXT.noEvidence)}</Typography.Text>}
      {files.map((f) => (
        <Space key={f.id}>
          <a href={f.url} target="_blank" rel="noreferrer">
            {f.fileName}
          </a>
          {editable && (
            <Button size="small" onClick={() => remove(f.id)} aria-label={`${t(TEXT.remove)} ${f.fileName}`}>
              {t(TEXT.remove)}
            </Button>
          )}
        </Space>
      ))}
      {editable && <FilePicker id={`evidence-${kind}`} label={`${t(TEXT.upload)}（${label}）`} upload={upload} />}
    </div>
  );
}
