import type { CollectionsWriter } from '../../core/state/service-store.js';
import type { HistoryEventType, MediapocketData, StoredTarget } from './store.js';
import { caller, type MediapocketExchange } from './request.js';

/** The shared id sequences: comment, media and event ids, and the internal numbers of assets and collections. */
export type SequenceName = 'comments' | 'media' | 'history' | 'records';

/** A record an event is about: what it is, and its public id and title. */
export type EventTarget = [StoredTarget['target_type'], { id: string; title: string }];

/** One batch of writes to the caller's account, with the ids it draws and the history events it makes. */
export interface AccountWrite {
  readonly account: CollectionsWriter<MediapocketData['tenant']>;
  /** The next id of a shared sequence. */
  next(sequence: SequenceName): number;
  /** Records an event in the history of each of its targets. */
  event(type: HistoryEventType, ...targets: EventTarget[]): void;
}

/**
 * Runs `fn` as one batch in the caller's account: what it puts, the events it records and the sequences
 * it draws from are committed together. Reads see the store, not the batch, so ids drawn here are
 * counted here.
 */
export function writeAccount(ctx: MediapocketExchange, fn: (w: AccountWrite) => void): Promise<void> {
  const user = caller(ctx);
  const stored = ctx.store.tenant(user.account);
  const drawn = new Map<SequenceName, number>();
  const numbers = new Map<string, number>();
  return ctx.store.write((tx) => {
    const account = tx.tenant(user.account);
    const next = (sequence: SequenceName) => {
      const id = drawn.get(sequence) ?? ctx.store.shared.get('sequences', sequence)?.next ?? 1;
      drawn.set(sequence, id + 1);
      return id;
    };
    // A record gets its internal number with its first event (records made before history have none yet).
    const numberOf = (id: string) => {
      let n = numbers.get(id) ?? stored.get('record_numbers', id)?.id;
      if (n === undefined) {
        n = next('records');
        account.put('record_numbers', id, { id: n });
      }
      numbers.set(id, n);
      return n;
    };
    const now = ctx.clock.iso();
    fn({
      account,
      next,
      event: (event_type, ...targets) => {
        const id = next('history');
        const kept = targets.map(([target_type, r]) => ({ target_type, target_id: r.id, number: numberOf(r.id), title: r.title }));
        account.put('history', String(id), { id, user_id: user.id, event_type, created_at: now, targets: kept });
      },
    });
    for (const [sequence, id] of drawn) tx.shared.put('sequences', sequence, { next: id });
  });
}
