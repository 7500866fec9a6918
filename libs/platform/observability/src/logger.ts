import { pino, type Logger } from 'pino';

/** One structured JSON logger per app (pino), named after it. */
export function createLogger(app: string, level: string): Logger {
  return pino({ name: app, level, base: { app }, timestamp: pino.stdTimeFunctions.isoTime });
}
