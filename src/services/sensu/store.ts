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

export interface Secret {
  value: string;
}

/** Sensu keeps assets per namespace; users, namespaces, the access list and the signing key are cluster-wide. */
export interface SensuData {
  tenant: { assets: StoredAsset };
  shared: { users: User; namespaces: Namespace; access_list: AccessEntry; secrets: Secret };
}
