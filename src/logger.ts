/**
 * Structured JSON logs (pino). One logger is built in the composition root and passed down;
 * each turn gets a child carrying its correlation id.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'reseau' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Tokens and keys must never reach a log line, even when a whole request is logged.
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.key', 'config.bot.password', 'config.store.key'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
