import { compileMatcher, type Matchable } from '../match.js';
import { matchable, type JournalEntry, type RawEntry } from './entry.js';
import type { JournalFilter } from './query.js';

export type { JournalFilter };

/** What a filter reads of an entry, recorded here or stored by another instance. */
interface Filterable {
  sandbox: string;
  matched: boolean;
  at: number;
  matchable: () => Matchable;
}

function compile(f: JournalFilter): (e: Filterable) => boolean {
  const m = compileMatcher(f);
  const since = f.since === undefined ? undefined : Date.parse(f.since);
  return (e) =>
    (f.sandbox === undefined || e.sandbox === f.sandbox) &&
    (f.unmatched === undefined || e.matched === !f.unmatched) &&
    (since === undefined || e.at >= since) &&
    m(e.matchable());
}

/** A predicate for a filter, compiled once (its `limit` is the caller's to apply). */
export function accepts(f: JournalFilter): (e: RawEntry) => boolean {
  const test = compile(f);
  return (e) => test({ sandbox: e.sandbox, matched: e.matched, at: e.at, matchable: () => matchable(e) });
}

/** The same predicate over entries as the admin API shows them, with what matchers read besides (a shared journal's rows). */
export function acceptsView(f: JournalFilter): (v: JournalEntry, m: () => Matchable) => boolean {
  const test = compile(f);
  return (v, m) => test({ sandbox: v.sandbox, matched: v.matched, at: Date.parse(v.timestamp), matchable: m });
}
