import type { operations } from './openapi.generated.js';
import type { Article, Asset } from './store.js';
import { account, type MediapocketExchange, type MediapocketHandler } from './request.js';
import { findAsset } from './find.js';
import { notFound } from './records.js';
import { writeAccount } from './account-write.js';

type ArticleBody = NonNullable<operations['update_article']['requestBody']>['content']['application/json'];

/** The asset's article: 404 `article not found` when the asset is not an article (the articles docs page). */
function findArticle(ctx: MediapocketExchange, asset: Asset): Article {
  const article = asset.media_type === 'article' ? account(ctx).get('articles', asset.id) : undefined;
  return article ?? notFound('article');
}

export const getArticle: MediapocketHandler = (req, ctx) => ({ status: 200, json: { content: findArticle(ctx, findAsset(req, ctx)).content } });

/** The article is looked up (404) before `content` is checked (422); saving it is a save of the asset too (ASSUMED). */
export const updateArticle: MediapocketHandler = async (req, ctx) => {
  const found = findAsset(req, ctx);
  findArticle(ctx, found);
  ctx.assertValid();
  const { content } = ctx.body as ArticleBody;
  const asset: Asset = { ...found, modification_date: ctx.clock.iso() };
  await writeAccount(ctx, (w) => {
    w.account.put('articles', asset.id, { content });
    w.account.put('assets', asset.id, asset);
    w.event('ARTICLE_UPDATED', ['Asset', asset]);
  });
  return { status: 200, json: { content } };
};
