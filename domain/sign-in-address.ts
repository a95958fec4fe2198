/** What may be typed to sign in with a one-time code: a mainland mobile number or an email address. */
import { isEmail, isMobile } from './validators';

/** A number or address once recognised: the channel that reaches it and its normal form. */
export interface SignInAddress {
  channel: 'sms' | 'email';
  /** A mobile number's 11 digits, or an email address in lower case. */
  value: string;
}

/**
 * Recognises a mobile number (spaces and dashes ignored, a leading +86 or 0086 dropped) or an email
 * address (trimmed, lower-cased); `null` for anything else.
 */
export function parseSignInAddress(typed: string): SignInAddress | null {
  const text = typed.trim();
  if (text.includes('@')) return isEmail(text) ? { channel: 'email', value: text.toLowerCase() } : null;
  const digits = text.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return isMobile(digits) ? { channel: 'sms', value: digits } : null;
}
