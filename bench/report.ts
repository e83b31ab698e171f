/** The bench's samples, their merging, and the printed table and targets. */

export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server's CPU time (its process and all descendants) during the load, in % of one core. */
  cpu: number;
}

/** Means of rates, latencies and CPU%; sums of errors and non-2xx. */
export function merge(samples: Sample[]): Sample {
  const avg = (f: (s: Sample) => number) => samples.reduce((a, s) => a + f(s), 0) / samples.length;
  const sum = (f: (s: Sample) => number) => samples.reduce((a, s) => a + f(s), 0);
  return { rps: avg((s) => s.rps), p50: avg((s) => s.p50), p99: avg((s) => s.p99), errors: sum((s) => s.errors), non2xx: sum((s) => s.non2xx), cpu: avg((s) => s.cpu) };
}

/** Requests per second of CPU time: req/s ÷ (CPU% / 100). */
export function perCore(s: Sample): number {
  return s.cpu > 0 ? s.rps / (s.cpu / 100) : NaN;
}

export const x = (n: number) => `${n.toFixed(2)}×`;

export class Report {
  private readonly rows: string[][] = [];
  private readonly targets: string[][] = [];

  row(workload: string, server: string, s: Sample, note = ''): void {
    this.rows.push([workload, server, s.rps.toFixed(0), s.p50.toFixed(1), s.p99.toFixed(1), String(s.errors), String(s.non2xx), s.cpu.toFixed(0), perCore(s).toFixed(0), note]);
  }

  /** A target line: what, the figure, and whether it is met. */
  target(what: string, figure: string, met: boolean): void {
    this.targets.push([what, figure, met ? 'met' : 'missed']);
  }

  print(): void {
    const header = ['workload', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'CPU %', 'req/s per core', 'ratio'];
    console.log(table([header, ...this.rows]));
    console.log('\nTargets');
    console.log(table(this.targets));
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
