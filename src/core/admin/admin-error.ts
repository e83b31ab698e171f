import type { ServerResponse } from 'node:http';
import { CoreError, sendCoreError } from '../http/core-error.js';

/**
 * Transitional: admin errors are CoreErrors (http/core-error.ts). Only control/front.ts still calls this;
 * delete the file once it answers through sendCoreError.
 */
export function sendAdminError(res: ServerResponse, status: number, code: string, message: string): void {
  sendCoreError(res, new CoreError(status, code, message));
}
