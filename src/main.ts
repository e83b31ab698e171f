import { setFlagsFromString } from 'node:v8';
import { parseCli, usage, UsageError } from './core/boot/cli.js';
import { serve, type RunningStandin } from './core/boot/standin.js';
import { services } from './services.js';
import { describeUrl } from './core/state/pg/url.js';

/** The banner names the demo credentials only when the shipped fixtures (which hold them) were loaded. */
function banner(standin: RunningStandin, db: string | undefined, withDemoFixtures: boolean): string {
  const url = standin.url;
  const width = Math.max(...services.map((s) => s.title.length), 'admin'.length);
  const lines = [`Standin is running on ${url} (${db ? `db: ${describeUrl(db)}` : 'in memory'})`];
  for (const s of services) {
    const creds = (withDemoFixtures ? (s.demoCredentials ?? []) : []).map((c) => `${c.kind}: ${c.value}`).join('; ');
    const own = standin.serviceUrls[s.name] ? ` and ${standin.serviceUrls[s.name]}` : '';
    lines.push(`  ${s.title.padEnd(width)}  ${url}/${s.name}${own}${creds ? `   (${creds})` : ''}`);
  }
  lines.push(`  ${'admin'.padEnd(width)}  ${url}/__admin   (docs: ${url}/__admin/docs)`);
  if (standin.generatedAdminToken) {
    const token = standin.adminToken ?? '';
    lines.push(`Not on loopback: /__admin needs Authorization: Bearer ${token} (docs in a browser: ${url}/__admin/docs?token=${encodeURIComponent(token)})`);
  }
  return lines.join('\n');
}

/**
 * Standin keeps its whole state in memory and allocates fast under load; V8 would let the old generation
 * grow to about four times what is live before collecting it. Growing it by at most 100% keeps the
 * process near twice its state (bench/README.md: peak RSS). A flag the user gave Node wins.
 */
function boundHeapGrowth(): void {
  const given = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('heap-growing-percent'));
  if (!given) setFlagsFromString('--heap-growing-percent=100');
}

async function main(): Promise<number> {
  boundHeapGrowth();
  let cli;
  try {
    cli = parseCli(process.argv.slice(2), process.env, services);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`standin: ${e.message}\nRun 'npm start -- --help' for the options.`);
      return 2;
    }
    throw e;
  }
  if (cli.help) {
    console.log(usage(services));
    return 0;
  }
  let standin;
  try {
    standin = await serve(cli.serve);
  } catch (e) {
    console.error(`standin: ${(e as Error).message}`);
    return 1;
  }
  console.log(banner(standin, cli.serve.db, cli.serve.fixtures === undefined));
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) process.exit(1); // a second signal: give up on a clean stop
      stopping = true;
      standin.runtime.log.info({ signal }, 'stopping: finishing requests in flight and flushing the db');
      void standin.close().then(resolve, (e: unknown) => {
        console.error(`standin: error while stopping: ${(e as Error).message}`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return process.exitCode === 1 ? 1 : 0;
}

process.exit(await main());
