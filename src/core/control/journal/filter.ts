import { compileMatcher, type RequestMatcher } from '../match.js';
import { matchable, type RawEntry } from './entry.js';

/** Which entries a journal query or stream wants: a matcher, plus sandbox, time and matched/unmatched. */
export interface JournalFilter extends RequestMatcher {
  sandbox?: string;
  since?: string;
  limit?: number;
  unmatched?: boolean;
}

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
