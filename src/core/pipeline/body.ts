import getRawBody from 'raw-body';
import { ServiceError } from './problems.js';
import type { BodyOptions, Exchange } from '../service/module.js';

const hasRequestBody = (ex: Exchange): boolean => ex.operation?.operation.requestBody !== undefined;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads the body; undefined (nothing to wait for) when there is none to read. */
export type BodyReader = (ex: Exchange) => Promise<void> | undefined;

/**
 * Reads the body (bounded) and, for a JSON content type, parses it with the service's parser.
 * Afterwards `ex.body` is the parsed value, the text of a non-JSON body, or undefined when empty, and
 * `ex.rawBody` the bytes as sent.
 * Bad UTF-8 and bad JSON become `malformed_body` problems for the service's mapper.
 */
export function bodyReader(options: BodyOptions = {}): BodyReader {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT;
  const isJson = options.isJson ?? isJsonMediaType;
  const parse = options.parse ?? ((text: string) => JSON.parse(text) as unknown);
  const decoder = options.lenientUtf8 ? lenientDecoder : strictDecoder;
  const read = async (ex: Exchange, length: string | undefined): Promise<void> => {
    const bytes = await getRawBody(ex.req, { limit, length });
    if (bytes.length === 0) return;
    ex.rawBody = bytes;
    // Only a body that is to be parsed as JSON must be UTF-8; any other is text for the service to judge.
    if (!isJson(ex.req.headers['content-type'], ex)) {
      ex.body = lenientDecoder.decode(bytes);
      return;
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (error) {
      throw new ServiceError({ kind: 'malformed_body', reason: 'encoding', text: bytes.toString('latin1'), error });
    }
    try {
      ex.body = parse(text);
    } catch (error) {
      throw new ServiceError({ kind: 'malformed_body', reason: 'syntax', text, error });
    }
  };
  return (ex) => {
    if (!(options.read ?? hasRequestBody)(ex)) return undefined;
    // Bytes as sent: none of the real services inflates a Content-Encoding'd request body either.
    const length = ex.req.headers['content-length'];
    if (length === undefined && ex.req.headers['transfer-encoding'] === undefined) return undefined;
    return read(ex, length);
  };
}
