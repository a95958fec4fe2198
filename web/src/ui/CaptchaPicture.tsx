/** The captcha's picture as a button: pressing it asks for a new captcha (the sign-in forms use it). */
import type { Captcha } from '../api/auth';
import { msg, useLang } from '../i18n';

const TEXT = {
  picture: msg('图形验证码，点击换一张', 'Captcha picture; click for a new one'),
  loading: msg('正在获取验证码…', 'Getting a captcha…'),
};

/** The picture of `captcha` (a loading line until there is one); `onRenew` asks for another. */
export function CaptchaPicture({ captcha, onRenew }: { captcha: Captcha | null; onRenew(): void }) {
  const { t } = useLang();
  return (
    <button
      type="button"
      onClick={onRenew}
      title={t(TEXT.picture)}
      style={{
        padding: 0,
        border: '1px solid #d9d9d9',
        borderRadius: 6,
        background: '#f4f6f8',
        cursor: 'pointer',
        width: 122,
        height: 32,
        flex: 'none',
      }}
    >
      {captcha ? (
        <img src={captcha.image} alt={t(TEXT.picture)} style={{ width: 120, height: 30, display: 'block' }} />
      ) : (
        <span style={{ fontSize: 12 }}>{t(TEXT.loading)}</span>
      )}
    </button>
  );
}
