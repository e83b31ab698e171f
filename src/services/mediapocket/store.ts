import type { components } from './openapi.generated.js';

export type Asset = components['schemas']['Asset'];
export type Project = components['schemas']['Project'];
export type Collection = components['schemas']['Collection'];
export type User = components['schemas']['User'];

export interface StoredUser extends User {
  /** The account the user belongs to: the tenant of everything the user's keys touch. */
  account: string;
}

export interface ApiKey {
  user_id: number;
}

export interface StoredComment {
  id: number;
  message: string;
  updated_at: string;
  user_id: number;
  target: 'asset' | 'project';
  target_id: string;
}

export interface Article {
  content: string;
}

export interface CollectionMembers {
  asset_ids: string[];
}

export interface Sequence {
  next: number;
}

/** Mediapocket keeps everything per account; keys, users and the comment-id sequence are shared. */
export interface MediapocketData {
  tenant: { assets: Asset; projects: Project; collections: Collection; collection_members: CollectionMembers; comments: StoredComment; articles: Article };
  shared: { api_keys: ApiKey; users: StoredUser; sequences: Sequence };
}
