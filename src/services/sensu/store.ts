/** An asset as Sensu stores it (protobuf: empty lists and maps come back null / omitted). */
export interface StoredAsset {
  url: string;
  sha512: string;
  filters: string[] | null;
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  headers: Record<string, string> | null;
}

export interface User {
  password: string;
  groups: string[];
  disabled?: boolean;
}

export interface Namespace {
  name: string;
}

/** A token id (`jti`) in the access list; a token whose id is missing here is revoked. */
export interface AccessEntry {
  sub: string;
  kind: 'access' | 'refresh';
  /** Unix seconds; refresh tokens do not expire in 5.x. */
  exp?: number;
}

/**
 * What `/health` answers, as the etcd member list and alarm list would give it (uint64 ids as decimal
 * strings, so they survive JSON). Null lists are written as null; a null `ClusterHealth` is 5.11's
 * answer when the member list cannot be read.
 */
export interface ClusterHealthRecord {
  Alarms: { memberID: string; alarm: number }[] | null;
  ClusterHealth: { MemberID: string; Name: string; Err: string; Healthy: boolean }[] | null;
  Header: { cluster_id: string; member_id: string; revision?: number; raft_term: number } | null;
}

export interface Secret {
  value: string;
}

/** Sensu keeps assets per namespace; users, namespaces, the access list, the signing key and the cluster's health are cluster-wide. */
export interface SensuData {
  tenant: { assets: StoredAsset };
  shared: { users: User; namespaces: Namespace; access_list: AccessEntry; secrets: Secret; cluster: ClusterHealthRecord };
}
