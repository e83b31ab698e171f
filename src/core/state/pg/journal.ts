import type pg from 'pg';
import { storedMatch, storedMatchable, view, type JournalEntry, type RawEntry, type StoredMatch } from '../../control/journal/entry.js';
import { acceptsView, type JournalFilter } from '../../control/journal/filter.js';
import type { SharedJournal } from '../../control/shared.js';

/** Inserts hold it shared until they commit; a read takes it once, exclusively, so it waits for the inserts under way. */
const JOURNAL_LOCK = 0x5374_6a6e;

const INSERT = `
WITH held AS (SELECT pg_advisory_xact_lock_shared(${JOURNAL_LOCK}))
INSERT INTO standin_journal (sandbox, entry, match)
SELECT d.sandbox, d.entry, d.match FROM held, unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS d(sandbox, entry, match, n) ORDER BY d.n`;

/** The newest `$1` entries of every instance (the journal's bound), then the sandbox's among them. */
const NEWEST = 'SELECT entry, match FROM (SELECT * FROM standin_journal ORDER BY ord DESC LIMIT $1) j WHERE $2::text IS NULL OR sandbox = $2 ORDER BY ord DESC';

interface Queued {
  sandbox: string;
  entry: string;
  match: string;
  written: () => void;
}

/**
 * The journal every instance writes to (table `standin_journal`): each entry as the admin API shows it
 * (masked), with what matchers read besides it (secrets as digests under the key the instances share).
 * Entries are queued as they are recorded and inserted in a batch on the next turn of the event loop;
 * a read first writes this instance's queue and waits for every instance's inserts under way, so it
 * sees each request answered (and written) before it. Bounded like the in-memory journal: reads see the
 * newest `size` entries, and older rows are deleted as new ones come in.
 */
export class PgJournal implements SharedJournal {
  private queue: Queued[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private sinceTrim = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly size: number,
    private readonly warn: (message: string) => void,
  ) {}

  record(e: RawEntry): Promise<void> {
    if (this.size <= 0) return Promise.resolve();
    const written = new Promise<void>((resolve) => this.queue.push({ sandbox: e.sandbox, entry: JSON.stringify(view(e)), match: JSON.stringify(storedMatch(e)), written: resolve }));
    if (this.scheduled || this.writing) return written;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writing = this.drain().finally(() => (this.writing = undefined));
    });
    return written;
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.pool.query(INSERT, [batch.map((q) => q.sandbox), batch.map((q) => q.entry), batch.map((q) => q.match)]);
        this.sinceTrim += batch.length;
        if (this.sinceTrim * 4 >= this.size) await this.trim();
      } catch (e) {
        this.warn(`${batch.length} journal entries could not be written to the shared journal: ${(e as Error).message}`);
      }
      for (const q of batch) q.written(); // an answer waits for its entry, never for ever
    }
  }

  /** Deletes the rows past the newest `size`. */
  private async trim(): Promise<void> {
    this.sinceTrim = 0;
    await this.pool.query('DELETE FROM standin_journal WHERE ord <= (SELECT ord FROM standin_journal ORDER BY ord DESC OFFSET $1 LIMIT 1)', [this.size]);
  }

  /** Resolves once every entry recorded so far is written. */
  async flush(): Promise<void> {
    while (this.writing || this.scheduled || this.queue.length) {
      if (this.writing) await this.writing;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  private async newest(sandbox: string | undefined): Promise<{ v: JournalEntry; m: () => ReturnType<typeof storedMatchable> }[]> {
    await this.flush();
    await this.pool.query('SELECT pg_advisory_xact_lock($1)', [JOURNAL_LOCK]);
    const { rows } = await this.pool.query<{ entry: string; match: string }>(NEWEST, [Math.max(this.size, 0), sandbox ?? null]);
    return rows.map((r) => {
      const v = JSON.parse(r.entry) as JournalEntry;
      return { v, m: () => storedMatchable(v, JSON.parse(r.match) as StoredMatch) };
    });
  }

  async find(f: JournalFilter): Promise<JournalEntry[]> {
    const accept = acceptsView(f);
    const out: JournalEntry[] = [];
    for (const { v, m } of await this.newest(f.sandbox)) {
      if (f.limit !== undefined && out.length >= f.limit) break;
      if (accept(v, m)) out.push(v);
    }
    return out;
  }

  async count(f: JournalFilter): Promise<number> {
    const accept = acceptsView(f);
    return (await this.newest(f.sandbox)).filter(({ v, m }) => accept(v, m)).length;
  }

  async clear(sandbox?: string): Promise<number> {
    await this.flush();
    await this.pool.query('SELECT pg_advisory_xact_lock($1)', [JOURNAL_LOCK]);
    await this.trim();
    const { rowCount } = await this.pool.query('DELETE FROM standin_journal WHERE $1::text IS NULL OR sandbox = $1', [sandbox ?? null]);
    return rowCount ?? 0;
  }
}
