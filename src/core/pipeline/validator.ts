import type { IncomingHttpHeaders } from 'node:http';
import type { Application } from 'express';
import type * as EovModule from 'express-openapi-validator';
import type { OpenApiDocument, SpecOperation } from '../boot/spec.js';

/**
 * The request express-openapi-validator is handed: the framework's reading of the request (see
 * pipeline/reading.ts), a plain object and never the node request, so validating (and the validator's
 * coercion of query values) changes nothing a client sent. It reads these fields and no others.
 */
export interface ValidatorRequest {
  method: string;
  url: string;
  originalUrl: string;
  path: string;
  baseUrl: string;
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
  params: Record<string, string>;
  body: unknown;
  /** The Cookie header's pairs, for an operation that declares cookie parameters (else none are checked). */
  cookies: Record<string, string> | undefined;
  app: Application;
  /** What the validator's route lookup leaves for its request validation (its `req.openapi`). */
  openapi?: RouteMetadata;
}

/** The part of the validator's `req.openapi` that depends only on the operation. */
interface RouteMetadata {
  expressRoute: string;
  openApiRoute: string;
  pathParams: Record<string, string>;
  schema: { operationId?: string };
  serial: number;
}

type Connect = (req: ValidatorRequest, res: object, next: (err?: unknown) => void) => unknown;

/** Runs connect-style handlers in order as one promise; rejects with the first error. */
function runChain(chain: readonly Connect[], req: ValidatorRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return reject(err);
      const h = chain[i++];
      if (!h) return resolve();
      try {
        const r = h(req, {}, step);
        if (r instanceof Promise) r.catch(step);
      } catch (e) {
        step(e);
      }
    };
    step();
  });
}

function decodeAll(raw: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  try {
    for (const k in raw) out[k] = decodeURIComponent(raw[k]!);
  } catch {
    return undefined;
  }
  return out;
}

/** Validates a reading against its operation; rejects with the validator's own error. */
export interface SpecValidator {
  (req: ValidatorRequest, operation: SpecOperation, rawParams: Readonly<Record<string, string>>): Promise<void>;
  /** Whether requests for this operation take the short way (the route metadata is known). */
  shortFor(operationId: string): boolean;
}

/** The chain express-openapi-validator 5.6 builds with these options (pinned by test/core/validator-adapter.test.ts). */
export const EXPECTED_CHAIN = 'pathParamsMiddleware,metadataMiddleware,securityMiddleware,requestMiddleware';

/**
 * express-openapi-validator over one service's spec, through its public `middleware()` options only,
 * but for one seam it lacks: validating a request whose operation is already known. Its chain first
 * finds the route again (every route's regexp compiled and tried in turn), which Standin's edge has done
 * and which was a large share of a read's cost (bench/README.md). So the first request of an operation
 * runs the whole chain and keeps the route metadata the validator left; later ones hand that to the
 * chain's last handler alone. A path parameter that does not decode always takes the whole chain
 * (the validator answers it itself). The test pins the chain's shape at the installed version; if it
 * changes, the whole chain runs every time (slower, still right).
 */
export async function specValidator(document: OpenApiDocument): Promise<SpecValidator> {
  const OpenApiValidator: typeof EovModule = await import('express-openapi-validator');
  // The validator matches paths against the URL it is given: with the real `servers` kept, it would
  // validate nothing. Matching on the path below the mount from '/' makes it work under any prefix or port.
  const apiSpec = { ...structuredClone(document), servers: [{ url: '/' }] };
  const chain = OpenApiValidator.middleware({
    apiSpec: apiSpec as unknown as Parameters<typeof EovModule.middleware>[0]['apiSpec'],
    validateApiSpec: false,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: false,
    validateSecurity: false,
    useRequestUrl: true,
    fileUploader: false,
  }) as unknown as Connect[];
  const requestOnly = chain.map((f) => f.name).join() === EXPECTED_CHAIN ? [chain[3]!] : undefined;
  const routes = new Map<string, Omit<RouteMetadata, 'pathParams'>>();

  const validate = async (req: ValidatorRequest, operation: SpecOperation, rawParams: Readonly<Record<string, string>>): Promise<void> => {
    const route = requestOnly && routes.get(operation.operationId);
    const pathParams = route && decodeAll(rawParams);
    if (route && pathParams) {
      req.openapi = { ...route, pathParams };
      req.params = pathParams;
      return runChain(requestOnly, req);
    }
    try {
      await runChain(chain, req);
    } finally {
      const found = req.openapi;
      // Kept only when the validator found the very operation Standin routed to.
      if (requestOnly && found?.schema.operationId === operation.operationId) {
        routes.set(operation.operationId, { expressRoute: found.expressRoute, openApiRoute: found.openApiRoute, schema: found.schema, serial: found.serial });
      }
    }
  };
  return Object.assign(validate, { shortFor: (operationId: string) => routes.has(operationId) });
}
