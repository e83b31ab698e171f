import type { Request, Response } from 'express';
import getRawBody from 'raw-body';
import { ServiceError } from './problems.js';
import type { BodyOptions } from '../service/module.js';
import type { SpecOperation } from '../boot/spec.js';

const hasRequestBody = (_req: Request, operation: SpecOperation): boolean => operation.operation.requestBody !== undefined;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Raw bytes of the request body, kept for services that word errors from them. */
declare module 'express-serve-static-core' {
  interface Request {
    rawBody?: Buffer;
  }
}

/** Reads the body; undefined (nothing to wait for) when there is none to read. */
export type BodyReader = (req: Request, res: Response) => Promise<void> | undefined;

/**
 * Reads the body (bounded) and, for a JSON content type, parses it with the service's parser.
 * Afterwards `req.body` is the parsed value, the text of a non-JSON body, or undefined when empty.
 * Bad UTF-8 and bad JSON become `malformed_body` problems for the service's mapper.
 */
export function bodyReader(options: BodyOptions = {}): BodyReader {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT;
  const isJson = options.isJson ?? isJsonMediaType;
  const parse = options.parse ?? ((text: string) => JSON.parse(text) as unknown);
  const decoder = options.lenientUtf8 ? lenientDecoder : strictDecoder;
  const read = async (req: Request, length: string | undefined): Promise<void> => {
    const bytes = await getRawBody(req, { limit, length });
    if (bytes.length === 0) return;
    req.rawBody = bytes;
    // Only a body that is to be parsed as JSON must be UTF-8; any other is text for the service to judge.
    if (!isJson(req.headers['content-type'], req)) {
      req.body = lenientDecoder.decode(bytes);
      return;
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (error) {
      throw new ServiceError({ kind: 'malformed_body', reason: 'encoding', text: bytes.toString('latin1'), error });
    }
    try {
      req.body = parse(text);
    } catch (error) {
      throw new ServiceError({ kind: 'malformed_body', reason: 'syntax', text, error });
    }
  };
  return (req, res) => {
    const operation = res.locals.standin?.operation;
    const wanted = operation ? (options.read ?? hasRequestBody)(req, operation) : true;
    req.body = undefined;
    if (!wanted) return undefined;
    // Bytes as sent: none of the real services inflates a Content-Encoding'd request body either.
    const length = req.headers['content-length'];
    if (length === undefined && req.headers['transfer-encoding'] === undefined) return undefined;
    return read(req, length);
  };
}
