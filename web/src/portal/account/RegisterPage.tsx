/**
 * A3 企业用户注册 (guide 一.2): 主体名称 with 检测主体名称, 登录用户名 with 检测登录名 (each checked when
 * the field is left, or on its button), the password with its rules as one types, then 马上注册. Every
 * rule shows on its field before any request; what the API refuses lands on the field it names; what
 * was typed stays.
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Result from 'antd/es/result';
import Space from 'antd/es/space';
import { useRef, useState } from 'react';
import { entityNameKey, isEmail, isMobile, LOGIN_NAME_PATTERN } from '../../../../domain/validators';
import { ApiFailure } from '../../api/client';
import {
  checkEntityName,
  checkLoginName,
  register,
  resendActivation,
  type Availability,
  type Registration,
} from '../../api/portal-account';
import { useLang } from '../../i18n';
import { Link, navigate } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { confirmFieldRules, passwordFieldRules, PasswordRules } from './password-rules';
import { PublicFrame } from '../../shell/PublicFrame';
import { ACCOUNT_TEXT as T } from './text';

type Checked = 'entityName' | 'loginName';
const CHECKS: Record<Checked, (value: string) => Promise<Availability>> = {
  entityName: checkEntityName,
  loginName: checkLoginName,
};

/** The registration page. */
export default function RegisterPage() {
  const { t } = useLang();
  const [form] = Form.useForm<Registration>();
  const errors = useApiErrors(form);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ loginName: string; email: string } | null>(null);
  /** The value each live check found free (its confirmation shows while the field still holds it). */
  const [free, setFree] = useState<Partial<Record<Checked, string>>>({});
  const [checking, setChecking] = useState<Checked | null>(null);
  /** Values a live check or the API found taken, with the reason (kept on the field while it holds them). */
  const taken = useRef<Partial<Record<Checked, { value: string; reason: string }>>>({});
  const notTaken = (field: Checked) => ({
    validator: async (_r: unknown, v: string | undefined) => {
      const known = taken.current[field];
      if (known && known.value === v) throw new Error(known.reason);
    },
  });
  const password = Form.useWatch('password', form) ?? '';
  const loginName = Form.useWatch('loginName', form) ?? '';
  const entityName = Form.useWatch('entityName', form) ?? '';

  /** 检测主体名称 / 检测登录名: the field's own rules first, then the API; a taken name shows on the field. */
  const check = async (field: Checked) => {
    const value = (form.getFieldValue(field) as string | undefined) ?? '';
    try {
      await form.validateFields([field]);
    } catch {
      return;
    }
    setChecking(field);
    try {
      const answer = await CHECKS[field](value);
      if (form.getFieldValue(field) !== value) return; // typed on meanwhile
      if (answer.available) setFree((f) => ({ ...f, [field]: value }));
      else {
        taken.current[field] = { value, reason: t(answer.reason ?? T.loginNameRule) };
        await form.validateFields([field]).catch(() => undefined);
      }
    } catch (err) {
      errors.show(err);
    } finally {
      setChecking(null);
    }
  };

  const submit = async (values: Registration) => {
    setBusy(true);
    errors.clear();
    try {
      await register(values);
      setDone({ loginName: values.loginName, email: values.email });
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) return <Registered {...done} />;

  const required = (label: typeof T.contactName) => ({
    required: true,
    whitespace: true,
    message: t(T.required(label)),
  });
  const freeNote = (field: Checked, value: string, text: typeof T.entityNameFree) =>
    free[field] !== undefined && free[field] === value ? (
      <span role="status" style={{ color: '#237804' }}>
        {t(text)}
      </span>
    ) : undefined;

  return (
    <PublicFrame title={t(T.registerTitle)} width={560}>
      <FailureAlert errors={errors} />
      <Form
        form={form}
        name="register"
        layout="vertical"
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        validateTrigger={['onChange', 'onBlur']}
      >
        <Form.Item
          label={t(T.entityName)}
          htmlFor="register_entityName"
          required
          extra={freeNote('entityName', entityName, T.entityNameFree)}
        >
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="entityName"
              noStyle
              rules={[
                required(T.entityName),
                { max: 100, message: t(T.entityNameShort) },
                {
                  validator: async (_r, v: string | undefined) => {
                    if (v && v.trim() && entityNameKey(v).length < 2) throw new Error(t(T.entityNameShort));
                  },
                },
                notTaken('entityName'),
              ]}
            >
              <Input
                id="register_entityName"
                placeholder={t(T.entityNameHint)}
                maxLength={100}
                onBlur={() => void check('entityName')}
              />
            </Form.Item>
            <Button onClick={() => void check('entityName')} loading={checking === 'entityName'}>
              {t(T.checkEntityName)}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          label={t(T.loginName)}
          htmlFor="register_loginName"
          required
          extra={freeNote('loginName', loginName, T.loginNameFree)}
        >
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="loginName"
              noStyle
              rules={[
                required(T.loginName),
                { pattern: new RegExp(LOGIN_NAME_PATTERN), message: t(T.loginNameRule) },
                notTaken('loginName'),
              ]}
            >
              <Input
                id="register_loginName"
                placeholder={t(T.loginNameHint)}
                autoComplete="username"
                maxLength={15}
                onBlur={() => void check('loginName')}
              />
            </Form.Item>
            <Button onClick={() => void check('loginName')} loading={checking === 'loginName'}>
              {t(T.checkLoginName)}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          label={t(T.password)}
          name="password"
          dependencies={['loginName']}
          rules={passwordFieldRules(t, () => form.getFieldValue('loginName') as string)}
          style={{ marginBottom: 8 }}
        >
          <Input.Password
            autoComplete="new-password"
            maxLength={15}
            placeholder={t(T.passwordHint)}
            aria-describedby="register_password_rules"
          />
        </Form.Item>
        <PasswordRules id="register_password_rules" password={password} loginName={loginName} />
        <Form.Item
          label={t(T.confirmPassword)}
          name="confirmPassword"
          dependencies={['password']}
          rules={confirmFieldRules(t, 'password')}
        >
          <Input.Password autoComplete="new-password" maxLength={15} />
        </Form.Item>
        <Form.Item label={t(T.contactName)} name="contactName" rules={[required(T.contactName)]}>
          <Input autoComplete="name" maxLength={50} />
        </Form.Item>
        <Form.Item
          label={t(T.mobile)}
          name="mobile"
          rules={[
            required(T.mobile),
            {
              validator: async (_r, v: string | undefined) => {
                if (v && !isMobile(v)) throw new Error(t(T.mobileRule));
              },
            },
          ]}
        >
          <Input autoComplete="tel" inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item
          label={t(T.email)}
          name="email"
          rules={[
            required(T.email),
            {
              validator: async (_r, v: string | undefined) => {
                if (v && !isEmail(v)) throw new Error(t(T.emailRule));
              },
            },
          ]}
        >
          <Input autoComplete="email" maxLength={254} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t(T.submitRegister)}
          </Button>
          <Link to="/signin">{t(T.back)}</Link>
        </Space>
      </Form>
    </PublicFrame>
  );
}

/** 注册成功: activate from the email; the link can be sent again. */
function Registered({ loginName, email }: { loginName: string; email: string }) {
  const { t } = useLang();
  const [sent, setSent] = useState<string | null>(null);
  const resend = async () => {
    try {
      await resendActivation(loginName);
      setSent(t(T.resent));
    } catch (err) {
      setSent(err instanceof ApiFailure ? t(err.bilingual) : String(err));
    }
  };
  return (
    <PublicFrame title={t(T.registerTitle)} width={560}>
      <Result
        status="success"
        title={<h2 style={{ fontSize: 20, margin: 0 }}>{t(T.registered)}</h2>}
        subTitle={t(T.registeredHint(email))}
        extra={[
          <Button key="signin" type="primary" onClick={() => navigate('/signin')}>
            {t(T.toSignIn)}
          </Button>,
          <Button key="resend" onClick={() => void resend()}>
            {t(T.resendTitle)}
          </Button>,
        ]}
      />
      {sent && (
        <p role="status" style={{ textAlign: 'center' }}>
          {sent}
        </p>
      )}
    </PublicFrame>
  );
}
