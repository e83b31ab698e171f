import type { operations } from './openapi.generated.js';
import type { Collection, MediapocketData } from './store.js';
import { account, caller, type MediapocketHandler } from './request.js';
import { checkTitle, lower, lowerTags, newId, notFound } from './records.js';
import { findAsset } from './find.js';
import { writeAccount } from './account-write.js';

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
  const collection = mine.get('collections', ctx.params['collection_id']!) ?? notFound('collection');
  ctx.assertValid();
  const asset = mine.get('assets', (ctx.body as { asset_id: string }).asset_id) ?? notFound('asset', 400);
  const members = mine.get('collection_members', collection.id)?.asset_ids ?? [];
  if (!members.includes(asset.id)) {
    await writeAccount(ctx, (w) => {
      w.account.put('collection_members', collection.id, { asset_ids: [...members, asset.id] });
      w.event('ASSET_ADDED_TO_COLLECTION', ['Asset', asset], ['Collection', collection]);
    });
  }
  return { status: 200, json: { message: 'asset successfully added to collection' } };
};

/** The account's collections that hold the asset, in the order they were made (ASSUMED envelope `collections`). */
export const listAssetCollections: MediapocketHandler = (req, ctx) => {
  const asset = findAsset(req, ctx);
  const mine = account(ctx);
  const collections = mine.values('collections').filter((c) => mine.get('collection_members', c.id)?.asset_ids.includes(asset.id));
  return { status: 200, json: { collections } };
};
