/** The answer to a source locked out of a login name (or a number or address) by the login throttle. */
import { msg } from '../domain/text';
import { ApiError } from './errors';

/** 429 while this source must wait before trying the login name again, saying how long. */
export function lockedOut(until: Date): ApiError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  const wait =
    seconds >= 60
      ? msg(`${Math.ceil(seconds / 60)} 分钟`, `${Math.ceil(seconds / 60)} minutes`)
      : msg(`${seconds} 秒`, `${seconds} seconds`);
  return new ApiError(
    429,
    'LOGIN_LOCKED',
    msg(`登录失败次数过多，请 ${wait.zh}后再试`, `Too many failed sign-ins; try again in ${wait.en}`),
    undefined,
    { 'retry-after': String(seconds) },
  );
}
