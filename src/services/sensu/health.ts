import type { Handler, WireResponse } from '../../core/service/module.js';
import type { ClusterHealthRecord, SensuData } from './store.js';
import { GoRaw, goMarshal } from './go-json.js';
import { limitRequestQuery } from './limit-request.js';

/** The 5.11 docs' example cluster (api/health.md): one embedded etcd member, healthy, no alarms. */
export const DOCS_CLUSTER: ClusterHealthRecord = {
  Alarms: null,
  ClusterHealth: [{ MemberID: '9882886658148554927', Name: 'default', Err: '', Healthy: true }],
  Header: { cluster_id: '4255616304056076734', member_id: '9882886658148554927', raft_term: 26 },
};

/**
 * `<version>#<7 characters of the build SHA>` (5.11.0 version/version.go Semver), for a build of the
 * 5.11.0 tag's commit; etcd as 5.11.0's Gopkg.lock pins it, its cluster version major.minor.0.
 */
export const VERSION = { etcd: { etcdserver: '3.3.13', etcdcluster: '3.3.0' }, sensu_backend: '5.11.0#dd8f160' } as const;

const SNIFFED = 'text/plain; charset=utf-8';

/** json.NewEncoder(w).Encode with no Content-Type set: Go sniffs text/plain and the encoder adds a newline. */
function encoded(value: unknown): WireResponse {
  return { status: 200, raw: `${goMarshal(value)}\n`, contentType: SNIFFED };
}

const uint = (decimal: string) => new GoRaw(decimal);

/** The record in Go's field order, omitempty where etcd's protobuf header has it; ids as JSON numbers. */
function wireHealth(h: ClusterHealthRecord): unknown {
  const header = h.Header;
  return {
    Alarms: h.Alarms?.map((a) => ({ ...(a.memberID !== '0' ? { memberID: uint(a.memberID) } : {}), ...(a.alarm ? { alarm: a.alarm } : {}) })) ?? null,
    ClusterHealth: h.ClusterHealth?.map((m) => ({ MemberID: uint(m.MemberID), Name: m.Name, Err: m.Err, Healthy: m.Healthy })) ?? null,
    Header: header && {
      ...(header.cluster_id !== '0' ? { cluster_id: uint(header.cluster_id) } : {}),
      ...(header.member_id !== '0' ? { member_id: uint(header.member_id) } : {}),
      ...(header.revision ? { revision: header.revision } : {}),
      ...(header.raft_term ? { raft_term: header.raft_term } : {}),
    },
  };
}

/** GET /health (5.11.0 backend/apid/routers/health.go): no auth, LimitRequest only, always 200. */
export const getHealth: Handler<SensuData> = (_req, ctx) => {
  limitRequestQuery(ctx);
  return encoded(wireHealth(ctx.store.shared.get('cluster', 'health') ?? DOCS_CLUSTER));
};

/** GET /version (5.11.0 backend/apid/routers/version.go). */
export const getVersion: Handler<SensuData> = (_req, ctx) => {
  limitRequestQuery(ctx);
  return encoded(VERSION);
};
