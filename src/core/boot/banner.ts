import type { RunningStandin } from './standin.js';
import { describeUrl } from '../state/pg/url.js';

/** The banner names the demo credentials only when the shipped fixtures (which hold them) were loaded. */
export function banner(standin: RunningStandin, db: string | undefined): string {
  const { url, runtime } = standin;
  const services = runtime.services.map((s) => s.module);
  const width = Math.max(...services.map((s) => s.title.length), 'admin'.length);
  const lines = [`Standin is running on ${url} (${db ? `db: ${describeUrl(db)}` : 'in memory'})`];
  for (const s of services) {
    const base = s.basePath ?? '';
    const creds = (runtime.demoFixtures ? (s.demoCredentials ?? []) : []).map((c) => `${c.kind}: ${c.value}`).join('; ');
    const own = standin.serviceUrls[s.name] ? ` and ${standin.serviceUrls[s.name]}${base}` : '';
    lines.push(`  ${s.title.padEnd(width)}  ${url}/${s.name}${base}${own}${creds ? `   (${creds})` : ''}`);
  }
  lines.push(`  ${'admin'.padEnd(width)}  ${url}/__admin   (docs: ${url}/__admin/docs)`);
  if (runtime.cors) lines.push('CORS: preflights answered and any origin allowed (--cors)');
  if (standin.generatedAdminToken) {
    const token = standin.adminToken ?? '';
    lines.push(`Not on loopback: /__admin needs Authorization: Bearer ${token} (docs in a browser: ${url}/__admin/docs?token=${encodeURIComponent(token)})`);
  }
  return lines.join('\n');
}
