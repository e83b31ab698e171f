import type { Request } from 'express';
import type { OperationContext } from '../../core/service/module.js';
import type { Asset, MediapocketData, Project } from './store.js';
import { account } from './request.js';
import { notFound } from './records.js';

type Ctx = OperationContext<MediapocketData>;

/** The asset in the path, looked up before any parameter is checked (404 `asset not found`). */
export function findAsset(req: Request, ctx: Ctx): Asset {
  return account(req, ctx).get('assets', ctx.params['asset_id']!) ?? notFound('asset');
}

export function findProject(req: Request, ctx: Ctx): Project {
  return account(req, ctx).get('projects', ctx.params['project_id']!) ?? notFound('project');
}
