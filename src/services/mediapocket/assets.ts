import type { operations } from './openapi.generated.js';
import { account, caller, type MediapocketHandler } from './request.js';
import { findAsset } from './find.js';
import { applyUpdate, checkExternalId, checkTitle, newAsset } from './records.js';
import { writeAccount } from './account-write.js';

type CreateBody = NonNullable<operations['create_asset']['requestBody']>['content']['application/json'];
type UpdateBody = NonNullable<operations['update_asset']['requestBody']>['content']['application/json'];

export const createAsset: MediapocketHandler = async (req, ctx) => {
  ctx.assertValid();
  const body = ctx.body as CreateBody;
  const user = caller(ctx);
  checkTitle(body.title);
  checkExternalId(ctx, user.account, body.external_id);
  const asset = newAsset(ctx, user, body, {});
  await writeAccount(ctx, (w) => {
    w.account.put('assets', asset.id, asset);
    if (asset.media_type === 'article') w.account.put('articles', asset.id, { content: '' });
    w.event('ASSET_ADDED', ['Asset', asset]);
  });
  return { status: 200, json: { asset } };
};

export const getAsset: MediapocketHandler = (req, ctx) => ({ status: 200, json: { asset: findAsset(req, ctx) } });

export const updateAsset: MediapocketHandler = async (req, ctx) => {
  const found = findAsset(req, ctx);
  ctx.assertValid();
  const body = ctx.body as UpdateBody;
  const user = caller(ctx);
  checkTitle(body.title);
  checkExternalId(ctx, user.account, body.external_id, found.id);
  const asset = applyUpdate(ctx, found, body);
  await writeAccount(ctx, (w) => {
    w.account.put('assets', asset.id, asset);
    w.event('ASSET_UPDATED', ['Asset', asset]);
  });
  return { status: 200, json: { asset } };
};

/**
 * Trashed assets stay readable with `deleted` set (ASSUMED: the docs say they are purged after 14 days).
 * Both moves are saves, so `modification_date` moves on as with any update (ASSUMED).
 */
export const trashAsset: MediapocketHandler = async (req, ctx) => {
  const now = ctx.clock.iso();
  const asset = { ...findAsset(req, ctx), modification_date: now, deleted: now };
  await writeAccount(ctx, (w) => {
    w.account.put('assets', asset.id, asset);
    w.event('ASSET_TRASHED', ['Asset', asset]);
  });
  return { status: 200, json: { asset } };
};

export const restoreAsset: MediapocketHandler = async (req, ctx) => {
  const asset = { ...findAsset(req, ctx), modification_date: ctx.clock.iso(), deleted: null };
  await writeAccount(ctx, (w) => {
    w.account.put('assets', asset.id, asset);
    w.event('ASSET_RESTORED', ['Asset', asset]);
  });
  return { status: 200, json: { asset } };
};

export const listAttachments: MediapocketHandler = (req, ctx) => {
  const parent = findAsset(req, ctx);
  return { status: 200, json: { attachments: account(ctx).values('assets').filter((a) => a.parent_id === parent.id) } };
};

/** An attachment is an asset whose parent_id is the asset; it sits in its parent's project (ASSUMED). */
export const createAttachment: MediapocketHandler = async (req, ctx) => {
  const parent = findAsset(req, ctx);
  ctx.assertValid();
  const body = ctx.body as NonNullable<operations['create_attachment']['requestBody']>['content']['application/json'];
  checkTitle(body.title);
  const user = caller(ctx);
  const asset = newAsset(ctx, user, body, { parent_id: parent.id, project_id: parent.project_id });
  await writeAccount(ctx, (w) => {
    w.account.put('assets', asset.id, asset);
    w.event('ASSET_ADDED', ['Asset', asset]);
  });
  return { status: 200, json: { asset } };
};
