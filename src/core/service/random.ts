import { randomBytes } from 'node:crypto';

/**
 * Where services get the randomness for ids and secrets. Seeded, it is a deterministic PRNG
 * (sfc32 over a splitmix32-expanded seed), so the same requests produce the same ids.
 */
export class Random {
  private state: [number, number, number, number] | undefined;

  constructor(seed?: number) {
    if (seed !== undefined) this.seed(seed);
  }

  seed(seed: number): void {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.state = [next(), next(), next(), next()];
  }

  get seeded(): boolean {
    return this.state !== undefined;
  }

  private nextUint32(): number {
    const st = this.state;
    if (!st) return randomBytes(4).readUInt32LE(0);
    let [a, b, c, d] = st;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    this.state = [a, b, c, d];
    return t;
  }

  bytes(n: number): Buffer {
    if (!this.state) return randomBytes(n);
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.nextUint32() & 0xff;
    return out;
  }

  /** A uniform integer in [0, max). */
  int(max: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * max);
  }

  /** `n` characters drawn uniformly from `alphabet`. */
  string(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  hex(nBytes: number): string {
    return this.bytes(nBytes).toString('hex');
  }
}
