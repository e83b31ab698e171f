import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';

export class DbLockedError extends Error {}

interface Holder {
  pid: number;
  /** The process's start, as the kernel counts it (so a reused pid is not taken for the holder). */
  procStart: string | undefined;
  started: string;
}

/** Field 22 of /proc/PID/stat (start time since boot) and whether the process is a zombie; undefined off Linux. */
function procInfo(pid: number): { start: string; zombie: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold spaces
    return { start: fields[19] ?? '', zombie: fields[0] === 'Z' || fields[0] === 'X' };
  } catch {
    return undefined;
  }
}

function alive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
  const info = procInfo(holder.pid);
  if (!info) return true;
  return !info.zombie && (holder.procStart === undefined || holder.procStart === info.start);
}

function parseHolder(text: string): Holder | undefined {
  try {
    const v = JSON.parse(text) as Partial<Holder>;
    return typeof v.pid === 'number' && Number.isSafeInteger(v.pid) && v.pid > 0 ? { pid: v.pid, procStart: v.procStart, started: String(v.started ?? '?') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One writer per db: `<db>.lock` holds the pid and start time of the process that has the db open. A
 * second process refuses to start; a lock whose holder is gone (killed, crashed) is taken over.
 */
export class DbLock {
  private constructor(readonly path: string, private readonly content: string) {}

  static async acquire(db: string): Promise<DbLock> {
    const path = `${db}.lock`;
    const me: Holder = { pid: process.pid, procStart: procInfo(process.pid)?.start, started: new Date(Date.now() - process.uptime() * 1000).toISOString() };
    const content = JSON.stringify({ ...me, id: randomUUID() }); // release() removes only its own lock
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const fh = await open(path, 'wx');
        try {
          await fh.writeFile(content);
        } finally {
          await fh.close();
        }
        return new DbLock(path, content);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const text = await readFile(path, 'utf8').catch(() => '');
      const holder = parseHolder(text);
      if (holder && alive(holder)) {
        throw new DbLockedError(`${db} is in use by another Standin (pid ${holder.pid}, started ${holder.started}; lock file ${path}). Stop it, or give this one another --db.`);
      }
      // A lock just made may not hold its content yet: look again before taking it over.
      if (!holder && attempt === 0) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      // The holder is gone (or the lock is unreadable, cut short by a crash): take it over.
      await rm(path, { force: true });
    }
    throw new DbLockedError(`${db}: could not take the lock file ${path}; another Standin keeps taking it.`);
  }

  /** Removes the lock file if it is still this process's. */
  async release(): Promise<void> {
    const text = await readFile(this.path, 'utf8').catch(() => undefined);
    if (text === this.content) await rm(this.path, { force: true });
  }
}
