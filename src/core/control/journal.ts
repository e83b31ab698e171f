// Transitional: the journal is the folder control/journal/. Only control/front.ts still imports this
// path; delete this file once it imports './journal/index.js'.
export * from './journal/index.js';
