/** A4 忘记密码: the login name; a one-time reset link goes to the account's email and mobile. */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { forgotPassword } from '../../api/portal-account';
import { useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PublicFrame } from '../../shell/PublicFrame';
import { ACCOUNT_TEXT as T } from './text';

/** The forgotten-password page. */
export default function ForgotPasswordPage() {
  const { t } = useLang();
  const [form] = Form.useForm<{ loginName: string }>();
  const errors = useApiErrors(form);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const submit = async ({ loginName }: { loginName: string }) => {
    setBusy(true);
    errors.clear();
    setSent(false);
    try {
      await forgotPassword(loginName.trim());
      setSent(true);
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame title={t(T.forgotTitle)}>
      <Typography.Paragraph>{t(T.forgotHint)}</Typography.Paragraph>
      <FailureAlert errors={errors} />
      {sent && <Alert type="success" showIcon role="status" title={t(T.resetSent)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="forgot" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          label={t(T.accountLoginName)}
          name="loginName"
          rules={[{ required: true, whitespace: true, message: t(T.enterLoginName) }]}
        >
          <Input autoComplete="username" maxLength={64} autoFocus />
        </Form.Item>
        <Space size="large">
          <Button type="primary" htmlType="submit" loading={busy}>
            {t(T.sendReset)}
          </Button>
          <Link to="/signin">{t(T.backToSignIn)}</Link>
        </Space>
      </Form>
    </PublicFrame>
  );
}
