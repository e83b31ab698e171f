import type { IncomingHttpHeaders } from 'node:http';
import type { OpenApiDocument, SpecOperation } from '../boot/spec.js';

/** A security scheme as a document declares it (the fields that say where the credential goes). */
interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
  scheme?: string;
}

/** What a request must carry for one scheme, and the challenge a 401 names for it (http schemes). */
interface Credential {
  scheme: string;
  present: (headers: IncomingHttpHeaders, query: Readonly<Record<string, unknown>>) => boolean;
  challenge: string | undefined;
}

/** The schemes of one requirement, all needed; an empty requirement lets anyone in. */
type Requirement = Credential[];

/** Why a request was refused: the schemes it could have used and the challenges for `WWW-Authenticate`. */
export interface SecurityFailure {
  kind: 'unauthorized';
  /** Each alternative, as the names of the schemes it needs together. */
  alternatives: string[][];
  challenges: string[];
}

function cookieNamed(headers: IncomingHttpHeaders, name: string): boolean {
  const cookie = headers['cookie'];
  if (typeof cookie !== 'string') return false;
  return cookie.split(';').some((part) => {
    const eq = part.indexOf('=');
    return eq > 0 && part.slice(0, eq).trim() === name && part.slice(eq + 1).trim() !== '';
  });
}

function authorization(headers: IncomingHttpHeaders, scheme: string): boolean {
  const value = headers['authorization'];
  if (typeof value !== 'string') return false;
  const space = value.indexOf(' ');
  return space > 0 && value.slice(0, space).toLowerCase() === scheme && value.slice(space + 1).trim() !== '';
}

function credentialFor(name: string, s: SecurityScheme): Credential {
  const keyName = s.name ?? '';
  if (s.type === 'apiKey') {
    if (s.in === 'query') return { scheme: name, challenge: undefined, present: (_h, q) => q[keyName] !== undefined && q[keyName] !== '' };
    if (s.in === 'cookie') return { scheme: name, challenge: undefined, present: (h) => cookieNamed(h, keyName) };
    const header = keyName.toLowerCase();
    return { scheme: name, challenge: undefined, present: (h) => typeof h[header] === 'string' && h[header] !== '' };
  }
  if (s.type === 'http') {
    const scheme = (s.scheme ?? 'bearer').toLowerCase();
    const challenge = scheme === 'basic' ? 'Basic realm="*"' : scheme === 'bearer' ? 'Bearer' : `${scheme[0]!.toUpperCase()}${scheme.slice(1)} realm="*"`;
    return { scheme: name, challenge, present: (h) => authorization(h, scheme) };
  }
  // oauth2 and openIdConnect: a bearer token, whatever its value.
  return { scheme: name, challenge: 'Bearer', present: (h) => authorization(h, 'bearer') };
}

/**
 * The security an operation declares (its own, else the document's), compiled once: a list of
 * alternatives, each a list of schemes needed together. Any value of a credential is accepted.
 */
export class SecurityCheck {
  private readonly byOperation = new Map<string, Requirement[]>();

  constructor(document: OpenApiDocument, operations: SpecOperation[]) {
    const schemes = (document.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
    for (const op of operations) {
      const declared = (op.operation.security ?? document.security ?? []) as Record<string, string[]>[];
      const alternatives = declared.map((req) => Object.keys(req).filter((n) => schemes[n]).map((n) => credentialFor(n, schemes[n]!)));
      this.byOperation.set(op.operationId, alternatives);
    }
  }

  /** Undefined when the request carries what one alternative needs (or none is declared). */
  check(op: SpecOperation, headers: IncomingHttpHeaders, query: Readonly<Record<string, unknown>>): SecurityFailure | undefined {
    const alternatives = this.byOperation.get(op.operationId) ?? [];
    if (!alternatives.length || alternatives.some((all) => all.every((c) => c.present(headers, query)))) return undefined;
    const challenges = [...new Set(alternatives.flat().flatMap((c) => (c.challenge ? [c.challenge] : [])))];
    return { kind: 'unauthorized', alternatives: alternatives.map((all) => all.map((c) => c.scheme)), challenges };
  }
}
