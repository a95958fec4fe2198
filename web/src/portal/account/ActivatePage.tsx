/**
 * A4 激活账号: the link from the activation message opens this page; the account is activated when the
 * person presses the button (a mail scanner opening the link uses nothing up). A link that is incomplete,
 * used or expired leads to 重新发送激活链接.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { activate, resendActivation } from '../../api/portal-account';
import { useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PublicFrame } from '../../shell/PublicFrame';
import { linkToken, TokenFailure } from './token';
import { ACCOUNT_TEXT as T } from './text';

/** The activation page. */
export default function ActivatePage() {
  const { t } = useLang();
  const [token] = useState(linkToken);
  const errors = useApiErrors();
  const [busy, setBusy] = useState(false);
  const [activated, setActivated] = useState<string | null>(null);

  const go = async () => {
    setBusy(true);
    errors.clear();
    try {
      setActivated((await activate(token)).loginName);
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={t(T.activateTitle)}>
      {activated ? (
        <>
          <Alert type="success" showIcon role="status" title={t(T.activated(activated))} style={{ marginBottom: 16 }} />
          <Link to="/signin">{t(T.toSignIn)}</Link>
        </>
      ) : (
        <>
          {token ? (
            <>
              <Typography.Paragraph>{t(T.activateHint)}</Typography.Paragraph>
              <TokenFailure errors={errors} />
              <Button type="primary" onClick={() => void go()} loading={busy} style={{ marginBottom: 24 }}>
                {t(T.activate)}
              </Button>
            </>
          ) : (
            <Alert type="warning" showIcon title={t(T.noToken)} style={{ marginBottom: 16 }} />
          )}
          <ResendActivation />
          <Link to="/signin">{t(T.backToSignIn)}</Link>
        </>
      )}
    </PublicFrame>
  );
}

/** 重新发送激活链接: by login name (the answer never tells whether such an account exists). */
function ResendActivation() {
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
      await resendActivation(loginName.trim());
      setSent(true);
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      aria-labelledby="resend_title"
      style={{ borderTop: '1px solid #f0f0f0', paddingTop: 16, marginBottom: 16 }}
    >
      <Typography.Title level={2} id="resend_title" style={{ fontSize: 16 }}>
        {t(T.resendTitle)}
      </Typography.Title>
      <FailureAlert errors={errors} />
      {sent && <Alert type="success" showIcon role="status" title={t(T.resent)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="resend" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          label={t(T.accountLoginName)}
          name="loginName"
          rules={[{ required: true, whitespace: true, message: t(T.enterLoginName) }]}
        >
          <Input autoComplete="username" maxLength={64} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t(T.resend)}
        </Button>
      </Form>
    </section>
  );
}
