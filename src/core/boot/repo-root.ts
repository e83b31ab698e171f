import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (specs/, fixtures/), wherever Standin is started from. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
