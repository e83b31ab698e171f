import { compileMatcher } from '../match.js';
import { matchable, type RawEntry } from './entry.js';
import type { JournalFilter } from './query.js';

export type { JournalFilter };

/** A predicate for a filter, compiled once (its `limit` is the caller's to apply). */
export function accepts(f: JournalFilter): (e: RawEntry) => boolean {
  const m = compileMatcher(f);
  const since = f.since === undefined ? undefined : Date.parse(f.since);
  return (e) =>
    (f.sandbox === undefined || e.sandbox === f.sandbox) &&
    (f.unmatched === undefined || e.matched === !f.unmatched) &&
    (since === undefined || e.at >= since) &&
    m(matchable(e));
}
