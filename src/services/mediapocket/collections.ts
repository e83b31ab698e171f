import type { operations } from './openapi.generated.js';
import type { Collection, MediapocketData } from './store.js';
import { account, caller, type MediapocketHandler } from './request.js';
import { checkTitle, lower, lowerTags, newId, notFound } from './records.js';

type CollectionBody = NonNullable<operations['create_collection']['requestBody']>['content']['application/json'];

export const createCollection: MediapocketHandler = async (req, ctx) => {
  ctx.assertValid();
  const body = ctx.body as CollectionBody;
  checkTitle(body.title);
  const user = caller(ctx);
  const now = ctx.clock.iso();
  const collection: Collection = {
    id: newId(ctx),
    title: body.title,
    description: body.description ?? null,
    category: lower(body.category),
    tags: lowerTags(body.tags),
    owner: user.email,
    media_type: 'collection',
    isPublic: false,
    created_date: now,
    modification_date: now,
    original_title: body.title,
  };
  await ctx.store.write((tx) => tx.tenant(user.account).put('collections', collection.id, collection));
  return { status: 200, json: { collection } };
};

/** A missing asset answers 400, not 404, here (the collections/add_asset docs page). */
export const addCollectionAsset: MediapocketHandler = async (req, ctx) => {
  const mine = account(ctx);
  const collectionId = ctx.params['collection_id']!;
  if (!mine.has('collections', collectionId)) notFound('collection');
  ctx.assertValid();
  const assetId = (ctx.body as { asset_id: string }).asset_id;
  if (!mine.has('assets', assetId)) notFound('asset', 400);
  const members = mine.get('collection_members', collectionId)?.asset_ids ?? [];
  if (!members.includes(assetId)) {
    await ctx.store.write((tx) => tx.tenant(caller(ctx).account).put('collection_members', collectionId, { asset_ids: [...members, assetId] }));
  }
  return { status: 200, json: { message: 'asset successfully added to collection' } };
};
