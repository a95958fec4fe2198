/** Structured JSON logging (pino) with every secret-bearing field redacted. */
import pino, { type Logger } from 'pino';

/** Field paths that may carry a secret; their values never reach a log line. */
const REDACTED_PATHS = [
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

/** Query parameters whose values never reach a log line. */
const SECRET_QUERY = /([?&#](?:token|password|pin|authCode|captcha)=)[^&#]*/gi;

/** A request URL as it may be logged: secret query values replaced. */
export function urlForLog(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/** Options of the HTTP server's logger: secrets redacted from fields and from logged request URLs. */
export function httpLoggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: urlForLog(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  };
}

/** Creates the process logger. */
export function createLogger(level: string, name = 'bpm'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
