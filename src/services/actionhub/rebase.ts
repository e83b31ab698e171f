import type { CollectionsReader, CollectionsWriter } from '../../core/state/service-store.js';
import { programId } from './page.js';
import { pyIsoformat } from './py-datetime.js';
import type { ActionhubHandler } from './request.js';
import { BASE_GRAPH_RECORD, PROGRAM_RECORD, type ActionhubData, type StoredStatus } from './store.js';
import { eventIndex, userGraph } from './graphs.js';
import { notFound } from './errors.js';

/**
 * The program's status log (ASSUMED ids but for the `program_user_graph` prefix and
 * `program_user_graph_complete`, which the Shopify client waits for). A rebase does its work before it
 * answers, so it logs its four steps at once and the first poll already sees it complete — whether
 * Standin's clock runs or is frozen.
 */
type Step = [statusId: string, message: string];

function logStatus(t: CollectionsWriter<ActionhubData['tenant']>, logged: CollectionsReader<ActionhubData['tenant']>, program: string, at: string, steps: Step[]): void {
  let key = logged.count('status');
  for (const [status_id, message] of steps) {
    do key++;
    while (logged.has('status', String(key)));
    const entry: StoredStatus = { program_id: program, status_id, message, ts_logged: at };
    t.put('status', String(key), entry);
  }
}

/** Rebuilds the base graph from every event so far, then every user's graph, with the configuration in force now. */
export const rebaseModels: ActionhubHandler = async (_req, ex) => {
  const program = programId(ex);
  const t = ex.store.tenant(program);
  const index = eventIndex(ex, program);
  const seen = index.stored.length;
  const users = [...index.byUser.keys()];
  const config = t.get('program', PROGRAM_RECORD);
  const at = pyIsoformat(ex.clock.nowMs());
  await ex.store.write((tx) => {
    const w = tx.tenant(program);
    w.put('base_graph', BASE_GRAPH_RECORD, {
      rebased_at: at,
      events_seen: seen,
      high_engagement_threshold: config?.high_engagement_threshold ?? null,
      event_relevance_decay: config?.event_relevance_decay ?? null,
      action_weight_floor: config?.action_weight_floor ?? null,
    });
    for (const user of users) w.put('user_graphs', user, userGraph(ex, user, seen));
    logStatus(w, t, program, at, [
      ['program_base_graph_started', `Rebuilding the base graph from ${seen} events`],
      ['program_base_graph_complete', `Base graph rebuilt from ${seen} events of ${users.length} users`],
      ['program_user_graph_started', `Regenerating the graphs of ${users.length} users`],
      ['program_user_graph_complete', `User graphs regenerated for ${users.length} users`],
    ]);
  });
  return { status: 200, json: { result: 'rebase started' } };
};

export const getProgramStatus: ActionhubHandler = (_req, ex) => {
  const program = programId(ex);
  const log = ex.store.tenant(program).values('status');
  const latest = log[log.length - 1];
  if (!latest) throw notFound('Program status not found');
  return { status: 200, json: latest };
};

/** Drops what rebases and event processing derived; the program, assets, labels and events stay. */
export const resetModels: ActionhubHandler = async (_req, ex) => {
  const program = programId(ex);
  const t = ex.store.tenant(program);
  const graphs = t.values('user_graphs');
  await ex.store.write((tx) => {
    const w = tx.tenant(program);
    w.delete('base_graph', BASE_GRAPH_RECORD);
    for (const g of graphs) w.delete('user_graphs', g.user_id);
    logStatus(w, t, program, pyIsoformat(ex.clock.nowMs()), [['program_reset_complete', 'Processing data sets cleared; rebase the program to rebuild them']]);
  });
  return { status: 200, json: { result: 'program reset' } };
};
