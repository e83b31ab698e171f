import type { Runtime } from '../boot/runtime.js';

/** One scheme of a spec filled in for the docs page: an API key or bearer token, or a basic user. */
export type Prefill = { scheme: string; value: string } | { scheme: string; basic: [string, string] };

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
  scheme?: string;
}

/**
 * Each service's demo credentials as its spec's security schemes take them (the first one of each kind),
 * by spec URL, so the docs page's "Authorize" holds them and "try it out" works at once. Empty unless the
 * shipped fixtures, which hold those credentials, are in use.
 */
export function docsPrefills(rt: Runtime): Record<string, Prefill[]> {
  const out: Record<string, Prefill[]> = {};
  if (!rt.demoFixtures) return out;
  for (const s of rt.services) {
    const creds = s.module.demoCredentials ?? [];
    const schemes = (s.spec.document.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
    const fills: Prefill[] = [];
    for (const [scheme, def] of Object.entries(schemes)) {
      const kind = def.type === 'apiKey' && def.in === 'header' && def.name ? `header ${def.name.toLowerCase()}` : def.type === 'http' ? def.scheme?.toLowerCase() : undefined;
      const cred = kind && creds.find((c) => c.kind.toLowerCase() === kind);
      if (!cred) continue;
      if (kind === 'basic') {
        const colon = cred.value.indexOf(':');
        if (colon > 0) fills.push({ scheme, basic: [cred.value.slice(0, colon), cred.value.slice(colon + 1)] });
      } else {
        fills.push({ scheme, value: cred.value });
      }
    }
    if (fills.length) out[`/__admin/specs/${s.module.name}`] = fills;
  }
  return out;
}

/**
 * A Swagger UI plugin that fills in a spec's demo credentials whenever that spec is shown (the page's
 * spec selector loads one at a time, and Swagger UI can only authorize schemes of the spec it shows).
 */
export function prefillPlugin(prefills: Record<string, Prefill[]>): string {
  return `function StandinDemoCredentials() {
  var prefills = ${JSON.stringify(prefills)};
  return { statePlugins: { spec: { wrapActions: { updateJsonSpec: function (ori, system) {
    return function () {
      var result = ori.apply(null, arguments);
      (prefills[system.specSelectors.url()] || []).forEach(function (p) {
        if (p.basic) system.preauthorizeBasic(p.scheme, p.basic[0], p.basic[1]);
        else system.preauthorizeApiKey(p.scheme, p.value);
      });
      return result;
    };
  } } } } };
}`;
}
