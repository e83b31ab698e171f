/**
 * npm run check:docs — loads /__admin/docs in headless Chromium (Debian's `chromium` package, no browser
 * download) and checks that the page shows no console errors and lists every service's spec.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../src/core/standin.js';
import { services } from '../src/services.js';

const executablePath = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
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
  await page.goto(`${standin.url}/__admin/docs`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 });
  const title = (await page.textContent('.swagger-ui .info .title'))?.trim();
  const listed = await page.$$eval('.topbar select option', (os) => os.map((o) => (o.textContent ?? '').trim()));
  const operations = await page.$$eval('.opblock', (els) => els.length);
  await browser.close();
  const missing = services.map((s) => s.title).filter((t) => !listed.includes(t));
  console.log(`docs page: ${standin.url}/__admin/docs`);
  console.log(`first spec shown: ${title}; its operations: ${operations}`);
  console.log(`specs listed: ${listed.join(' | ')}`);
  console.log(`console errors: ${problems.length ? problems.join('; ') : 'none'}`);
  if (problems.length || missing.length || operations === 0) {
    failed = true;
    if (missing.length) console.log(`missing from the list: ${missing.join(', ')}`);
  }
} finally {
  await standin.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(failed ? 'FAIL' : 'OK');
process.exit(failed ? 1 : 0);
