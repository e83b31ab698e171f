import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../helpers/app.js';
import { REPO_ROOT } from '../../../src/core/boot/repo-root.js';

const opened: TestApp[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

type Call = [string, ...string[]];
interface SwaggerConfig {
  urls: { url: string }[];
  plugins: (() => { statePlugins: { spec: { wrapActions: { updateJsonSpec: (ori: (...a: unknown[]) => unknown, system: unknown) => (...a: unknown[]) => unknown } } } })[];
}

/**
 * Runs the docs page's init.js as Swagger UI would, then shows it each spec as Swagger UI does when one
 * is chosen (updateJsonSpec), and returns the authorizations it asks for, by spec URL.
 */
async function prefilled(t: TestApp): Promise<Record<string, Call[]>> {
  const js = (await t.http.get('/__admin/docs/init.js')).text;
  let config: SwaggerConfig | undefined;
  const SwaggerUIBundle = Object.assign((c: SwaggerConfig) => ((config = c), {}), { presets: { apis: {} } });
  runInNewContext(js, { window: {}, SwaggerUIBundle, SwaggerUIStandalonePreset: {} });
  const out: Record<string, Call[]> = {};
  for (const { url } of config!.urls) {
    const calls: Call[] = [];
    const system = {
      specSelectors: { url: () => url },
      preauthorizeApiKey: (scheme: string, value: string) => calls.push(['apiKey', scheme, value]),
      preauthorizeBasic: (scheme: string, user: string, password: string) => calls.push(['basic', scheme, user, password]),
    };
    const wrap = config!.plugins[0]!().statePlugins.spec.wrapActions.updateJsonSpec;
    expect(wrap(() => 'the action ran', system)({})).toBe('the action ran');
    out[url] = calls;
  }
  return out;
}

describe("the docs page's Authorize holds the demo credentials", () => {
  it('for each service, in the scheme its spec names, when the shipped fixtures are in use', async () => {
    const t = await testApp();
    opened.push(t);
    expect(await prefilled(t)).toEqual({
      '/__admin/specs/actionhub': [['apiKey', 'APIKeyHeader', 'demo-actionhub-key']],
      '/__admin/specs/mediapocket': [['apiKey', 'apiKey', 'demo-mediapocket-key']],
      '/__admin/specs/sensu': [['basic', 'basic', 'admin', 'P@ssw0rd!']],
      '/__admin/specs/webflow': [['apiKey', 'bearer', 'demo-token']],
      '/__admin/specs/admin': [],
    });
  });

  it('not with other fixtures (the demo credentials would not work there)', async () => {
    for (const fixtures of [false as const, `${REPO_ROOT}/test/fake/fixtures`]) {
      const t = await testApp({ fixtures });
      opened.push(t);
      const calls = Object.values(await prefilled(t)).flat();
      expect(calls).toEqual([]);
    }
  });
});
