import type { Handler, OperationExchange } from '../../core/service/module.js';
import type { MediapocketData, StoredUser } from './store.js';

/** The caller found by `authenticate`, for the handlers. */
export interface MediapocketScratch {
  caller: StoredUser;
}

export type MediapocketExchange = OperationExchange<MediapocketData, MediapocketScratch>;
export type MediapocketHandler = Handler<MediapocketData, MediapocketScratch>;
