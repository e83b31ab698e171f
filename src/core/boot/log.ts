import pino, { type Logger, type LevelWithSilent } from 'pino';
import { REQUEST_FIELDS } from '../control/log-line.js';

/**
 * pino-pretty's options for a terminal: one line per entry, the request's facts in its message
 * (control/log-line.ts) and anything else (a 4xx's reason, an error) on the same line after it.
 */
export const PRETTY_OPTIONS = { translateTime: 'SYS:HH:MM:ss.l', singleLine: true, ignore: ['pid', 'hostname', ...REQUEST_FIELDS].join(',') };

/** Structured logs on stderr (JSON lines); pretty when a person is watching (a TTY). */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  if (process.stderr.isTTY && level !== 'silent') {
    return pino({ level, transport: { target: 'pino-pretty', options: { ...PRETTY_OPTIONS, destination: 2 } } });
  }
  return pino({ level }, pino.destination(2));
}
