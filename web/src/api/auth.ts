/** Sign-in, sign-out and who is signed in (`/api/v1/auth`). */
import { ApiFailure, call } from './client';
import type { User } from './types';

/** A captcha to answer: its ID and picture (an SVG data URL). */
export interface Captcha {
  captchaId: string;
  image: string;
}

/** A fresh captcha. */
export const fetchCaptcha = () => call<Captcha>('GET', '/auth/captcha', { auth: 'none' });

/** What the sign-in form sends. */
export interface Credentials {
  loginName: string;
  password: string;
  captchaId: string;
  captcha: string;
}

/** Signs in; the API sets the HttpOnly session cookie (its token in the answer is not kept). */
export async function signIn(credentials: Credentials): Promise<User> {
  const answer = await call<{ user: User }>('POST', '/auth/login', { body: credentials, auth: 'none' });
  return answer.user;
}

/** Ends the session (the API clears the cookie). */
export const signOut = () => call<void>('POST', '/auth/logout', { auth: 'none' });

/** The signed-in user, or null when there is no live session. */
export async function whoAmI(): Promise<User | null> {
  try {
    return await call<User>('GET', '/auth/me', { auth: 'none' });
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) return null;
    throw err;
  }
}

/** What 获取验证码 sends: the mobile number or email, and the captcha answered first. */
export interface SignInCodeRequest {
  address: string;
  captchaId: string;
  captcha: string;
}

/** The answer to 获取验证码 (the same whether or not an account has the number). */
export interface SignInCodeSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** Asks for a one-time sign-in code by SMS or email. */
export const requestSignInCode = (request: SignInCodeRequest) =>
  call<SignInCodeSent>('POST', '/auth/code', { body: request, auth: 'none' });

/** Signs in with a mobile number or email and the code sent there; the API sets the session cookie. */
export async function signInWithCode(address: string, code: string): Promise<User> {
  const answer = await call<{ user: User }>('POST', '/auth/code/login', { body: { address, code }, auth: 'none' });
  return answer.user;
}
