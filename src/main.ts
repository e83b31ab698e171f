#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parseCli, usage, UsageError } from './core/boot/cli.js';
import { serve } from './core/boot/standin.js';
import { banner } from './core/boot/banner.js';
import { whenToStop } from './core/boot/lifecycle.js';
import { REPO_ROOT } from './core/boot/repo-root.js';
import { services } from './services.js';
import { DocumentError } from './core/openapi-service/document-error.js';

/**
 * Standin keeps its whole state in memory and allocates fast under load; V8 would let the old generation
 * grow to about four times what is live before collecting it. Growing it by at most 100% keeps the
 * process near twice its state (bench/README.md: peak RSS). A flag the user gave Node wins.
 */
function boundHeapGrowth(): void {
  const given = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('heap-growing-percent'));
  if (!given) setFlagsFromString('--heap-growing-percent=100');
}

function version(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<number> {
  boundHeapGrowth();
  let cli;
  try {
    cli = parseCli(process.argv.slice(2), process.env, services);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`standin: ${e.message}\nRun 'standin --help' for the options.`);
      return 2;
    }
    throw e;
  }
  if (cli.help) {
    console.log(usage(services));
    return 0;
  }
  if (cli.version) {
    console.log(version());
    return 0;
  }
  let standin;
  try {
    standin = await serve(cli.serve);
  } catch (e) {
    console.error(`standin: ${(e as Error).message}`);
    return e instanceof DocumentError ? 2 : 1;
  }
  console.log(banner(standin, cli.serve.db));
  const { reason } = await whenToStop(cli.detached, () => process.exit(1));
  standin.runtime.log.info({ reason }, `stopping (${reason}): finishing requests in flight and flushing the db`);
  try {
    await standin.close();
    return 0;
  } catch (e) {
    console.error(`standin: error while stopping: ${(e as Error).message}`);
    return 1;
  }
}

process.exit(await main());
