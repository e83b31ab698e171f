import type { operations } from './openapi.generated.js';
import { pageQuery, paginate, programId } from './page.js';
import { PyFloat } from './python-print.js';
import { wasNonFinite, type ActionhubHandler } from './request.js';

type LabelList = operations['put_labels']['requestBody']['content']['application/json'];

export const putLabels: ActionhubHandler = async (_req, ctx) => {
  const { labels } = ctx.body as LabelList;
  const program = programId(ctx);
  await ctx.store.write((tx) => {
    const tenant = tx.tenant(program);
    labels.forEach((l, i) => tenant.put('labels', l.label, { label: l.label, weight: wasNonFinite(ctx, `/labels/${i}/weight`) ? null : l.weight }));
  });
  return { status: 200, json: { result: `${labels.length} labels upserted` } };
};

export const getLabels: ActionhubHandler = (_req, ctx) => {
  const all = ctx.store.tenant(programId(ctx)).values('labels');
  // weight is a Python float: 1 prints as 1.0.
  const render = (l: (typeof all)[number]) => ({ label: l.label, weight: l.weight === null ? null : new PyFloat(l.weight) });
  return { status: 200, json: paginate(all, pageQuery(ctx), (l) => [l.label], render) };
};
