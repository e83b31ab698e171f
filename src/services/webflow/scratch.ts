import type { Exchange, Handler, OperationExchange } from '../../core/service/module.js';
import type { Token, WebflowData } from './store.js';

/** What Webflow's gateway learns about a request before its handler: the caller's token and its rate-limit standing. */
export interface WebflowScratch {
  token: Token;
  rateLimit: { limit: number; remaining: number };
}

export type WebflowExchange = Exchange<WebflowData, WebflowScratch>;
export type WebflowOperation = OperationExchange<WebflowData, WebflowScratch>;
export type WebflowHandler = Handler<WebflowData, WebflowScratch>;
