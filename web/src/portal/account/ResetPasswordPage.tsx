/**
 * A4 重置密码: the link from the reset message opens this page; the new password twice, its rules shown
 * as one types; a used or expired link leads to asking for a new one.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import { useState } from 'react';
import { resetPassword } from '../../api/portal-account';
import { useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { useApiErrors } from '../../ui/api-errors';
import { confirmFieldRules, passwordFieldRules, PasswordRules } from './password-rules';
import { PublicFrame } from '../../shell/PublicFrame';
import { linkToken, TokenFailure } from './token';
import { ACCOUNT_TEXT as T } from './text';

interface Values {
  password: string;
  confirmPassword: string;
}

/** The password-reset page. */
export default function ResetPasswordPage() {
  const { t } = useLang();
  const [token] = useState(linkToken);
  const [form] = Form.useForm<Values>();
  const errors = useApiErrors(form);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const password = Form.useWatch('password', form) ?? '';

  const submit = async (values: Values) => {
    setBusy(true);
    errors.clear();
    try {
      setDone((await resetPassword({ token, ...values })).loginName);
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <PublicFrame title={t(T.resetTitle)}>
        <Alert type="success" showIcon role="status" title={t(T.resetDone(done))} style={{ marginBottom: 16 }} />
        <Link to="/signin">{t(T.toSignIn)}</Link>
      </PublicFrame>
    );

  const tokenRefused = errors.failure?.fields.some((f) => f.field === 'token');
  return (
    <PublicFrame title={t(T.resetTitle)}>
      {!token && <Alert type="warning" showIcon title={t(T.noToken)} style={{ marginBottom: 16 }} />}
      <TokenFailure errors={errors} />
      <Form form={form} name="reset" layout="vertical" onFinish={(v) => void submit(v)} disabled={!token}>
        <Form.Item label={t(T.newPassword)} name="password" rules={passwordFieldRules(t)} style={{ marginBottom: 8 }}>
          <Input.Password autoComplete="new-password" maxLength={15} aria-describedby="reset_password_rules" />
        </Form.Item>
        <PasswordRules id="reset_password_rules" password={password} />
        <Form.Item
          label={t(T.confirmNewPassword)}
          name="confirmPassword"
          dependencies={['password']}
          rules={confirmFieldRules(t, 'password')}
        >
          <Input.Password autoComplete="new-password" maxLength={15} />
        </Form.Item>
        <Space size="large">
          <Button type="primary" htmlType="submit" loading={busy}>
            {t(T.reset)}
          </Button>
          {(tokenRefused || !token) && <Link to="/password/forgot">{t(T.resetAgain)}</Link>}
          <Link to="/signin">{t(T.backToSignIn)}</Link>
        </Space>
      </Form>
    </PublicFrame>
  );
}
