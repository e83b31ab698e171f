/**
 * CPU time of a server process and all its descendants, from /proc/<pid>/stat.
 *
 * For every process in the tree it adds utime + stime (all of its threads: a JVM's too) and
 * cutime + cstime (children it has already waited for), so a child that exits during a load is
 * still counted once, by its parent. The tree is found by walking /proc for parent pids (this
 * kernel has no /proc/<pid>/task/<tid>/children). Linux only.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = readTicksPerSecond();

function readTicksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

interface Stat {
  ppid: number;
  ticks: number;
}

/** Fields after the command name, which is in parentheses and may hold spaces or ')'. */
function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
  const at = (field: number) => Number(f[field - 3]);
  return { ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
}

/** CPU seconds used so far by `root` and every live descendant of it. */
export function treeCpuSeconds(root: number): number {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  const rootStat = stats.get(root);
  if (!rootStat) throw new Error(`process ${root} is not running`);
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(pid);
    else children.set(s.ppid, [pid]);
  }
  let ticks = 0;
  const todo = [root];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    ticks += stats.get(pid)?.ticks ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}

/** Runs `work` and says how much CPU the tree under `root` used meanwhile, as % of one core. */
export async function withCpu<T>(root: number, work: () => Promise<T>): Promise<{ result: T; cpuPercent: number; wallSeconds: number }> {
  const cpu0 = treeCpuSeconds(root);
  const t0 = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpuPercent = ((treeCpuSeconds(root) - cpu0) / wallSeconds) * 100;
  return { result, cpuPercent, wallSeconds };
}
