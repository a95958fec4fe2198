/**
 * A2 使用CA锁登录: the UKeys plugged into this computer, as the UKey signing agent on its loopback address
 * reads them (the agent's address comes from the API); the person picks one and types its PIN, which goes
 * only to the agent; the agent signs the server's one-time challenge and the API opens the session.
 * Attempts left and a locked UKey are shown on each UKey; a wrong PIN shows on the PIN field.
 */
import ReloadOutlined from '@ant-design/icons/es/icons/ReloadOutlined';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Tag from 'antd/es/tag';
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from '../../api/client';
import { agentLocation, AgentFailure, listUKeys, signInWithUKey, type UKey } from '../../api/portal-account';
import type { User } from '../../api/types';
import { msg, useLang } from '../../i18n';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';

const TEXT = {
  ukey: msg('选择 CA 锁（UKey）', 'Choose the CA lock (UKey)'),
  detecting: msg('正在检测已插入的 CA 锁…', 'Looking for plugged-in CA locks…'),
  none: msg('未检测到 CA 锁，请插入 CA 锁后点击“重新检测”', 'No CA lock found; plug one in and press “Look again”'),
  refresh: msg('重新检测', 'Look again'),
  serial: msg('序列号', 'Serial'),
  locked: msg('已锁定，请联系 CA 服务窗口解锁', 'Locked: ask the CA desk to unlock it'),
  noCertificate: msg('无证书', 'No certificate'),
  attemptsLeft: (n: number) => msg(`PIN 码还可尝试 ${n} 次`, `${n} PIN attempts left`),
  pin: msg('PIN 码', 'PIN'),
  pinHint: msg(
    'PIN 码只发送到本机的 UKey 助手，不会发送到服务器',
    'The PIN goes only to the UKey helper on this computer, never to the server',
  ),
  enterPin: msg('请输入 CA 锁的 PIN 码', 'Enter the CA lock’s PIN'),
  pinLength: msg('PIN 码为 4–64 位', 'A PIN has 4–64 characters'),
  chooseUKey: msg('请选择一把 CA 锁', 'Choose a CA lock'),
  submit: msg('登录', 'Sign in'),
};

interface Values {
  serial: string;
  pin: string;
}

/** The CA-lock sign-in form; `onSignedIn` gets the user once the API has set the session cookie. */
export default function CaLockSignIn({ onSignedIn }: { onSignedIn(user: User): void }) {
  const { t } = useLang();
  const [form] = Form.useForm<Values>();
  const errors = useApiErrors(form);
  const [agentUrl, setAgentUrl] = useState<string | null>(null);
  const [ukeys, setUKeys] = useState<UKey[] | null>(null);
  const [listFailure, setListFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);

  const detect = useCallback(async () => {
    setListFailure(null);
    try {
      const url = agentUrl ?? (await agentLocation()).agentUrl;
      setAgentUrl(url);
      const found = await listUKeys(url);
      setUKeys(found);
      const chosen = form.getFieldValue('serial') as string | undefined;
      const usable = found.filter((k) => k.hasCertificate && !k.pinLocked);
      if (!usable.some((k) => k.serial === chosen)) form.setFieldValue('serial', usable[0]?.serial);
    } catch (err) {
      setUKeys(null);
      setListFailure(err instanceof ApiFailure ? err : null);
    }
  }, [agentUrl, form]);
  useEffect(() => {
    void detect();
    // Detected once on opening; the button looks again.
  }, []);

  const submit = async ({ serial, pin }: Values) => {
    if (!agentUrl) return;
    setBusy(true);
    errors.clear();
    try {
      onSignedIn(await signInWithUKey(agentUrl, serial, pin));
    } catch (err) {
      form.setFieldValue('pin', '');
      errors.show(err);
      if (err instanceof AgentFailure) void detect(); // the attempts left, or the lock, changed
      setBusy(false);
    }
  };

  return (
    <>
      {listFailure && (
        <Alert type="warning" showIcon role="status" title={t(listFailure.bilingual)} style={{ marginBottom: 16 }} />
      )}
      <FailureAlert errors={errors} />
      <Form form={form} name="calock" layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <div id="calock_ukey_label" style={{ marginBottom: 8 }}>
          {t(TEXT.ukey)}
        </div>
        {ukeys === null && !listFailure && (
          <p role="status" style={{ marginBottom: 16 }}>
            {t(TEXT.detecting)}
          </p>
        )}
        {ukeys?.length === 0 && (
          <p role="status" style={{ marginBottom: 16 }}>
            {t(TEXT.none)}
          </p>
        )}
        {!!ukeys?.length && (
          <Form.Item name="serial" rules={[{ required: true, message: t(TEXT.chooseUKey) }]}>
            <Radio.Group
              aria-labelledby="calock_ukey_label"
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            >
              {ukeys.map((k) => (
                <Radio key={k.serial} value={k.serial} disabled={k.pinLocked || !k.hasCertificate}>
                  <span>
                    {k.label || k.model}（{t(TEXT.serial)} {k.serial}）
                  </span>{' '}
                  {k.pinLocked ? (
                    <Tag color="error">{t(TEXT.locked)}</Tag>
                  ) : !k.hasCertificate ? (
                    <Tag>{t(TEXT.noCertificate)}</Tag>
                  ) : (
                    <Tag color={k.pinAttemptsLeft <= 2 ? 'warning' : 'default'}>
                      {t(TEXT.attemptsLeft(k.pinAttemptsLeft))}
                    </Tag>
                  )}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        )}
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void detect()} style={{ marginBottom: 16 }}>
          {t(TEXT.refresh)}
        </Button>
        <Form.Item
          label={t(TEXT.pin)}
          name="pin"
          extra={t(TEXT.pinHint)}
          rules={[
            { required: true, message: t(TEXT.enterPin) },
            { min: 4, max: 64, message: t(TEXT.pinLength) },
          ]}
        >
          <Input.Password autoComplete="off" maxLength={64} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} disabled={!ukeys?.length}>
          {t(TEXT.submit)}
        </Button>
      </Form>
    </>
  );
}
