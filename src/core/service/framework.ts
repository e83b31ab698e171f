import type { Stage } from './exchange.js';
import type { Exchange } from './exchange.js';
import type { ServiceData } from '../state/service-store.js';

/** How the framework reads the request body. */
export interface BodyOptions<D extends ServiceData = ServiceData, S extends object = object> {
  /** Largest body accepted, in bytes (default 1 MiB). */
  limit?: number;
  /** Whether a body with this Content-Type (undefined: none sent) is parsed as JSON for this request. */
  isJson?: (contentType: string | undefined, ex: Exchange<D, S>) => boolean;
  /** Bytes that are not UTF-8 become U+FFFD (as Go reads them) instead of a `malformed_body` problem. */
  lenientUtf8?: boolean;
  /** Parses JSON text; throws on bad input (the error reaches the mapper in `malformed_body`). Default JSON.parse. */
  parse?: (text: string) => unknown;
  /** Whether to read the body at all (default: when the operation declares a requestBody); unread means absent. */
  read?: (ex: Exchange<D, S>) => boolean;
}

/**
 * How the real service's framework reads a request and in which order it reports problems (FastAPI,
 * Rails with apipie, Go's router and decoder, an API gateway), as data the pipeline follows:
 * `beforeRoute` checks → route → headers and query read → `beforeBody` checks → the body → `afterBody` checks → the reading bound (`bindQuery`,
 * `bindBody`, `bodyMediaType`) → spec validation (in the pipeline, or in the handler) → the handler.
 */
export interface Framework<D extends ServiceData = ServiceData, S extends object = object> {
  /** What the real service runs on, e.g. `FastAPI 0.92 on pydantic v1`. */
  name: string;
  /** Which value of a repeated query parameter the framework reads. */
  repeatedQuery: 'first' | 'last' | 'all';
  /**
   * A header sent more than once: `joined` with ", " (Node's reading, and Rack's), or only the `first`
   * occurrence (Starlette's `headers.get()`, Go's `Header.Get`). Default `joined`.
   */
  repeatedHeader?: 'first' | 'joined';
  body?: BodyOptions<D, S>;
  /**
   * Checks of the request line that come before routing, on every request (e.g. a Go server's refusal of
   * a bad %-escape, gorilla/mux's redirect to the clean path); they throw a ServiceError to answer.
   */
  beforeRoute?: ((ex: Exchange<D, S>) => void)[];
  /** Checks that beat body errors (e.g. auth that runs before the body is read). */
  beforeBody?: Stage<D, S>[];
  /** Checks that body errors beat (e.g. a dependency that runs after the body is parsed). */
  afterBody?: Stage<D, S>[];
  /** Query values as the framework converts them before validation (e.g. Python's int()). */
  bindQuery?: (query: Record<string, unknown>, ex: Exchange<D, S>) => Record<string, unknown>;
  /**
   * The media type a body is decoded as whatever its Content-Type says (FastAPI's model, Go's decoder,
   * Rails' params), for operations that declare a body; default: the request's own Content-Type.
   */
  bodyMediaType?: string;
  /** The body as the framework binds it to the operation (pydantic's coercion, Go's struct, Rails' params). */
  bindBody?: (ex: Exchange<D, S>) => unknown | Promise<unknown>;
  /**
   * `pipeline` (default): a request that fails the spec never reaches the handler. `handler`: it does, and
   * the handler calls `ex.assertValid()` once its own earlier checks (lookups answering 404) are done.
   */
  validation?: 'pipeline' | 'handler';
  /** Whether HEAD is served as the GET it mirrors (default true); false answers it as a wrong method. */
  headAsGet?: boolean;
}
