import type { Handler } from '../../core/service/module.js';
import type { operations } from './openapi.generated.js';
import type { ActionhubData } from './store.js';
import { pageQuery, paginate, programId } from './page.js';
import { PyFloat } from './python-json.js';
import { wasNonFinite } from './request.js';

type LabelList = operations['put_labels']['requestBody']['content']['application/json'];

export const putLabels: Handler<ActionhubData> = async (req, ctx) => {
  const { labels } = req.body as LabelList;
  const program = programId(req);
  await ctx.store.write((tx) => {
    const tenant = tx.tenant(program);
    labels.forEach((l, i) => tenant.put('labels', l.label, { label: l.label, weight: wasNonFinite(req, `/labels/${i}/weight`) ? null : l.weight }));
  });
  return { status: 200, json: { result: `${labels.length} labels upserted` } };
};

export const getLabels: Handler<ActionhubData> = (req, ctx) => {
  const all = ctx.store.tenant(programId(req)).values('labels');
  // weight is a Python float: 1 prints as 1.0.
  const render = (l: (typeof all)[number]) => ({ label: l.label, weight: l.weight === null ? null : new PyFloat(l.weight) });
  return { status: 200, json: paginate(all, pageQuery(req), (l) => [l.label], render) };
};
