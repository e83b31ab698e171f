import type { Request, Response } from 'express';
import type * as EovModule from 'express-openapi-validator';
import type { OpenApiRequestMetadata } from 'express-openapi-validator/dist/framework/types.js';
import type { LoadedService } from '../boot/runtime.js';
import type { SpecOperation } from '../boot/spec.js';

type Connect = (req: Request, res: Response, next: (err?: unknown) => void) => unknown;
type OpenApiRequest = Request & { openapi?: OpenApiRequestMetadata };

/** Runs connect-style handlers in order as one promise; rejects with the first error. */
function runChain(chain: Connect[], req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return reject(err);
      const h = chain[i++];
      if (!h) return resolve();
      try {
        const r = h(req, res, step);
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

/** Validates a request against its operation in the spec; rejects with the validator's error. */
export type SpecValidator = (req: Request, res: Response, operation: SpecOperation, rawParams: Readonly<Record<string, string>>) => Promise<void>;

// The chain express-openapi-validator 5 builds with our options; the shortcut relies on it.
const EXPECTED_CHAIN = 'pathParamsMiddleware,metadataMiddleware,securityMiddleware,requestMiddleware';

/**
 * express-openapi-validator over one service's spec. Its chain first finds the request's route again
 * (metadata: every route's regexp tried in turn), which Standin's own routing has done already and
 * which was a large share of a read's cost (bench/README.md). So the first request of an operation
 * runs the whole chain and keeps the route the validator found; later ones set that route themselves
 * and run only its request validation. A path parameter that does not decode (which the validator
 * answers with its own error) always takes the whole chain.
 */
export async function specValidator(svc: LoadedService): Promise<SpecValidator> {
  const OpenApiValidator: typeof EovModule = await import('express-openapi-validator');
  // The validator matches paths against the URL it is given: with the real `servers` kept, it would
  // validate nothing. Matching on req.url from '/' makes it work under any mount prefix or port.
  const apiSpec = { ...structuredClone(svc.spec.document), servers: [{ url: '/' }] };
  const chain = OpenApiValidator.middleware({
    apiSpec: apiSpec as unknown as Parameters<typeof EovModule.middleware>[0]['apiSpec'],
    validateApiSpec: false,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: false,
    validateSecurity: false,
    useRequestUrl: true,
    fileUploader: false,
  }) as Connect[];
  const requestOnly = chain.map((f) => f.name).join() === EXPECTED_CHAIN ? [chain[3]!] : undefined;
  const routes = new Map<string, Omit<OpenApiRequestMetadata, 'pathParams'>>();

  return async (req: OpenApiRequest, res, operation, rawParams) => {
    const route = requestOnly && routes.get(operation.operationId);
    const pathParams = route && decodeAll(rawParams);
    if (route && pathParams) {
      req.openapi = { ...route, pathParams };
      req.params = pathParams;
      return runChain(requestOnly, req, res);
    }
    try {
      await runChain(chain, req, res);
    } finally {
      const found = req.openapi;
      // Kept only when the validator found the very operation Standin routed to.
      if (requestOnly && found?.schema?.operationId === operation.operationId) {
        routes.set(operation.operationId, { expressRoute: found.expressRoute, openApiRoute: found.openApiRoute, schema: found.schema, serial: found.serial });
      }
    }
  };
}
