import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export const ROOT = new URL('..', import.meta.url).pathname;

export interface Proc {
  name: string;
  child: ChildProcess;
  /** The server's own pid: the root of the process tree whose CPU time is counted. */
  pid: number;
  url: string;
  stop(): Promise<void>;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): Promise<number>;
}

/** Every server is the leader of its own process group; the groups not yet stopped, killed on exit or abort. */
const live = new Set<number>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** SIGKILLs every process group this script started and has not stopped (synchronous: safe in 'exit'). */
export function killAll(): void {
  for (const pid of live) signalGroup(pid, 'SIGKILL');
  live.clear();
}
process.on('exit', killAll);

/**
 * On Ctrl-C or SIGTERM: SIGKILLs every server started (their groups do not get the terminal's signal),
 * runs `cleanup` once and exits 130. `on`, not `once`: the signal can come twice (from the terminal and
 * relayed by tsx), and the second must not end the process before its cleanup.
 */
export function killAllOnSignal(cleanup: () => Promise<unknown> = () => Promise.resolve()): void {
  let aborting = false;
  const abort = () => {
    killAll();
    if (aborting) return;
    aborting = true;
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
}

/** Says when a starting server is ready: its URL, or undefined to look again in 20 ms. */
export type Ready = (output: string) => string | undefined | Promise<string | undefined>;

export function printed(pattern: RegExp): Ready {
  return (out) => {
    const m = pattern.exec(out);
    if (!m) return undefined;
    return m[1]!.startsWith('http') ? m[1]! : `http://127.0.0.1:${m[1]}`;
  };
}

const KEEP_OUTPUT = 64 * 1024;

/**
 * Starts `command args` in its own process group (so a wrapper's children go with it) and waits,
 * bounded, until `ready` gives its URL. Output is drained all along, and only its last 64 KiB kept.
 */
export async function spawnServer(name: string, command: string, args: string[], ready: Ready, timeoutMs = 30_000): Promise<Proc> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' }, detached: true });
  let out = '';
  child.on('error', (e) => (out += `\n${e.message}`));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} could not be spawned (${command}): is it installed?`);
  live.add(pid);
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2 * KEEP_OUTPUT) out = out.slice(-KEEP_OUTPUT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let dead = false;
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      dead = true;
      r();
    }),
  );
  const stop = async () => {
    if (!live.has(pid)) return;
    signalGroup(pid, 'SIGTERM');
    const t = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
    signalGroup(pid, 'SIGKILL'); // whatever of the group outlived its leader
    live.delete(pid);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = dead ? undefined : await ready(out);
    if (url) {
      return {
        name,
        child,
        pid,
        url,
        stop,
        peakRssMiB: async () => {
          const status = await readFile(`/proc/${pid}/status`, 'utf8');
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
          return kb / 1024;
        },
      };
    }
    if (dead || Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a TypeScript server under Node with tsx and waits until it prints its URL. */
export async function startProc(name: string, args: string[], urlPattern: RegExp, timeoutMs = 30_000): Promise<Proc> {
  const nodeArgs = [...args.filter((a) => a.startsWith('--cpu-prof')), '--import', 'tsx', ...args.filter((a) => !a.startsWith('--cpu-prof'))];
  return spawnServer(name, process.execPath, nodeArgs, printed(urlPattern), timeoutMs);
}

export function startCeiling(file: 'raw-node' | 'bare-express'): Promise<Proc> {
  return startProc(file, [`bench/ceilings/${file}.ts`], /LISTENING (\d+)/);
}

/** Standin as `npm start` and the bin run it: the built JavaScript (`npm run build`, done by `npm ci`), no loader. */
export function startStandinProc(name: string, extraArgs: string[]): Promise<Proc> {
  const profile = extraArgs.filter((a) => a.startsWith('--cpu-prof'));
  const args = extraArgs.filter((a) => !a.startsWith('--cpu-prof'));
  return spawnServer(name, process.execPath, [...profile, 'dist/main.js', '--port', '0', ...args], printed(/Standin is running on (http:\/\/\S+)/), 30_000);
}
