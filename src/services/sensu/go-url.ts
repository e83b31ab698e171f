/**
 * Whether Go 1.12's `url.Parse` accepts a string, and the scheme it reads (lower-cased). Sensu 5.11's
 * asset validation only needs the yes/no and the scheme (5.11.0 types/asset.go Validate: the URL must parse and be http or https).
 */
export function goUrlParse(raw: string): { ok: true; scheme: string } | { ok: false } {
  const fail = { ok: false } as const;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return fail; // "net/url: invalid control character in URL"
  const hash = raw.indexOf('#');
  const fragment = hash === -1 ? '' : raw.slice(hash + 1);
  let rest = hash === -1 ? raw : raw.slice(0, hash);
  if (!validEscapes(fragment)) return fail;
  if (rest === '*') return { ok: true, scheme: '' };

  let scheme = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return fail; // "missing protocol scheme"
      scheme = rest.slice(0, i).toLowerCase();
      rest = rest.slice(i + 1);
    }
    break;
  }
  const q = rest.indexOf('?');
  if (q !== -1) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme) return { ok: true, scheme }; // opaque, e.g. mailto:x
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon !== -1 && (slash === -1 || colon < slash)) return fail; // "first path segment in URL cannot contain colon"
  }
  if (rest.startsWith('//') && (scheme || !rest.startsWith('///'))) {
    const after = rest.slice(2);
    const slash = after.indexOf('/');
    const authority = slash === -1 ? after : after.slice(0, slash);
    rest = slash === -1 ? '' : after.slice(slash);
    const at = authority.lastIndexOf('@');
    const userinfo = at === -1 ? '' : authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo) || !validEscapes(userinfo)) return fail;
    if (!validHost(at === -1 ? authority : authority.slice(at + 1))) return fail;
  }
  return validEscapes(rest) ? { ok: true, scheme } : fail;
}

function validEscapes(s: string): boolean {
  for (let i = s.indexOf('%'); i !== -1; i = s.indexOf('%', i + 1)) {
    if (!/^%[0-9a-fA-F]{2}/.test(s.slice(i, i + 3))) return false;
  }
  return true;
}

function validHost(host: string): boolean {
  let name = host;
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close === -1) return false; // "missing ']' in host"
    const after = host.slice(close + 1);
    if (after !== '' && !/^:\d*$/.test(after)) return false; // invalid port after host
    return validEscapes(host.slice(1, close));
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1) {
    if (!/^\d*$/.test(host.slice(colon + 1))) return false; // invalid port
    name = host.slice(0, colon);
  }
  // Characters Go refuses in a host name (shouldEscape in encodeHost mode, ASCII only).
  return validEscapes(name) && !/[ "#%<>\\^`{|}]/.test(name.replace(/%[0-9a-fA-F]{2}/g, ''));
}
