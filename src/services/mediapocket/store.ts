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

/**
 * An asset's media file. `source` says where its bytes are: `fixture:<file>` (shipped in
 * fixtures/mediapocket/files), `url:<file_url>` (added from a URL, which Standin does not fetch) or
 * `s3:<s3_key>` (the customer's bucket, out of Standin's reach).
 */
export interface StoredMedia {
  id: number;
  asset_id: string;
  original_filename: string;
  media_type: string;
  content_type: string;
  size: number | null;
  md5_sum: string;
  created_date: string;
  source: string;
}

export type HistoryEventType =
  | 'ASSET_ADDED'
  | 'ASSET_UPDATED'
  | 'MEDIA_ADDED'
  | 'MEDIA_REMOVED'
  | 'ASSET_TRASHED'
  | 'ASSET_RESTORED'
  | 'ARTICLE_UPDATED'
  | 'ASSET_ADDED_TO_COLLECTION';

/** What an event is about: the record's public id, its internal number, and its title when the event was made. */
export interface StoredTarget {
  target_type: 'Asset' | 'Collection';
  target_id: string;
  number: number;
  title: string;
}

/** An event of an asset's history; events never change, so `updated_at` is answered as `created_at`. */
export interface StoredEvent {
  id: number;
  user_id: number;
  event_type: HistoryEventType;
  created_at: string;
  targets: StoredTarget[];
}

/** The internal number of an asset or collection (Rails' integer id behind the public one). */
export interface RecordNumber {
  id: number;
}

export interface Secret {
  value: string;
}

/** Mediapocket keeps everything per account; keys, users, the id sequences and the URL-signing secret are shared. */
export interface MediapocketData {
  tenant: {
    assets: Asset;
    projects: Project;
    collections: Collection;
    collection_members: CollectionMembers;
    comments: StoredComment;
    articles: Article;
    media: StoredMedia;
    history: StoredEvent;
    record_numbers: RecordNumber;
  };
  shared: { api_keys: ApiKey; users: StoredUser; sequences: Sequence; secrets: Secret };
}
