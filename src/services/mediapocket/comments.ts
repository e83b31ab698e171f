import type { Request } from 'express';
import type { MediapocketData, StoredComment } from './store.js';
import { account, caller, type MediapocketExchange, type MediapocketHandler } from './request.js';
import { findAsset, findProject } from './find.js';
import { notFound } from './records.js';

type Ctx = MediapocketExchange;
type Target = { target: StoredComment['target']; target_id: string };

const targetOf = (target: StoredComment['target']) => (req: Request, ctx: Ctx): Target =>
  target === 'asset' ? { target, target_id: findAsset(req, ctx).id } : { target, target_id: findProject(req, ctx).id };

function render(ctx: Ctx, c: StoredComment, messageFirst = false) {
  const u = ctx.store.shared.get('users', String(c.user_id));
  const user = { id: c.user_id, email: u?.email ?? '', first_name: u?.first_name ?? null, last_name: u?.last_name ?? null, avatar_url: u?.avatar_url ?? null };
  // The update answer lists message before id (the V2 docs' example).
  return messageFirst
    ? { message: c.message, id: c.id, updated_at: c.updated_at, user, mentioned_users: [] }
    : { id: c.id, message: c.message, updated_at: c.updated_at, user, mentioned_users: [] };
}

function findComment(req: Request, ctx: Ctx, t: Target): StoredComment {
  const c = account(ctx).get('comments', ctx.params['comment_id']!);
  return c && c.target === t.target && c.target_id === t.target_id ? c : notFound('comment');
}

/** The five comment operations, for assets and projects alike. */
export function commentHandlers(target: StoredComment['target']) {
  const where = targetOf(target);
  const list: MediapocketHandler = (req, ctx) => {
    const t = where(req, ctx);
    const comments = account(ctx).values('comments').filter((c) => c.target === t.target && c.target_id === t.target_id);
    return { status: 200, json: { comments: comments.map((c) => render(ctx, c)) } };
  };
  const create: MediapocketHandler = async (req, ctx) => {
    const t = where(req, ctx);
    ctx.assertValid();
    const user = caller(ctx);
    const id = ctx.store.shared.get('sequences', 'comments')?.next ?? 1;
    const comment: StoredComment = { id, message: (ctx.body as { comment: string }).comment, updated_at: ctx.clock.iso(), user_id: user.id, ...t };
    await ctx.store.write((tx) => {
      tx.shared.put('sequences', 'comments', { next: id + 1 });
      tx.tenant(user.account).put('comments', String(id), comment);
    });
    return { status: 200, json: { comment: render(ctx, comment) } };
  };
  const get: MediapocketHandler = (req, ctx) => ({ status: 200, json: { comment: render(ctx, findComment(req, ctx, where(req, ctx))) } });
  const update: MediapocketHandler = async (req, ctx) => {
    const found = findComment(req, ctx, where(req, ctx));
    ctx.assertValid();
    const comment = { ...found, message: (ctx.body as { comment: string }).comment, updated_at: ctx.clock.iso() };
    await ctx.store.write((tx) => tx.tenant(caller(ctx).account).put('comments', String(comment.id), comment));
    return { status: 200, json: { comment: render(ctx, comment, true) } };
  };
  const remove: MediapocketHandler = async (req, ctx) => {
    const found = findComment(req, ctx, where(req, ctx));
    await ctx.store.write((tx) => tx.tenant(caller(ctx).account).delete('comments', String(found.id)));
    return { status: 200, json: { ok: 'ok' } };
  };
  return { list, create, get, update, remove };
}
