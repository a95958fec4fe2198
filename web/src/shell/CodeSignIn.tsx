/**
 * 验证码登录: the mobile number or email of an activated account, the captcha, 获取验证码 (then a countdown
 * until another may be asked for), the code from the SMS or email, 登录. A refusal shows on the field it
 * names; what was typed stays (only the captcha, used up by each request, is drawn anew).
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from '../api/client';
import { fetchCaptcha, requestSignInCode, signInWithCode, type Captcha } from '../api/auth';
import type { User } from '../api/types';
import { msg, useLang } from '../i18n';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { CaptchaPicture } from '../ui/CaptchaPicture';

const TEXT = {
  address: msg('手机号或邮箱', 'Mobile number or email'),
  enterAddress: msg('请输入手机号或邮箱', 'Enter your mobile number or email address'),
  addressFormat: msg('请输入 11 位手机号或邮箱地址', 'Enter an 11-digit mobile number or an email address'),
  captcha: msg('图形验证码', 'Captcha'),
  enterCaptcha: msg('请输入图中的字符', 'Type the characters in the picture'),
  send: msg('获取验证码', 'Send a code'),
  resendIn: (s: number) => msg(`${s} 秒后重发`, `Again in ${s} s`),
  code: msg('验证码', 'Code'),
  enterCode: msg('请输入收到的 6 位验证码', 'Enter the 6-digit code you received'),
  codeFormat: msg('验证码为 6 位数字', 'The code has 6 digits'),
  sent: (minutes: number) =>
    msg(
      `如该手机号或邮箱属于已激活的账号，验证码已发送，${minutes} 分钟内有效。`,
      `If the number or address belongs to an activated account, a code has been sent; it works for ${minutes} minutes.`,
    ),
  submit: msg('登录', 'Sign in'),
};

/** A mobile number (spaces, dashes and +86 allowed) or an email address, as the API recognises them. */
const ADDRESS = /^\s*(?:(?:\+86|0086)?[\s-]*1(?:[\s-]*\d){10}|[^\s@]+@[^\s@]+\.[^\s@]+)\s*$/;

interface Values {
  address: string;
  captcha: string;
  code: string;
}

/** The one-time-code sign-in form; `onSignedIn` gets the user once the API has set the session cookie. */
export function CodeSignIn({ onSignedIn }: { onSignedIn(user: User): void }) {
  const { t } = useLang();
  const [form] = Form.useForm<Values>();
  const errors = useApiErrors(form);
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);
  const [sentMinutes, setSentMinutes] = useState<number | null>(null);

  const { show } = errors;
  const newCaptcha = useCallback(async () => {
    form.setFieldValue('captcha', '');
    try {
      setCaptcha(await fetchCaptcha());
    } catch (err) {
      show(err);
    }
  }, [form, show]);
  useEffect(() => {
    void newCaptcha();
  }, [newCaptcha]);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const send = async () => {
    if (!captcha) return;
    errors.clear();
    let values: Pick<Values, 'address' | 'captcha'>;
    try {
      values = await form.validateFields(['address', 'captcha']);
    } catch {
      return;
    }
    setSending(true);
    setSentMinutes(null);
    try {
      const sent = await requestSignInCode({ ...values, captchaId: captcha.captchaId });
      setWait(sent.resendAfterSeconds);
      setSentMinutes(Math.round(sent.expiresInSeconds / 60));
      void newCaptcha();
      form.focusField('code');
    } catch (err) {
      errors.show(err);
      // A refusal for too many requests leaves the captcha unused; any other answer used it up.
      if (!(err instanceof ApiFailure && err.status === 429)) void newCaptcha();
    } finally {
      setSending(false);
    }
  };

  const submit = async () => {
    errors.clear();
    let values: Pick<Values, 'address' | 'code'>;
    try {
      values = await form.validateFields(['address', 'code']);
    } catch {
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await signInWithCode(values.address, values.code));
    } catch (err) {
      errors.show(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FailureAlert errors={errors} />
      {sentMinutes !== null && !errors.failure && (
        <Alert type="success" showIcon role="status" style={{ marginBottom: 16 }} title={t(TEXT.sent(sentMinutes))} />
      )}
      <Form form={form} name="codesignin" layout="vertical" requiredMark={false}>
        <Form.Item
          label={t(TEXT.address)}
          name="address"
          rules={[
            { required: true, whitespace: true, message: t(TEXT.enterAddress) },
            { pattern: ADDRESS, message: t(TEXT.addressFormat) },
          ]}
        >
          <Input autoComplete="username" maxLength={254} inputMode="email" />
        </Form.Item>
        <Form.Item label={t(TEXT.captcha)} htmlFor="codesignin_captcha" required>
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item
              name="captcha"
              noStyle
              rules={[{ required: true, whitespace: true, message: t(TEXT.enterCaptcha) }]}
            >
              <Input id="codesignin_captcha" autoComplete="off" maxLength={16} style={{ flex: 1 }} />
            </Form.Item>
            <CaptchaPicture captcha={captcha} onRenew={() => void newCaptcha()} />
          </div>
        </Form.Item>
        <Form.Item label={t(TEXT.code)} htmlFor="codesignin_code" required>
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item
              name="code"
              noStyle
              rules={[
                { required: true, whitespace: true, message: t(TEXT.enterCode) },
                { pattern: /^\d{6}$/, message: t(TEXT.codeFormat) },
              ]}
            >
              <Input
                id="codesignin_code"
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={6}
                style={{ flex: 1 }}
                onPressEnter={() => void submit()}
              />
            </Form.Item>
            <Button
              onClick={() => void send()}
              loading={sending}
              disabled={!captcha || wait > 0}
              style={{ width: 122 }}
            >
              {wait > 0 ? t(TEXT.resendIn(wait)) : t(TEXT.send)}
            </Button>
          </div>
        </Form.Item>
        <Button type="primary" block loading={busy} onClick={() => void submit()}>
          {t(TEXT.submit)}
        </Button>
      </Form>
    </>
  );
}
