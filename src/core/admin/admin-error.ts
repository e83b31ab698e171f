import type { Response } from 'express';

/** The admin API's one error shape: `{"error":{"code","message"}}`. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendAdminError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
