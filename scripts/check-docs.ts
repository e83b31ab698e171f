/**
 * npm run check:docs — loads /__admin/docs in headless Chromium (Debian's `chromium` package, no browser
 * download) and checks that the page shows no console errors, asks nothing of any other host (no CDN),
 * lists every service's spec, and that each one, chosen in the list, shows operations with its demo
 * credentials filled in Authorize.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../src/core/boot/standin.js';
import { services } from '../src/services.js';
import { docsPrefills } from '../src/core/admin/docs-auth.js';

const executablePath = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`check:docs: no Chromium at ${executablePath}; install Debian's package (apt-get install chromium) or set CHROMIUM=/path/to/chromium`);
  process.exit(2);
}
const standin = await serve({ services, logLevel: 'silent' });
const profile = await mkdtemp(join(tmpdir(), 'standin-chromium-'));
let failed = false;
try {
  // A fresh profile; the flags keep Chromium from reaching for the (closed) network.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${standin.url}/`) && !r.url().startsWith('data:')) problems.push(`request to another host: ${r.url()}`);
  });
  await page.goto(`${standin.url}/__admin/docs`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 });
  const listed = await page.$$eval('.topbar select option', (os) => os.map((o) => (o.textContent ?? '').trim()));
  const missing = services.map((s) => s.title).filter((t) => !listed.includes(t));
  console.log(`docs page: ${standin.url}/__admin/docs`);
  console.log(`specs listed: ${listed.join(' | ')}`);
  // Browse each service: choose it, wait for its spec's title, count its operations.
  const empty: string[] = [];
  const notFilled: string[] = [];
  const prefills = docsPrefills(standin.runtime);
  for (const svc of standin.runtime.services) {
    const specTitle = String((svc.spec.document.info as { title?: unknown } | undefined)?.title ?? '');
    if (!listed.includes(svc.module.title)) continue;
    await page.selectOption('.topbar select', { label: svc.module.title });
    await page.waitForFunction(`(document.querySelector('.swagger-ui .info .title')?.textContent ?? '').includes(${JSON.stringify(specTitle)})`, undefined, { timeout: 15_000 });
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    const operations = await page.$$eval('.opblock', (els) => els.length);
    // The demo credentials, filled in Authorize for the spec shown.
    const expected = (prefills[`/__admin/specs/${svc.module.name}`] ?? []).map((p) => `${p.scheme}=${'basic' in p ? p.basic.join(':') : p.value}`);
    const authorized = await page.waitForFunction(
      (n) => {
        const all = (globalThis as unknown as { ui: { authSelectors: { authorized: () => { toJS: () => Record<string, { value?: unknown }> } } } }).ui.authSelectors.authorized().toJS();
        return Object.keys(all).length >= n ? all : undefined;
      },
      expected.length,
      { timeout: 15_000 },
    ).then((h) => h.jsonValue() as Promise<Record<string, { value?: string | { username: string; password: string } }>>);
    const shown = Object.entries(authorized).map(([scheme, a]) => `${scheme}=${typeof a.value === 'object' ? `${a.value.username}:${a.value.password}` : a.value}`);
    const unfilled = expected.filter((e) => !shown.includes(e));
    console.log(`  ${svc.module.title}: "${specTitle}", ${operations} operations (spec: ${svc.spec.operations.length}); authorized: ${shown.join(', ') || 'none'}`);
    if (operations === 0) empty.push(svc.module.title);
    if (unfilled.length) notFilled.push(`${svc.module.title} (${unfilled.join(', ')})`);
  }
  await browser.close();
  console.log(`console errors and outside requests: ${problems.length ? problems.join('; ') : 'none'}`);
  if (problems.length || missing.length || empty.length || notFilled.length) {
    failed = true;
    if (missing.length) console.log(`missing from the list: ${missing.join(', ')}`);
    if (empty.length) console.log(`no operations shown for: ${empty.join(', ')}`);
    if (notFilled.length) console.log(`demo credentials not in Authorize for: ${notFilled.join('; ')}`);
  }
} finally {
  await standin.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(failed ? 'FAIL' : 'OK');
process.exit(failed ? 1 : 0);
