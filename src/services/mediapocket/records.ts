import type { MediapocketExchange } from './request.js';
import type { Asset, MediapocketData, Project, StoredUser } from './store.js';
import { ServiceError } from '../../core/pipeline/problems.js';
import type { MediapocketProblem } from './errors.js';

type Ctx = MediapocketExchange;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 20-character URL-safe id, as Mediapocket's assets, projects and collections have (the V2 docs' examples). */
export function newId(ctx: Ctx): string {
  return ctx.random.string(ID_ALPHABET, 20);
}

/** The params every create and update takes; category and tags are stored lower-cased. */
export interface CommonParams {
  title?: string;
  description?: string;
  category?: string;
  tags?: string[];
  external_id?: string;
}

export const lower = (s: string | null | undefined) => (s == null ? null : s.toLowerCase());
export const lowerTags = (tags: string[] | undefined) => (tags ?? []).map((t) => t.toLowerCase());

/** Rails' length validation counts characters (code points): 256 or more is refused. */
export function checkTitle(title: string | undefined): void {
  if (title !== undefined && Array.from(title).length > 255) refuse('Title is too long (maximum is 255 characters)');
}

/**
 * external_id is unique within the account, across assets and projects alike (ASSUMED: projects carry
 * `media_type: "project"`, so they look like one Rails model with assets, one uniqueness scope).
 */
export function checkExternalId(ctx: Ctx, account: string, externalId: string | undefined | null, self?: string): void {
  if (externalId == null) return;
  const mine = ctx.store.tenant(account);
  const taken = (r: { id: string; external_id: string | null }) => r.external_id === externalId && r.id !== self;
  if (mine.values('assets').some(taken) || mine.values('projects').some(taken)) refuse('External id has already been taken');
}

export function refuse(message: string): never {
  throw new ServiceError<MediapocketProblem>({ kind: 'refused', message });
}

export function invalidParam(name: string, value: unknown, description: string): never {
  throw new ServiceError<MediapocketProblem>({ kind: 'invalid_param', name, value, description });
}

export function notFound(thing: string, status: 400 | 404 = 404): never {
  throw new ServiceError<MediapocketProblem>({ kind: 'not_found', thing, status });
}

/** A new asset in Mediapocket's key order (the assets/create docs page). */
export function newAsset(ctx: Ctx, owner: StoredUser, p: CommonParams & { media_type?: string }, where: { parent_id?: string | null; project_id?: string | null }): Asset {
  const now = ctx.clock.iso();
  return {
    id: newId(ctx),
    external_id: p.external_id ?? null,
    parent_id: where.parent_id ?? null,
    project_id: where.project_id ?? null,
    owner: owner.email,
    title: p.title ?? '',
    description: p.description ?? null,
    category: lower(p.category),
    tags: lowerTags(p.tags),
    ai_tags: [],
    status: 'open',
    media_type: p.media_type === 'article' ? 'article' : 'placeholder',
    original_filename: null,
    drop_folder_id: null,
    md5_sum: null,
    created_date: now,
    modification_date: now,
    deleted: null,
  };
}

export function newProject(ctx: Ctx, owner: StoredUser, p: CommonParams, parent: string | null): Project {
  const now = ctx.clock.iso();
  return {
    id: newId(ctx),
    external_id: p.external_id ?? null,
    project_id: parent,
    owner: owner.email,
    title: p.title ?? '',
    description: p.description ?? null,
    category: lower(p.category),
    tags: lowerTags(p.tags),
    media_type: 'project',
    isPublic: false,
    thumbnail_asset_id: null,
    created_date: now,
    modification_date: now,
    deleted: null,
    original_title: p.title ?? '',
  };
}

/** An update: given fields replace the stored ones (category and tags lower-cased), modification_date moves on. */
export function applyUpdate<T extends { title: string; description: string | null; category: string | null; tags: string[]; external_id?: string | null; modification_date: string }>(ctx: Ctx, record: T, p: CommonParams): T {
  return {
    ...record,
    ...(p.title !== undefined ? { title: p.title } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.category !== undefined ? { category: lower(p.category) } : {}),
    ...(p.tags !== undefined ? { tags: lowerTags(p.tags) } : {}),
    ...(p.external_id !== undefined && 'external_id' in record ? { external_id: p.external_id } : {}),
    modification_date: ctx.clock.iso(),
  };
}
