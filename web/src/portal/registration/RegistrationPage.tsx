/**
 * A5, 资料完善: the 注册须知 notice with 开始注册, then the wizard 会员类别 → 企业基本信息 → 法定代表人 →
 * 联系人 → 附件. Each field is checked at the keystroke with the server's own rules and messages; the
 * draft is saved on every step change and by 保存; 取消 returns to the last saved draft. After a
 * return only the marked fields and attachments are editable, each with the reviewer's reason beside
 * it. 提交 checks completeness locally, saves, then opens the 下一步 dialog (A6). A refusal keeps
 * everything typed and lands on the fields, and the wizard goes to the step of the first one.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Steps from 'antd/es/steps';
import Typography from 'antd/es/typography';
import { useEffect, useRef, useState } from 'react';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS } from '../../../../domain/registration';
import { ApiFailure } from '../../api/client';
import {
  getCatalog,
  getProfile,
  getRegistrationView,
  saveProfile,
  type ProfileView,
  type RegistrationCatalog,
  type RegistrationView,
} from '../../api/portal-registration';
import type { Attachment } from '../../api/types';
import { msg, useLang, type Bilingual } from '../../i18n';
import { Link, navigate } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { AttachmentsStep } from './Attachments';
import {
  ATTACHMENTS_STEP,
  fieldsOfStep,
  nameOf,
  problemsOf,
  profileOf,
  stepOf,
  type ProfilePath,
} from './profile-form';
import { SubmitDialog } from './SubmitDialog';
import { REASON_STYLE, TEXT } from './text';

/** How a field is entered. */
type Control = 'text' | 'textarea' | 'radio' | 'select' | 'date' | 'term';

/** A field of the wizard: its path, its label (the guide's words) and its control. */
interface FieldSpec {
  path: ProfilePath;
  label: Bilingual;
  control: Control;
  catalog?: keyof RegistrationCatalog;
  placeholder?: Bilingual;
}

const FIELDS: FieldSpec[] = [
  { path: 'memberCategory', label: msg('会员类别', 'Member category'), control: 'radio', catalog: 'memberCategories' },
  { path: 'businessType', label: msg('业务类型', 'Business type'), control: 'radio', catalog: 'businessTypes' },
  { path: 'identityType', label: msg('身份类型', 'Identity type'), control: 'radio', catalog: 'identityTypes' },
  { path: 'enterprise.name', label: msg('企业名称', 'Enterprise name'), control: 'text' },
  {
    path: 'enterprise.creditCode',
    label: msg('统一社会信用代码', 'Unified social credit code'),
    control: 'text',
    placeholder: msg('18 位，见营业执照', '18 characters, as on the business licence'),
  },
  { path: 'enterprise.type', label: msg('企业类型', 'Enterprise type'), control: 'select', catalog: 'enterpriseTypes' },
  { path: 'enterprise.address', label: msg('企业地址', 'Address'), control: 'text' },
  {
    path: 'enterprise.registeredCapital',
    label: msg('注册资本（万元）', 'Registered capital (10,000 CNY)'),
    control: 'text',
  },
  { path: 'enterprise.establishedOn', label: msg('成立日期', 'Established on'), control: 'date' },
  { path: 'enterprise.businessTerm', label: msg('营业期限', 'Business term'), control: 'term' },
  { path: 'enterprise.businessScope', label: msg('经营范围', 'Business scope'), control: 'textarea' },
  { path: 'legalRepresentative.name', label: msg('姓名', 'Name'), control: 'text' },
  { path: 'legalRepresentative.idType', label: msg('证件类型', 'ID type'), control: 'select', catalog: 'idTypes' },
  { path: 'legalRepresentative.idNumber', label: msg('证件号码', 'ID number'), control: 'text' },
  { path: 'legalRepresentative.mobile', label: msg('手机号码', 'Mobile'), control: 'text' },
  { path: 'legalRepresentative.address', label: msg('住址', 'Address'), control: 'text' },
  { path: 'contact.name', label: msg('姓名', 'Name'), control: 'text' },
  { path: 'contact.mobile', label: msg('手机号码', 'Mobile'), control: 'text' },
  { path: 'contact.email', label: msg('电子邮箱', 'Email'), control: 'text' },
];

/** Fields whose rules read another field (re-checked when it changes). */
const DEPENDS: Partial<Record<ProfilePath, ProfilePath>> = {
  'legalRepresentative.idNumber': 'legalRepresentative.idType',
  'enterprise.businessTerm': 'enterprise.establishedOn',
};

const idOf = (path: string) => `profile_${path.replace('.', '_')}`;

/** 营业期限: 长期, or an end date. */
function BusinessTerm({
  id,
  value,
  onChange,
  disabled,
}: {
  id?: string;
  value?: string;
  onChange?(value: string | undefined): void;
  disabled: boolean;
}) {
  const { t } = useLang();
  const [mode, setMode] = useState<'long' | 'until' | undefined>(
    value === 'long_term' ? 'long' : value ? 'until' : undefined,
  );
  return (
    <Space wrap>
      <Radio.Group
        id={id}
        aria-label={t(msg('营业期限', 'Business term'))}
        disabled={disabled}
        value={mode}
        onChange={(e) => {
          setMode(e.target.value);
          onChange?.(e.target.value === 'long' ? 'long_term' : undefined);
        }}
        options={[
          { value: 'long', label: t(TEXT.longTerm) },
          { value: 'until', label: t(TEXT.until) },
        ]}
      />
      {mode === 'until' && (
        <Input
          type="date"
          id={`${id}_end`}
          aria-label={t(TEXT.termEnd)}
          disabled={disabled}
          value={value === 'long_term' ? '' : (value ?? '')}
          onChange={(e) => onChange?.(e.target.value || undefined)}
        />
      )}
    </Space>
  );
}

/** The wizard over a loaded profile. */
function Wizard({
  profile: loaded,
  registration,
  catalog,
}: {
  profile: ProfileView;
  registration: RegistrationView;
  catalog: RegistrationCatalog;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm();
  const errors = useApiErrors(form);
  const [saved, setSaved] = useState(loaded);
  const [files, setFiles] = useState<Attachment[]>(loaded.attachments);
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Bilingual | null>(null);
  const [dialog, setDialog] = useState(false);
  const [formKey, setFormKey] = useState(0);
  /** Whether 提交 was tried: from then on an empty required field shows its message too. */
  const complete = useRef(false);

  // The form's own messages follow a language switch (the API's are re-placed by useApiErrors).
  useEffect(() => {
    const fromApi = new Set((errors.failure?.fields ?? []).map((f) => f.field));
    const shown = form
      .getFieldsError()
      .filter((f) => f.errors.length && !fromApi.has(f.name.join('.')))
      .map((f) => f.name);
    if (shown.length) form.validateFields(shown).catch(() => undefined);
  }, [lang]);

  const returned = saved.status === 'returned';
  const marked = new Set(returned ? (registration.editableFields ?? []) : []);
  const editable = (path: string) => !returned || marked.has(path);
  /** The reviewer's reason beside a marked field: its own when the reviewer gave one, else the return's comment. */
  const reasonOf = (path: string) =>
    returned && marked.has(path) ? (registration.fieldReasons?.[path] ?? registration.reason) : null;

  /** Goes to the step of the first field an error names. */
  function toFirstProblem(fields: string[]) {
    if (fields.length) setStep(Math.min(...fields.map(stepOf)));
  }

  function refused(err: unknown) {
    errors.show(err);
    if (err instanceof ApiFailure) toFirstProblem(err.fields.map((f) => f.field));
  }

  /** 保存: the draft as the form holds it; false when refused. */
  async function save(): Promise<boolean> {
    errors.clear();
    setBusy(true);
    try {
      setSaved(await saveProfile(profileOf(form.getFieldsValue(true))));
      setNotice(TEXT.savedAt);
      return true;
    } catch (err) {
      setNotice(null);
      refused(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** Leaves the step for `target`: the step's own fields checked, then the draft saved. */
  async function goTo(target: number) {
    if (target === step) return;
    try {
      await form.validateFields(fieldsOfStep(step).map(nameOf));
    } catch {
      return;
    }
    if (await save()) setStep(target);
  }

  /** 提交: every rule checked here first, the draft saved, then the 下一步 dialog. */
  async function submit() {
    errors.clear();
    complete.current = true;
    try {
      await form.validateFields(PROFILE_FIELDS.map(nameOf));
    } catch (err) {
      toFirstProblem(((err as { errorFields?: { name: string[] }[] }).errorFields ?? []).map((f) => f.name.join('.')));
      return;
    }
    if (await save()) setDialog(true);
  }

  /** 取消: back to the last saved draft. */
  function cancel() {
    errors.clear();
    form.resetFields();
    setFormKey((k) => k + 1);
    setNotice(TEXT.cancelled);
  }

  const options = (list: keyof RegistrationCatalog) => catalog[list].map((e) => ({ value: e.code, label: t(e.name) }));

  const control = (f: FieldSpec) => {
    const disabled = !editable(f.path);
    switch (f.control) {
      case 'radio':
        return <Radio.Group aria-label={t(f.label)} disabled={disabled} options={options(f.catalog!)} />;
      case 'select':
        return <Select disabled={disabled} options={options(f.catalog!)} style={{ maxWidth: 360 }} />;
      case 'date':
        return <Input type="date" disabled={disabled} style={{ maxWidth: 220 }} />;
      case 'term':
        return <BusinessTerm disabled={disabled} />;
      case 'textarea':
        return <Input.TextArea disabled={disabled} rows={3} maxLength={2000} />;
      default:
        return <Input disabled={disabled} placeholder={f.placeholder && t(f.placeholder)} maxLength={200} />;
    }
  };

  const item = (f: FieldSpec) => {
    const reason = reasonOf(f.path);
    const dependency = DEPENDS[f.path];
    return (
      <Form.Item
        key={f.path}
        name={nameOf(f.path)}
        label={t(f.label)}
        htmlFor={idOf(f.path)}
        required
        dependencies={dependency ? [nameOf(dependency)] : undefined}
        extra={reason ? <span style={REASON_STYLE}>{`${t(TEXT.reviewerReason)}${reason}`}</span> : undefined}
        rules={[
          {
            validator: async () => {
              const problem = problemsOf(form.getFieldsValue(true), saved.entityName, complete.current).find(
                (p) => p.field === f.path,
              );
              if (problem) throw new Error(t(problem.message));
            },
          },
        ]}
      >
        {control(f)}
      </Form.Item>
    );
  };

  const last = ATTACHMENTS_STEP;
  return (
    <>
      {returned && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(TEXT.returnedTitle)}
          description={
            <>
              <div>{t(TEXT.returnedHint)}</div>
              <div>
                {t(TEXT.toCorrect)}
                {[...marked].map((p) => t(PROFILE_FIELD_LABELS[p] ?? labelOfKind(catalog, p))).join('、')}
              </div>
              {registration.reason && <div>{`${t(TEXT.reviewerReason)}${registration.reason}`}</div>}
            </>
          }
        />
      )}
      <Steps
        current={step}
        onChange={(target) => void goTo(target)}
        style={{ marginBottom: 24 }}
        items={TEXT.steps.map((s) => ({ title: t(s) }))}
      />
      <FailureAlert errors={errors} />
      <Form
        key={formKey}
        form={form}
        name="profile"
        layout="horizontal"
        labelCol={{ flex: '180px' }}
        labelWrap
        initialValues={{
          ...saved.draft,
          enterprise: { name: saved.entityName, ...((saved.draft.enterprise as object | undefined) ?? {}) },
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'TEXTAREA') e.preventDefault();
        }}
        onValuesChange={() => setNotice(null)}
      >
        {TEXT.steps.map((title, i) => (
          <section key={i} aria-label={t(title)} style={{ display: step === i ? 'block' : 'none' }}>
            <Typography.Title level={2} style={{ fontSize: 18 }}>
              {t(title)}
            </Typography.Title>
            {i === last ? (
              <AttachmentsStep
                kinds={catalog.attachmentKinds}
                files={files}
                editable={(kind) => editable(`attachments.${kind}`)}
                reasonOf={(kind) => reasonOf(`attachments.${kind}`)}
                onFiles={setFiles}
              />
            ) : (
              FIELDS.filter((f) => stepOf(f.path) === i).map(item)
            )}
          </section>
        ))}
        <Space wrap style={{ marginTop: 8 }}>
          <Button disabled={step === 0 || busy} onClick={() => void goTo(step - 1)}>
            {t(TEXT.previous)}
          </Button>
          <Button disabled={step === last || busy} onClick={() => void goTo(step + 1)}>
            {t(TEXT.next)}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()}>
            {t(TEXT.submit)}
          </Button>
          <Button loading={busy} onClick={() => void save()}>
            {t(TEXT.save)}
          </Button>
          <Button onClick={cancel}>{t(TEXT.cancel)}</Button>
          {notice && (
            <Typography.Text type="success" role="status">
              {t(notice)}
            </Typography.Text>
          )}
        </Space>
      </Form>
      <SubmitDialog
        open={dialog}
        resubmission={returned}
        onClose={() => setDialog(false)}
        onSubmitted={() => navigate('/portal/registration/status')}
        onRefused={(err) => {
          setDialog(false);
          refused(err);
        }}
      />
    </>
  );
}

/** The name of a marked attachment kind (`attachments.<kind>`). */
function labelOfKind(catalog: RegistrationCatalog, path: string): Bilingual {
  const kind = path.replace(/^attachments\./, '');
  return catalog.attachmentKinds.find((k) => k.code === kind)?.name ?? msg(path, path);
}

/** 注册须知, read before 开始注册. */
function Notice({ phone, onStart }: { phone: string; onStart(): void }) {
  const { t } = useLang();
  return (
    <section aria-labelledby="notice_title">
      <Typography.Title level={2} id="notice_title" style={{ fontSize: 18 }}>
        {t(TEXT.noticeTitle)}
      </Typography.Title>
      <Typography.Paragraph>{t(TEXT.noticeIntro)}</Typography.Paragraph>
      <ol>
        {TEXT.noticeSteps.map((s, i) => (
          <li key={i}>{t(s)}</li>
        ))}
      </ol>
      <Typography.Paragraph>
        {t(TEXT.phone)}
        {phone}
      </Typography.Paragraph>
      <Button type="primary" onClick={onStart}>
        {t(TEXT.start)}
      </Button>
    </section>
  );
}

/** The 资料完善 screen. */
export default function RegistrationPage() {
  const { t } = useLang();
  const [data, setData] = useState<{
    profile: ProfileView;
    registration: RegistrationView;
    catalog: RegistrationCatalog;
  } | null>(null);
  const errors = useApiErrors();
  const [started, setStarted] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([getProfile(signal), getRegistrationView(signal), getCatalog(signal)]).then(
      ([profile, registration, catalog]) => setData({ profile, registration, catalog }),
      (err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      },
    );
    return () => controller.abort();
  }, []);

  const title = <PageTitle>{t(TEXT.toProfile)}</PageTitle>;
  if (!data)
    return (
      <>
        {title}
        {errors.failure ? <FailureAlert errors={errors} /> : <Loading />}
      </>
    );
  const { profile, registration, catalog } = data;
  if (profile.status === 'in_review' || profile.status === 'approved')
    return (
      <>
        {title}
        <Alert
          type={profile.status === 'approved' ? 'success' : 'info'}
          showIcon
          title={t(profile.status === 'approved' ? TEXT.approvedTitle : TEXT.frozenTitle)}
          action={<Link to="/portal/registration/status">{t(TEXT.viewStatus)}</Link>}
        />
      </>
    );
  const fresh =
    profile.status === 'draft' && Object.keys(profile.draft).length === 0 && profile.attachments.length === 0;
  return (
    <>
      {title}
      {fresh && !started ? (
        <Notice phone={registration.reviewPhone} onStart={() => setStarted(true)} />
      ) : (
        <Wizard profile={profile} registration={registration} catalog={catalog} />
      )}
    </>
  );
}
