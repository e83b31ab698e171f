import { describe, expect, it } from 'vitest';
import { startStandin, UsageError, type StandinOptions } from 'standin';
import { parseCli } from '../../../src/core/boot/cli.js';
import { services } from '../../../src/services.js';

/** What the command line says about a bad value, with `--flag` where code says `key`. */
function cliRefusal(argv: string[]): string {
  try {
    parseCli(argv, {}, services);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('startStandin() checks its options as the command line does', () => {
  it('refuses unknown keys, naming them', async () => {
    await expect(startStandin({ prot: 1 } as StandinOptions)).rejects.toThrow(UsageError);
    await expect(startStandin({ prot: 1, hots: 'x' } as StandinOptions)).rejects.toThrow(/^startStandin\(\): unknown options 'prot', 'hots'; options: port, host, db, fixtures, /);
    await expect(startStandin({ options: { 'sensu-token-tll': '5' } })).rejects.toThrow(/^options: unknown option 'sensu-token-tll'; service options: sensu-token-ttl, webflow-rate-limit, webflow-no-rate-limit$/);
  });

  it.each([
    [{ options: { 'sensu-token-ttl': '5s' } }, ['--sensu-token-ttl', '5s'], "options['sensu-token-ttl']"],
    [{ options: { 'webflow-rate-limit': 0 } }, ['--webflow-rate-limit', '0'], "options['webflow-rate-limit']"],
    [{ port: 70000 }, ['--port', '70000'], 'port'],
    [{ durability: 'sometimes' }, ['--durability', 'sometimes'], 'durability'],
    [{ logLevel: 'loud' }, ['--log-level', 'loud'], 'logLevel'],
    [{ publicUrl: 'ftp://x' }, ['--public-url', 'ftp://x'], 'publicUrl'],
    [{ journalSize: 2_000_000 }, ['--journal-size', '2000000'], 'journalSize'],
    [{ servicePorts: { nope: 1 } }, ['--service-port', 'nope=1'], 'servicePorts'],
  ])('refuses %j in the words the CLI uses for %j', async (options, argv, name) => {
    const flag = `--${argv[0]!.slice(2)}`;
    let code = '';
    await startStandin(options as StandinOptions).then(
      (s) => s.close(),
      (e: Error) => void (code = e.message),
    );
    expect(code).not.toBe('');
    const cli = cliRefusal(argv);
    // The same check: the same words after the name (a CLI value is text, so it is quoted).
    const strip = (message: string, n: string) => message.slice(message.indexOf(n) + n.length).replace(/got (-?\d+)$/, "got '$1'");
    if (name !== 'servicePorts') expect(strip(code, name)).toBe(strip(cli, flag));
    else expect(code).toMatch(/servicePorts: no service named 'nope'/);
  });

  it("a service option given as a number works like the CLI's digits: Sensu tokens live 5 s", async () => {
    const s = await startStandin({ options: { 'sensu-token-ttl': 5 } });
    try {
      s.clock.set('2026-01-01T00:00:00Z');
      const r = await fetch(`${s.url}/sensu/auth`, { headers: { authorization: `Basic ${Buffer.from('admin:P@ssw0rd!').toString('base64')}` } });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { expires_at: number };
      expect(body.expires_at).toBe(Date.parse('2026-01-01T00:00:05Z') / 1000);
    } finally {
      await s.close();
    }
  });
});
