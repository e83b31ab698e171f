/** A refused option, from the command line or from startStandin(): one clear line naming it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
