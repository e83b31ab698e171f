import { createServer, type Server } from 'node:http';
import type { RequestListener } from 'node:http';
import type { ServerClasses } from './express-request.js';

export class StartupError extends Error {}

/** Listens, turning "address in use" and friends into a one-line StartupError. */
export function listen(handler: RequestListener & { classes?: ServerClasses }, host: string, port: number): Promise<Server> {
  const server = handler.classes ? createServer(handler.classes, handler) : createServer(handler);
  // Keep-alive sockets would hold close() open; clients reconnect transparently.
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${host} is already in use; stop the other process or pass --port`));
      else if (e.code === 'EACCES') reject(new StartupError(`no permission to listen on ${host}:${port}`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(new StartupError(`cannot listen on ${host}: no such local address`));
      else reject(e);
    });
    server.listen(port, host, () => resolve(server));
  });
}

/** Stops accepting, lets requests in flight finish (up to `graceMs`), then drops what is left. */
export function closeServer(server: Server, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
