/** The request journal: what every service was asked and answered, bounded, masked, queried and streamed. */
export { Journal } from './ring.js';
export { BODY_CAP, keptBody, view, type FormParts, type JournalEntry, type RawEntry } from './entry.js';
export type { JournalFilter } from './filter.js';
export { maskHeaderNamed } from './masking.js';
