import type { components } from './openapi.generated.js';

type Schemas = components['schemas'];

export type AssetIn = Schemas['Asset'];
export type LabelIn = Schemas['Label'];
export type StoredAsset = Schemas['StoredAsset'];
export type StoredLabel = Schemas['StoredLabel'];
export type StoredProgram = Schemas['Program'];
export type StoredEvent = Schemas['StoredEvent'];
export type StoredStatus = Schemas['ProgramStatus'];
export type StoredBaseGraph = Schemas['StoredBaseGraph'];
export type StoredUserGraph = Schemas['StoredUserGraph'];

/**
 * An `actionhub-key`. Without `program_id` it is an admin key, valid for every program (the fixtures'
 * demo key); with one, made by `POST /programs`, it is valid for that program alone.
 */
export interface ApiKey {
  description?: string;
  program_id?: string;
}

/** The one record of the `program` collection (the program's configuration). */
export const PROGRAM_RECORD = 'program';
/** The one record of the `base_graph` collection. */
export const BASE_GRAPH_RECORD = 'base';

/**
 * ActionHub keeps everything per program-id: its configuration, assets, labels, the event store (keyed
 * by the order events were logged: "1", "2", …), its status log (same keys), the base graph and one
 * graph per user. Keys are shared by all programs.
 */
export interface ActionhubData {
  tenant: {
    program: StoredProgram;
    assets: StoredAsset;
    labels: StoredLabel;
    events: StoredEvent;
    status: StoredStatus;
    base_graph: StoredBaseGraph;
    user_graphs: StoredUserGraph;
  };
  shared: { keys: ApiKey };
}
