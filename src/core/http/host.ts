import type { IncomingMessage } from 'node:http';

/*
 * The Host header is the client's word, so it is trusted only as far as it must be: it is reflected into
 * URLs (Webflow's uploadUrl, the specs' servers) only when it is a plain host[:port], and, on a
 * connection that came in on a loopback address, only when it names loopback (or the --public-url host):
 * a page whose own name was rebound to 127.0.0.1 (DNS rebinding) sends its own name. Otherwise the
 * address the connection came in on stands in for it.
 */

const HOST = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** A Host header's name without its port, lower-cased (an IPv6 literal keeps its brackets). */
export function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return name.toLowerCase();
}

/** localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Whether the connection came in on a loopback address (as it always does with --host 127.0.0.1). */
export function reachedOnLoopback(req: IncomingMessage): boolean {
  const local = req.socket.localAddress ?? '';
  return local === '::1' || /^(::ffff:)?127\./.test(local);
}

/** The host (with port) of the address the connection came in on, as a URL's authority. */
export function boundHost(req: IncomingMessage): string {
  const local = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '');
  const port = req.socket.localPort;
  const name = local.includes(':') ? `[${local}]` : local;
  return port ? `${name}:${port}` : name;
}

/** The name `--public-url` gives, when given. */
export function publicHostName(publicUrl: string | undefined): string | undefined {
  if (publicUrl === undefined) return undefined;
  try {
    return hostName(new URL(publicUrl).host);
  } catch {
    return undefined;
  }
}

/**
 * Why the request's Host is not one to answer as or reflect (undefined when it is, or when there is none):
 * not a plain host[:port], or, on loopback, not a loopback name nor the --public-url host.
 */
export function hostProblem(req: IncomingMessage, publicUrl: string | undefined): string | undefined {
  const host = req.headers.host;
  if (host === undefined) return undefined;
  if (!HOST.test(host)) return 'is not a host name or address';
  const name = hostName(host);
  if (reachedOnLoopback(req) && !isLoopbackName(name) && name !== publicHostName(publicUrl)) return 'is not a loopback name (localhost, 127.0.0.0/8, [::1]) nor the --public-url host';
  return undefined;
}

/** The Host to use in URLs: the request's when it may be reflected, else the address the connection came in on. */
export function trustedHost(req: IncomingMessage, publicUrl: string | undefined): string {
  const host = req.headers.host;
  return host !== undefined && hostProblem(req, publicUrl) === undefined ? host : boundHost(req);
}

/** `http://host[:port]` as this client reached Standin (the Host when trusted); `--public-url` is the caller's to prefer. */
export function requestOrigin(req: IncomingMessage & { protocol?: string }, publicUrl: string | undefined): string {
  return `${req.protocol ?? 'http'}://${trustedHost(req, publicUrl)}`;
}
