import type { Request } from 'express';
import type { Asset, MediapocketData, Project } from './store.js';
import { account, type MediapocketExchange } from './request.js';
import { notFound } from './records.js';

type Ctx = MediapocketExchange;

/** The asset in the path, looked up before any parameter is checked (404 `asset not found`). */
export function findAsset(req: Request, ctx: Ctx): Asset {
  return account(ctx).get('assets', ctx.params['asset_id']!) ?? notFound('asset');
}

export function findProject(req: Request, ctx: Ctx): Project {
  return account(ctx).get('projects', ctx.params['project_id']!) ?? notFound('project');
}
