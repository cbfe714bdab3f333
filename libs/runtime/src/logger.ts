// Structured JSON logs (pino). Secrets are redacted by key wherever they appear in a logged object.
import pino from 'pino';
import type { LogLevel } from '@gohan-es/config';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, at any depth we log. */
export const SECRET_KEYS = [
  'password',
  'bgp_md5',
  'authentication_key',
  'authenticationKey',
  'token',
  'x-auth-token',
  'secretsKey',
  'privateKey',
];

const redactPaths = SECRET_KEYS.flatMap((key) =>
  [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`].map((p) => quote(p)),
);

function quote(path: string): string {
  return path
    .split('.')
    .map((part) => (/^[A-Za-z_*][A-Za-z0-9_*]*$/.test(part) ? part : `["${part}"]`))
    .join('.')
    .replace(/\.\[/g, '[');
}

export function createLogger(
  name: string,
  level: LogLevel = 'info',
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      name,
      level,
      base: { app: name, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
