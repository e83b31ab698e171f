import type { operations } from './openapi.generated.js';
import type { MediapocketData } from './store.js';
import { caller, type MediapocketHandler } from './request.js';
import { findProject } from './find.js';
import { applyUpdate, checkExternalId, checkTitle, newAsset, newProject, refuse } from './records.js';
import { isHttpUrl, withMedia } from './media.js';
import { writeAccount } from './account-write.js';

type ProjectBody = NonNullable<operations['create_project']['requestBody']>['content']['application/json'];
type ProjectAssetBody = NonNullable<operations['create_project_asset']['requestBody']>['content']['application/json'];

export const createProject: MediapocketHandler = async (req, ctx) => {
  ctx.assertValid();
  const body = ctx.body as ProjectBody;
  const user = caller(ctx);
  checkTitle(body.title);
  checkExternalId(ctx, user.account, body.external_id);
  const project = newProject(ctx, user, body, null);
  await ctx.store.write((tx) => tx.tenant(user.account).put('projects', project.id, project));
  return { status: 200, json: { project } };
};

export const getProject: MediapocketHandler = (req, ctx) => ({ status: 200, json: { project: findProject(req, ctx) } });

/** original_title stays what it was at creation (the V2 docs' project examples). */
export const updateProject: MediapocketHandler = async (req, ctx) => {
  const found = findProject(req, ctx);
  ctx.assertValid();
  const body = ctx.body as ProjectBody;
  const user = caller(ctx);
  checkTitle(body.title);
  checkExternalId(ctx, user.account, body.external_id, found.id);
  const project = applyUpdate(ctx, found, body);
  await ctx.store.write((tx) => tx.tenant(user.account).put('projects', project.id, project));
  return { status: 200, json: { project } };
};

export const createSubproject: MediapocketHandler = async (req, ctx) => {
  const parent = findProject(req, ctx);
  ctx.assertValid();
  const body = ctx.body as ProjectBody;
  const user = caller(ctx);
  checkTitle(body.title);
  checkExternalId(ctx, user.account, body.external_id);
  const project = newProject(ctx, user, body, parent.id);
  await ctx.store.write((tx) => tx.tenant(user.account).put('projects', project.id, project));
  return { status: 200, json: { project } };
};

/** An asset in a project, optionally with media from a URL or an S3 key (the projects/create_asset_to_project docs page). */
export const createProjectAsset: MediapocketHandler = async (req, ctx) => {
  const project = findProject(req, ctx);
  ctx.assertValid();
  const body = ctx.body as ProjectAssetBody;
  const user = caller(ctx);
  checkTitle(body.title);
  checkExternalId(ctx, user.account, body.external_id);
  const created = newAsset(ctx, user, body, { project_id: project.id });
  if (body.url && !isHttpUrl(body.url.file_url)) refuse('not a valid HTTP URL');
  let asset = created;
  await writeAccount(ctx, (w) => {
    w.account.put('assets', created.id, created);
    w.event('ASSET_ADDED', ['Asset', created]);
    if (body.url) asset = withMedia(ctx, w, created, body.url.filename, { url: body.url.file_url });
    else if (body.s3) asset = withMedia(ctx, w, created, body.s3.filename, { s3_key: body.s3.s3_key });
    // Media given at creation make the asset an image or the like, not an article.
    if (asset.media_type === 'article') w.account.put('articles', asset.id, { content: '' });
  });
  return { status: 200, json: { asset } };
};
