/** Structured JSON logging (pino) with every secret-bearing field redacted. */
import pino, { type Logger } from 'pino';

/** Field paths that may carry a secret; their values never reach a log line. */
export const REDACTED_PATHS = [
  'password',
  'confirmPassword',
  'newPassword',
  '*.password',
  '*.confirmPassword',
  '*.newPassword',
  'pin',
  '*.pin',
  'authCode',
  '*.authCode',
  'token',
  '*.token',
  'captcha',
  '*.captcha',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/** Creates the process logger. */
export function createLogger(level: string, name = 'bpm'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
