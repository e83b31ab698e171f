import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export const ROOT = new URL('..', import.meta.url).pathname;

export interface Proc {
  name: string;
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): Promise<number>;
}

/** Starts a server process and waits (bounded) until it prints its URL. */
export async function startProc(name: string, args: string[], urlPattern: RegExp, timeoutMs = 30_000): Promise<Proc> {
  const child = spawn(process.execPath, [...args.filter((a) => a.startsWith('--cpu-prof')), '--import', 'tsx', ...args.filter((a) => !a.startsWith('--cpu-prof'))], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = urlPattern.exec(out);
    if (m) {
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      return {
        name,
        child,
        url: m[1]!.startsWith('http') ? m[1]! : `http://127.0.0.1:${m[1]}`,
        stop: async () => {
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(t);
        },
        peakRssMiB: async () => {
          const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
          return kb / 1024;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function startCeiling(file: 'raw-node' | 'bare-express'): Promise<Proc> {
  return startProc(file, [`bench/ceilings/${file}.ts`], /LISTENING (\d+)/);
}

export function startStandinProc(name: string, extraArgs: string[]): Promise<Proc> {
  return startProc(name, ['src/main.ts', '--port', '0', ...extraArgs], /Standin is running on (http:\/\/\S+)/);
}
