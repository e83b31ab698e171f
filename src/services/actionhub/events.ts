import type { operations } from './openapi.generated.js';
import { jsonSafe } from './assets.js';
import { programId } from './page.js';
import type { ActionhubHandler } from './request.js';
import type { StoredEvent } from './store.js';
import { userGraph } from './graphs.js';

type EventList = operations['post_events']['requestBody']['content']['application/json'];

/**
 * Appends the events to the program's event store (keys "1", "2", … in the order logged); with
 * `process_user_actions` (the default) the graphs of the users in the request are regenerated before
 * the answer, whatever `queue_updates` says.
 */
export const postEvents: ActionhubHandler = async (_req, ex) => {
  const { events } = ex.body as EventList;
  const program = programId(ex);
  const logged = ex.store.tenant(program);
  const seen = logged.count('events') + events.length;
  const processUsers = ex.query['process_user_actions'] !== false;
  await ex.store.write((tx) => {
    const t = tx.tenant(program);
    let key = logged.count('events');
    for (const e of events) {
      // A state import may have left gaps: a key is never reused.
      do key++;
      while (logged.has('events', String(key)));
      // event_timestamp is already the UTC isoformat() of the datetime pydantic read.
      const stored: StoredEvent = { user_id: e.user_id, event_timestamp: e.event_timestamp, event_type: e.event_type, asset_id: e.asset_id, labels: jsonSafe(e.labels) as unknown[] };
      t.put('events', String(key), stored);
    }
    if (processUsers) for (const user of new Set(events.map((e) => e.user_id))) t.put('user_graphs', user, userGraph(ex, user, seen));
  });
  return { status: 200, json: { result: `${events.length} events logged` } };
};
