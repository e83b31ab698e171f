/** The request journal: what every service was asked and answered, bounded, masked, queried and streamed. */
export { Journal } from './ring.js';
export { BODY_CAP, keptBody, view, type JournalEntry, type RawEntry } from './entry.js';
/** The multipart form a service parsed itself, as the exchange carries it to the journal. */
export type { FormParts } from '../../service/exchange.js';
export type { JournalFilter } from './filter.js';
export { maskHeaderNamed } from './masking.js';
