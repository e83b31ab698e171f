import pino, { type Logger, type LevelWithSilent } from 'pino';

/** Structured logs on stderr; pretty when a person is watching (a TTY). */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  if (process.stderr.isTTY && level !== 'silent') {
    return pino({ level, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino({ level }, pino.destination(2));
}
