import { DocumentError } from './document-error.js';
import { walkDocument } from './upgrade.js';

/**
 * What a document may say that its consumers here cannot read as written, made readable in place (on the
 * bundled form): path items that `$ref` other path items (the validator resolves only schema refs), and
 * `pattern`s that are ECMAScript regexps without the `u` flag but not with it (Ajv compiles with `u`).
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function pointerTarget(doc: Json, ref: string): unknown {
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    at = isObject(at) ? at[key] : undefined;
  }
  return at;
}

/** A path item that is `{"$ref": "#/…"}` becomes a copy of what it names (its operations renamed later). */
export function inlinePathItemRefs(doc: Json, file: string): void {
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    let target: unknown = item;
    for (let hops = 0; isObject(target) && typeof target['$ref'] === 'string'; hops++) {
      const ref = target['$ref'];
      if (hops > 8 || !ref.startsWith('#/')) throw new DocumentError(`${file}: path ${path}: $ref '${ref}' cannot be followed`);
      target = pointerTarget(doc, ref);
    }
    if (target === item) continue;
    if (!isObject(target)) throw new DocumentError(`${file}: path ${path}: its $ref names no path item`);
    const copy = structuredClone(target);
    // The copy's operations get names of their own: an operationId is unique in a document.
    for (const op of Object.values(copy)) if (isObject(op)) delete op['operationId'];
    paths[path] = copy;
  }
}

/** The pattern with what only the `u` flag refuses made explicit: lone braces escaped, needless escapes dropped. */
function withUnicode(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      // Identity escapes of characters that are not syntax characters are errors with `u`.
      out += /[A-Za-z0-9^$\\.*+?()[\]{}|/]/.test(next) || (inClass && next === '-') ? c + next : next;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (quantifier && out !== '' && !/[|(]$/.test(out)) {
        out += quantifier[0];
        i += quantifier[0].length - 1;
      } else out += '\\{';
    } else out += c === '}' ? '\\}' : c;
  }
  return out;
}

const compiles = (pattern: string, flags: string) => {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
};

/** Every schema `pattern` made valid with the `u` flag, meaning what it meant without it; a pattern neither way valid refuses the document. */
export function unicodePatterns(doc: Json, file: string): void {
  walkDocument(doc, (schema) => {
    const pattern = schema['pattern'];
    if (typeof pattern !== 'string' || compiles(pattern, 'u')) return;
    const rewritten = withUnicode(pattern);
    if (!compiles(pattern, '') || !compiles(rewritten, 'u')) throw new DocumentError(`${file}: pattern '${pattern}' is not a valid regular expression`);
    schema['pattern'] = rewritten;
  });
}
