import type { components, operations } from './openapi.generated.js';

/*
 * The admin API's types, read off the types generated from specs/admin.openapi.yaml (`npm run generate`),
 * so the routes are checked against what the spec documents.
 */

/** A schema of the admin spec's components, e.g. `Schema<'FaultRule'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** The JSON an admin operation answers with a status, e.g. `Answer<'list_faults', 200>`. */
export type Answer<Op extends keyof operations, S extends keyof operations[Op]['responses']> = operations[Op]['responses'][S] extends {
  content: { 'application/json': infer B };
}
  ? B
  : never;

/** The JSON body an admin operation takes, e.g. `Body<'set_clock'>`. */
export type Body<Op extends keyof operations> = NonNullable<operations[Op]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
