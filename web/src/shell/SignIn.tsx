/**
 * A1 sign-in: login name, password and the captcha (its picture is a button: click for a new one). A
 * refused sign-in shows the API's message on the field it names (a wrong captcha under the captcha)
 * or above the form, and draws a new captcha, since each one answers once. 记住用户名 keeps the login
 * name in this browser (the browser itself offers to keep passwords); 使用CA锁登录 swaps the form for
 * the CA-lock sign-in (A2, loaded when first asked for). The second tab, 验证码登录, signs in with a mobile
 * number or email and a one-time code (CodeSignIn); each tab keeps what was typed in it.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { fetchCaptcha, signIn, type Captcha } from '../api/auth';
import type { User } from '../api/types';
import { msg, useLang } from '../i18n';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { CaptchaPicture } from '../ui/CaptchaPicture';
import { Loading } from '../ui/Loading';
import { PlainTabs } from '../ui/PlainTabs';
import { PublicFrame } from './PublicFrame';
import { Link, useLocation } from './router';

const TEXT = {
  title: msg('登录', 'Sign in'),
  loginName: msg('用户名', 'Login name'),
  password: msg('密码', 'Password'),
  captcha: msg('验证码', 'Captcha'),
  enterLoginName: msg('请输入用户名', 'Enter your login name'),
  enterPassword: msg('请输入密码', 'Enter your password'),
  enterCaptcha: msg('请输入图中的字符', 'Type the characters in the picture'),
  submit: msg('登录', 'Sign in'),
  forgot: msg('忘记密码', 'Forgot password'),
  register: msg('注册', 'Register'),
  rememberLoginName: msg('记住用户名', 'Remember my login name'),
  useCaLock: msg('使用CA锁登录', 'Sign in with the CA lock'),
  byPassword: msg('密码登录', 'Sign in with a password'),
  byCode: msg('验证码登录', 'Sign in with a code'),
  expired: msg(
    '登录已过期，请重新登录；登录后将回到刚才的页面。',
    'Your session has ended; sign in again to return to the page you were on.',
  ),
};

const CaLockSignIn = lazy(() => import('../portal/account/CaLockSignIn'));
/** 验证码登录: loaded when its tab is first opened, so the sign-in page brings only the password form. */
const CodeSignIn = lazy(() => import('./CodeSignIn').then((m) => ({ default: m.CodeSignIn })));

/** Where 记住用户名 keeps the login name. */
const REMEMBERED = 'bpm.console.loginName';

function rememberedLoginName(): string {
  try {
    return localStorage.getItem(REMEMBERED) ?? '';
  } catch {
    return '';
  }
}

function rememberLoginName(loginName: string | null): void {
  try {
    if (loginName) localStorage.setItem(REMEMBERED, loginName);
    else localStorage.removeItem(REMEMBERED);
  } catch {
    // A browser that keeps nothing just forgets.
  }
}

interface Values {
  loginName: string;
  password: string;
  captcha: string;
}

/** The sign-in page; `onSignedIn` gets the user once the API has set the session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn(user: User): void }) {
  const { t } = useLang();
  const { query } = useLocation();
  const [form] = Form.useForm<Values>();
  const errors = useApiErrors(form);
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [busy, setBusy] = useState(false);
  const [remember, setRemember] = useState(() => rememberedLoginName() !== '');
  const [caLock, setCaLock] = useState(false);

  const { show } = errors;
  const newCaptcha = useCallback(async () => {
    try {
      setCaptcha(await fetchCaptcha());
    } catch (err) {
      show(err);
    }
  }, [show]);
  useEffect(() => {
    void newCaptcha();
  }, [newCaptcha]);

  const submit = async (values: Values) => {
    if (!captcha) return;
    setBusy(true);
    errors.clear();
    try {
      const user = await signIn({ ...values, captchaId: captcha.captchaId });
      rememberLoginName(remember ? values.loginName.trim() : null);
      onSignedIn(user);
    } catch (err) {
      form.setFieldValue('captcha', '');
      errors.show(err);
      void newCaptcha();
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={t(TEXT.title)} width={380} top={64}>
      {query.get('expired') === '1' && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(TEXT.expired)} />
      )}
      <PlainTabs
        id="signin"
        items={[
          {
            key: 'password',
            label: t(TEXT.byPassword),
            children: (
              <>
                <Checkbox checked={caLock} onChange={(e) => setCaLock(e.target.checked)} style={{ marginBottom: 16 }}>
                  {t(TEXT.useCaLock)}
                </Checkbox>
                {caLock ? (
                  <Suspense fallback={<Loading />}>
                    <CaLockSignIn onSignedIn={onSignedIn} />
                  </Suspense>
                ) : (
                  <>
                    <FailureAlert errors={errors} />
                    <Form
                      form={form}
                      name="signin"
                      layout="vertical"
                      requiredMark={false}
                      initialValues={{ loginName: rememberedLoginName() }}
                      onFinish={(v) => void submit(v)}
                    >
                      <Form.Item
                        label={t(TEXT.loginName)}
                        name="loginName"
                        rules={[{ required: true, whitespace: true, message: t(TEXT.enterLoginName) }]}
                      >
                        <Input autoComplete="username" maxLength={64} autoFocus />
                      </Form.Item>
                      <Form.Item
                        label={t(TEXT.password)}
                        name="password"
                        rules={[{ required: true, message: t(TEXT.enterPassword) }]}
                      >
                        <Input.Password autoComplete="current-password" maxLength={128} />
                      </Form.Item>
                      <Form.Item label={t(TEXT.captcha)} htmlFor="signin_captcha" required>
                        <div style={{ display: 'flex', gap: 8 }}>
                          <Form.Item
                            name="captcha"
                            noStyle
                            rules={[{ required: true, whitespace: true, message: t(TEXT.enterCaptcha) }]}
                          >
                            <Input id="signin_captcha" autoComplete="off" maxLength={16} style={{ flex: 1 }} />
                          </Form.Item>
                          <CaptchaPicture
                            captcha={captcha}
                            onRenew={() => {
                              form.setFieldValue('captcha', '');
                              void newCaptcha();
                            }}
                          />
                        </div>
                      </Form.Item>
                      <Checkbox
                        checked={remember}
                        onChange={(e) => setRemember(e.target.checked)}
                        style={{ marginBottom: 16 }}
                      >
                        {t(TEXT.rememberLoginName)}
                      </Checkbox>
                      <Button type="primary" htmlType="submit" block loading={busy} disabled={!captcha}>
                        {t(TEXT.submit)}
                      </Button>
                    </Form>
                  </>
                )}
              </>
            ),
          },
          {
            key: 'code',
            label: t(TEXT.byCode),
            children: (
              <Suspense fallback={<Loading />}>
                <CodeSignIn onSignedIn={onSignedIn} />
              </Suspense>
            ),
          },
        ]}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16 }}>
        <Link to="/password/forgot">{t(TEXT.forgot)}</Link>
        <Link to="/register">{t(TEXT.register)}</Link>
      </div>
    </PublicFrame>
  );
}
