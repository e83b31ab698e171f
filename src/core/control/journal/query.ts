import type { RequestMatcher } from '../match.js';

/** Which entries a journal query or stream wants: a matcher, plus sandbox, time and matched/unmatched. */
export interface JournalFilter extends RequestMatcher {
  sandbox?: string;
  since?: string;
  limit?: number;
  unmatched?: boolean;
}
