/** The language switch: one click between 中文 and English (remembered by the browser). */
import Button from 'antd/es/button';
import { useLang } from '../i18n';
import { SHELL_TEXT } from './text';

/** A button naming the other language, in that language. */
export function LangSwitch() {
  const { lang, setLang, t } = useLang();
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <Button type="text" onClick={() => setLang(other)} title={t(SHELL_TEXT.switchToLabel)}>
      <span lang={other === 'zh' ? 'zh-CN' : 'en'}>{t(SHELL_TEXT.switchTo)}</span>
    </Button>
  );
}
