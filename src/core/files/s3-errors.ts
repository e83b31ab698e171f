import { ServiceError } from '../pipeline/problems.js';
import type { WireResponse } from '../service/exchange.js';
import type { Random } from '../service/random.js';

/** An error as S3 words it: presigned uploads and downloads answer as S3, not as the service that handed them out. */
export interface S3Problem {
  kind: 's3';
  status: number;
  code: string;
  message: string;
  /** The elements S3 puts between Message and RequestId, in order. */
  extra: [string, string][];
}

export const s3Fail = (status: number, code: string, message: string, extra: [string, string][] = []) => new ServiceError<S3Problem>({ kind: 's3', status, code, message, extra });

export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** S3's request ids, in the headers and (for errors) the body alike. */
export function requestIds(ex: { readonly random: Random }): { requestId: string; hostId: string; headers: Record<string, string> } {
  const requestId = ex.random.hex(8).toUpperCase();
  const hostId = ex.random.bytes(56).toString('base64');
  return { requestId, hostId, headers: { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId, Server: 'AmazonS3' } };
}

/** An XML document as S3 sends it: `Content-Type: application/xml`, no charset. */
export const s3Xml = (status: number, xml: string, headers: Record<string, string>): WireResponse => ({ status, headers, raw: XML + xml, contentType: 'application/xml' });

/** S3's error document: what a service's mapper hands every `s3` problem to. */
export function s3ErrorWire(p: S3Problem, ex: { readonly random: Random }): WireResponse {
  const { requestId, hostId, headers } = requestIds(ex);
  const more = p.extra.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
  return s3Xml(p.status, `<Error><Code>${p.code}</Code><Message>${xmlEscape(p.message)}</Message>${more}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`, headers);
}
