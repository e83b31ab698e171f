import { CoreError } from '../http/core-error.js';

/**
 * A path glob as WireMock users write them: `*` is any run of characters within one path segment, `**`
 * any run across segments, `?` one character but `/`; everything else is literal. An exact value is its
 * own glob. Also used for header and query values.
 */
export interface Glob {
  readonly source: string;
  test(text: string): boolean;
}

const SLASH = 47;

/** A glob's length at most (an exact value may be longer): what a match may cost stays small (one pass, a few words a character). */
export const GLOB_MAX = 1024;

/** What is wrong with a glob, or undefined. */
export function globProblem(glob: string): string | undefined {
  return glob.length > GLOB_MAX && /[*?]/.test(glob) ? `a glob (a value with * or ?) is at most ${GLOB_MAX} characters` : undefined;
}

/**
 * Compiles a glob to a matcher that never backtracks: the pattern is a small automaton (one state per
 * literal or `?`, a star is a state's loop) run over the text with every state at once, as bit sets, so
 * a match costs one pass over the text, whatever the pattern (a regexp of `.*`s backtracks: `**a**a**c`
 * over a long path took seconds).
 */
export function compileGlob(glob: string): Glob {
  if (!/[*?]/.test(glob)) return { source: glob, test: (text) => text === glob };
  const problem = globProblem(glob);
  if (problem) throw new CoreError(400, 'bad_request', problem);
  // State j: the first j literals and `?`s are matched. Token j (0-based) leads from state j to j + 1.
  const literal: number[] = [];
  const loopSegment: boolean[] = [false];
  const loopAny: boolean[] = [false];
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charCodeAt(i);
    const state = literal.length;
    if (c === 42 /* * */ && glob.charCodeAt(i + 1) === 42) {
      loopAny[state] = true;
      i++;
    } else if (c === 42) loopSegment[state] = true;
    else {
      literal.push(c === 63 /* ? */ ? -1 : c);
      loopSegment.push(false);
      loopAny.push(false);
    }
  }
  const tokens = literal.length;
  const words = (tokens + 1 + 31) >>> 5;
  const bits = () => new Uint32Array(words);
  const set = (b: Uint32Array, j: number) => (b[j >>> 5]! |= 1 << (j & 31));
  const into = new Map<number, Uint32Array>();
  const intoAny = bits();
  const loopsOnSlash = bits();
  const loopsElse = bits();
  literal.forEach((c, t) => {
    if (c === -1) return set(intoAny, t + 1);
    let b = into.get(c);
    if (!b) into.set(c, (b = bits()));
    set(b, t + 1);
  });
  for (let j = 0; j <= tokens; j++) {
    if (loopAny[j]) set(loopsOnSlash, j);
    if (loopAny[j] || loopSegment[j]) set(loopsElse, j);
  }
  const hasLoop = loopsElse.some((w) => w !== 0);
  let now = bits();
  let next = bits();
  const none = bits();
  return {
    source: glob,
    test(text) {
      if (text.length < tokens || (!hasLoop && text.length !== tokens)) return false;
      now.fill(0);
      now[0] = 1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const lit = into.get(c) ?? none;
        const loops = c === SLASH ? loopsOnSlash : loopsElse;
        let carry = 0;
        let alive = 0;
        for (let w = 0; w < words; w++) {
          const d = now[w]!;
          const moved = ((d << 1) | carry) & (lit[w]! | (c === SLASH ? 0 : intoAny[w]!));
          carry = d >>> 31;
          const v = (moved | (d & loops[w]!)) >>> 0;
          next[w] = v;
          alive |= v;
        }
        if (!alive) return false;
        [now, next] = [next, now];
      }
      return (now[tokens >>> 5]! & (1 << (tokens & 31))) !== 0;
    },
  };
}
