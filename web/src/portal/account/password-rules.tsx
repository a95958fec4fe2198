/**
 * The account password's rules (domain/validators PASSWORD_PATTERN, and not the login name, as the API
 * checks them): a checklist that follows the typing, and the form rules that put the API's message on
 * the field before any request.
 */
import CheckCircleFilled from '@ant-design/icons/es/icons/CheckCircleFilled';
import CloseCircleFilled from '@ant-design/icons/es/icons/CloseCircleFilled';
import type { FormRule } from 'antd';
import { PASSWORD_PATTERN } from '../../../../domain/validators';
import { useLang, type Bilingual } from '../../i18n';
import { ACCOUNT_TEXT } from './text';

const ACCEPTED = new RegExp(PASSWORD_PATTERN);

/** Each rule of a password, and whether `password` keeps it. */
function ruleChecks(password: string, loginName?: string): { text: Bilingual; met: boolean }[] {
  const checks = [
    { text: ACCOUNT_TEXT.ruleLength, met: password.length >= 6 && password.length <= 15 },
    { text: ACCOUNT_TEXT.ruleLetterDigit, met: /[A-Za-z]/.test(password) && /\d/.test(password) },
    { text: ACCOUNT_TEXT.ruleCharacters, met: password !== '' && /^[A-Za-z\d!@#$%^&*()_+\-=.,?]*$/.test(password) },
  ];
  if (loginName !== undefined)
    checks.push({
      text: ACCOUNT_TEXT.ruleNotLogin,
      met: password !== '' && password.toLowerCase() !== loginName.toLowerCase(),
    });
  return checks;
}

/** The checklist under a password field (`id` for the field's aria-describedby). */
export function PasswordRules({ id, password, loginName }: { id: string; password: string; loginName?: string }) {
  const { t } = useLang();
  return (
    <ul id={id} style={{ listStyle: 'none', padding: 0, margin: '0 0 16px', fontSize: 13 }}>
      {ruleChecks(password, loginName).map(({ text, met }) => (
        <li key={text.en} style={{ color: met ? '#237804' : 'rgba(0,0,0,0.65)', lineHeight: '22px' }}>
          {met ? <CheckCircleFilled aria-hidden /> : <CloseCircleFilled aria-hidden style={{ color: '#8c8c8c' }} />}{' '}
          {t(text)}
          <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
            （{t(met ? ACCOUNT_TEXT.ruleMet : ACCOUNT_TEXT.ruleNotMet)}）
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Form rules of a new password; `loginName` reads the login name it must differ from, if the form has one. */
export function passwordFieldRules(t: (text: Bilingual) => string, loginName?: () => string): FormRule[] {
  return [
    { required: true, message: t(ACCOUNT_TEXT.required(ACCOUNT_TEXT.password)) },
    { pattern: ACCEPTED, message: t(ACCOUNT_TEXT.passwordRule) },
    {
      validator: async (_rule, value: string | undefined) => {
        const login = loginName?.();
        if (value && login && value.toLowerCase() === login.toLowerCase()) throw new Error(t(ACCOUNT_TEXT.sameAsLogin));
      },
    },
  ];
}

/** Form rules of the confirmation of the field `passwordField`. */
export function confirmFieldRules(t: (text: Bilingual) => string, passwordField: string): FormRule[] {
  return [
    { required: true, message: t(ACCOUNT_TEXT.enterConfirm) },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: string | undefined) => {
        if (value && value !== getFieldValue(passwordField)) throw new Error(t(ACCOUNT_TEXT.mismatch));
      },
    }),
  ];
}
