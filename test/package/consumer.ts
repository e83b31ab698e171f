import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../src/core/boot/repo-root.js';

export const run = promisify(execFile);

/** Packages the consumer project brings itself (its own dev dependencies), copied from this checkout. */
const CONSUMER_OWN = ['@types/node', 'undici-types', 'openapi-fetch', 'openapi-typescript-helpers'];

/** The installed copies of Standin's production dependencies in this checkout (never its dev ones). */
async function productionPackages(): Promise<string[]> {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const top = new Set<string>();
  for (const line of stdout.split('\n')) {
    const rel = line.startsWith(REPO_ROOT) ? line.slice(REPO_ROOT.length + 1) : '';
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(rel);
    if (m) top.add(m[1]!);
  }
  return [...top];
}

export interface Consumer {
  dir: string;
  tarball: string;
}

/**
 * A project of its own that installs Standin the way a user does: `npm pack` here (which runs the
 * prepare step, building dist/), then `npm install <tarball>` there. The registry is not asked: the
 * production dependencies are copied in from this checkout first, so npm finds them installed.
 */
export async function packedConsumer(root: string): Promise<Consumer> {
  const packs = join(root, 'packs');
  const dir = join(root, 'consumer');
  await mkdir(packs, { recursive: true });
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await run('npm', ['pack', '--pack-destination', packs], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  const tarball = join(packs, (await readdir(packs)).find((f) => f.endsWith('.tgz'))!);
  for (const name of [...(await productionPackages()), ...CONSUMER_OWN]) {
    await cp(join(REPO_ROOT, 'node_modules', name), join(dir, 'node_modules', name), { recursive: true, dereference: true });
  }
  // The consumer's own packages are its dev dependencies (npm prunes what its package.json does not name).
  const own = CONSUMER_OWN.filter((n) => n.startsWith('@types/') || n.startsWith('openapi-fetch'));
  const devDependencies = Object.fromEntries(await Promise.all(own.map(async (n) => [n, (JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', n, 'package.json'), 'utf8')) as { version: string }).version])));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true, devDependencies }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return { dir, tarball };
}

export const cleanup = (root: string) => rm(root, { recursive: true, force: true });

/** A strict consumer's tsconfig: every check on, and the libraries' declarations checked too. */
export const STRICT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    skipLibCheck: false,
    types: ['node'],
    rootDir: 'src',
    outDir: 'out',
  },
  include: ['src'],
};

/** The consumer's code: typed by `standin` and `standin/<service>`, run by plain node once compiled. */
export const CONSUMER_SOURCE = `import createClient from 'openapi-fetch';
import { startStandin, serviceNames, UsageError, type FaultRule, type JournalEntry, type Standin } from 'standin';
import type { components as WebflowComponents, paths as WebflowPaths } from 'standin/webflow';
import type { paths as ActionhubPaths } from 'standin/actionhub';
import type { paths as MediapocketPaths } from 'standin/mediapocket';
import type { paths as SensuPaths } from 'standin/sensu';

const SITE = '580e63e98c9a982ac9b8b741';
type ActionhubPage = ActionhubPaths['/assets']['get']['responses'][200]['content']['application/json'];
type MediapocketAsset = MediapocketPaths['/api/v2/assets/{asset_id}']['parameters']['path']['asset_id'];
type SensuNamespace = SensuPaths['/api/core/v2/namespaces/{namespace}/assets']['parameters']['path']['namespace'];

// The types are real (not any): each of these is an error, or tsc fails on an unused directive.
// @ts-expect-error: an unknown option is a type error as well as a refusal
export const misspelt = () => startStandin({ prot: 4010 });
// @ts-expect-error: Webflow's site_id is a string
export const siteId: WebflowPaths['/v2/sites/{site_id}/assets']['get']['parameters']['path']['site_id'] = 42;

async function main(): Promise<void> {
  const out: Record<string, unknown> = { services: serviceNames };
  try {
    await startStandin({ prot: 1 } as Parameters<typeof startStandin>[0]);
  } catch (e) {
    out['refused'] = e instanceof UsageError ? e.message : String(e);
  }
  const standin: Standin = await startStandin({ options: { 'sensu-token-ttl': 5 } });
  try {
    const webflow = createClient<WebflowPaths>({ baseUrl: \`\${standin.url}/webflow\` });
    const { data, response } = await webflow.GET('/v2/sites/{site_id}/assets', {
      params: { path: { site_id: SITE } },
      headers: { authorization: 'Bearer demo-token' },
    });
    const assets: WebflowComponents['schemas']['Asset'][] = data?.assets ?? [];
    out['webflow'] = { status: response.status, assets: assets.length };
    const page = (await (await fetch(\`\${standin.url}/actionhub/assets\`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'demo-program' } })).json()) as ActionhubPage;
    out['actionhub'] = page.total;
    const ids: [MediapocketAsset, SensuNamespace] = ['1', 'default'];
    out['ids'] = ids;
    const rule: FaultRule = { service: 'actionhub', status: 503, times: 1 };
    standin.fault(rule);
    out['faulted'] = (await fetch(\`\${standin.url}/actionhub/labels\`, { headers: { 'actionhub-key': 'demo-actionhub-key', 'program-id': 'p' } })).status;
    const journal: JournalEntry[] = standin.requests();
    out['journaled'] = journal.length;
    standin.clock.set('2026-01-01T00:00:00Z');
    out['advanced'] = standin.clock.advance('15m');
    await standin.reset();
    out['afterReset'] = { faults: standin.faults().length, journal: standin.requests().length, frozen: standin.clock.frozen };
  } finally {
    await standin.close();
  }
  console.log(JSON.stringify(out));
}

await main();
`;
