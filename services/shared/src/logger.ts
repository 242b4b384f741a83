import { pino, type Logger } from 'pino';

// Credentials can reach a log line through request headers or a logged config object.
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  'password',
  'access_token',
];

/** The service's root logger: JSON to stdout, secrets redacted, named after the service. */
export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, redact: { paths: redactPaths, censor: '[redacted]' } });
}
