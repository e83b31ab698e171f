import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../../src/core/boot/standin.js';

export interface CliProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `src/main.ts` (what `npm run dev` runs; `npm start` runs its build) as a child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Starts the CLI and waits (bounded) for its banner. */
export async function startCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<CliProcess> {
  const p = runCli(['--port', '0', '--log-level', 'warn', ...args], env);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /Standin is running on (http:\/\/\S+)/.exec(p.stdout());
    if (m) {
      return {
        child: p.child,
        url: m[1]!,
        stdout: p.stdout,
        stderr: p.stderr,
        stop: (signal = 'SIGTERM') => {
          p.child.kill(signal);
          return p.exited;
        },
      };
    }
    if (p.child.exitCode !== null || Date.now() > deadline) {
      p.child.kill('SIGKILL');
      throw new Error(`CLI did not start: ${p.stderr()}${p.stdout()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
