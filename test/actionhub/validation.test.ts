import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ah, postJson } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const a65 = 'a'.repeat(65);
const missing = (...loc: (string | number)[]) => ({ loc, msg: 'field required', type: 'value_error.missing' });
const notDict = (...loc: (string | number)[]) => ({ loc, msg: 'value is not a valid dict', type: 'type_error.dict' });
const notList = (...loc: (string | number)[]) => ({ loc, msg: 'value is not a valid list', type: 'type_error.list' });
const noneNotAllowed = (...loc: (string | number)[]) => ({ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' });

// Expected bodies: FastAPI 0.92 + pydantic 1.10, as observed (pydantic's wording from error_wrappers.py).
describe('POST /actionhub/assets answers pydantic v1 422s', () => {
  const cases: [string, string, unknown[]][] = [
    ['asset_id of 65 characters', JSON.stringify({ assets: [{ asset_id: a65 }] }), [{ loc: ['body', 'assets', 0, 'asset_id'], msg: 'ensure this value has at most 64 characters', type: 'value_error.any_str.max_length', ctx: { limit_value: 64 } }]],
    ['asset_name of 125 characters', JSON.stringify({ assets: [{ asset_id: 'a', asset_name: 'n'.repeat(125) }] }), [{ loc: ['body', 'assets', 0, 'asset_name'], msg: 'ensure this value has at most 124 characters', type: 'value_error.any_str.max_length', ctx: { limit_value: 124 } }]],
    ['item 1 lacks asset_id', JSON.stringify({ assets: [{ asset_id: 'a' }, { asset_name: 'x' }] }), [missing('body', 'assets', 1, 'asset_id')]],
    ['asset_id null', JSON.stringify({ assets: [{ asset_id: null }] }), [noneNotAllowed('body', 'assets', 0, 'asset_id')]],
    ['asset_id a list', JSON.stringify({ assets: [{ asset_id: [1] }] }), [{ loc: ['body', 'assets', 0, 'asset_id'], msg: 'str type expected', type: 'type_error.str' }]],
    ['labels a string', JSON.stringify({ assets: [{ asset_id: 'a', labels: 'x' }] }), [notList('body', 'assets', 0, 'labels')]],
    ['assets a string', JSON.stringify({ assets: 'x' }), [notList('body', 'assets')]],
    ['assets an object', JSON.stringify({ assets: { asset_id: 'a' } }), [notList('body', 'assets')]],
    ['assets null', JSON.stringify({ assets: null }), [noneNotAllowed('body', 'assets')]],
    ['an item that is not an object', JSON.stringify({ assets: ['x'] }), [notDict('body', 'assets', 0)]],
    ['a list body', JSON.stringify([{ asset_id: 'a' }]), [notDict('body')]],
    ['a string body', '"assets"', [notDict('body')]],
    ['a number body', '42', [notDict('body')]],
    ['an empty object', '{}', [missing('body', 'assets')]],
    ['an empty body', '', [missing('body')]],
    ['a null body', 'null', [missing('body')]],
    ['several items wrong at once, in item order', JSON.stringify({ assets: [{ asset_id: a65, asset_name: 'n'.repeat(125) }, {}, { asset_id: 'ok', labels: 5 }] }), [
      { loc: ['body', 'assets', 0, 'asset_id'], msg: 'ensure this value has at most 64 characters', type: 'value_error.any_str.max_length', ctx: { limit_value: 64 } },
      { loc: ['body', 'assets', 0, 'asset_name'], msg: 'ensure this value has at most 124 characters', type: 'value_error.any_str.max_length', ctx: { limit_value: 124 } },
      missing('body', 'assets', 1, 'asset_id'),
      notList('body', 'assets', 2, 'labels'),
    ]],
  ];
  it.each(cases)('%s', async (_name, body, detail) => {
    const r = await postJson(t, '/assets', body);
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual({ detail });
  });

  it('lists the header error before the body errors', async () => {
    const r = await postJson(t, '/assets', '{"foo":1}', { program: null });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ detail: [missing('header', 'program-id'), missing('body', 'assets')] });
  });

  it('answers a body sent as text/plain as "not a valid dict", with the header error', async () => {
    const r = await postJson(t, '/assets', '{"assets": []}', { program: null, contentType: 'text/plain' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ detail: [missing('header', 'program-id'), notDict('body')] });
  });

  it('answers a text/plain body that is not UTF-8 as "not a valid dict" too (FastAPI never decodes it)', async () => {
    const r = await postJson(t, '/assets', Buffer.from([0xff, 0xfe, 0x41]), { contentType: 'text/plain' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ detail: [notDict('body')] });
  });

  it('parses a body sent without a Content-Type as JSON (FastAPI 0.92)', async () => {
    const r = await postJson(t, '/assets', '{"assets":[{"asset_id":"no-ct"}]}', { contentType: null });
    expect(r.status).toBe(200);
  });
});

// pydantic v1's Model.validate calls dict() on a value that is not a dict (checked with pydantic.v1 1.10).
describe('a list where a model is expected goes through Python\'s dict(), as in pydantic v1', () => {
  const nonStringKeys = (...loc: (string | number)[]) => ({ loc, msg: '__init__() keywords must be strings', type: 'type_error' });
  const cases: [string, unknown[]][] = [
    ['[]', [missing('body', 'assets')]],
    ['""', [missing('body', 'assets')]],
    ['["as"]', [missing('body', 'assets')]],
    ['[{"a": 1, "b": 2}]', [missing('body', 'assets')]],
    ['{"assets": [[]]}', [missing('body', 'assets', 0, 'asset_id')]],
    ['{"assets": [["ab"]]}', [missing('body', 'assets', 0, 'asset_id')]],
    ['{"assets": ["ab"]}', [notDict('body', 'assets', 0)]],
    ['[[[1], 2]]', [notDict('body')]],
    ['[["assets", []], [1, 2, 3]]', [notDict('body')]],
    ['[[1, 2]]', [nonStringKeys('body')]],
    ['{"assets": [[[7, "x"]]]}', [nonStringKeys('body', 'assets', 0)]],
  ];
  it.each(cases)('%s', async (body, detail) => {
    const r = await postJson(t, '/assets', body);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ detail });
  });

  it('accepts a body of key/value pairs and stores what the pairs say', async () => {
    const r = await postJson(t, '/assets', '[["assets", [[["asset_id", 1.0], ["asset_name", "pairs"], ["asset_id", 2.50]], {"asset_id": "plain"}]]]', { program: 'p-pairs' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ result: '2 assets upserted' });
    const g = await ah(t, 'get', '/assets', { program: 'p-pairs' });
    expect(g.body.items).toEqual([{ asset_id: '2.5', asset_name: 'pairs', labels: null }, { asset_id: 'plain', asset_name: null, labels: null }]);
  });
});

describe('invalid JSON answers 422 value_error.jsondecode with Python\'s message', () => {
  const jsonDecode = (doc: string, msg: string, pos: number, lineno: number, colno: number) => ({
    detail: [{ loc: ['body', pos], msg: `${msg}: line ${lineno} column ${colno} (char ${pos})`, type: 'value_error.jsondecode', ctx: { msg, doc, pos, lineno, colno } }],
  });
  const cases: [string, string, number, number, number][] = [
    ['{bad', 'Expecting property name enclosed in double quotes', 1, 1, 2],
    ['{"assets": [],}', 'Expecting property name enclosed in double quotes', 14, 1, 15],
    ['hello', 'Expecting value', 0, 1, 1],
    ['{"assets": [{"asset_id": "a"}] "x"}', "Expecting ',' delimiter", 31, 1, 32],
    ['{"assets"\n  []}', "Expecting ':' delimiter", 12, 2, 3],
    ['{"assets": "abc', 'Unterminated string starting at', 11, 1, 12],
    ['{"assets": []} extra', 'Extra data', 15, 1, 16],
    ['{"a": "\\x"}', 'Invalid \\escape', 7, 1, 8],
  ];
  it.each(cases)('%j', async (doc, msg, pos, lineno, colno) => {
    const r = await postJson(t, '/assets', doc);
    expect(r.status).toBe(422);
    expect(r.body).toEqual(jsonDecode(doc, msg, pos, lineno, colno));
  });

  it('wins over a bad API key and a missing program-id', async () => {
    const r = await postJson(t, '/assets', '{bad', { key: 'wrong', program: null });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].type).toBe('value_error.jsondecode');
  });

  it('accepts NaN and Infinity as Python does', async () => {
    const r = await postJson(t, '/labels', '{"labels":[{"label":"nan-weight","weight":NaN},{"label":"inf-weight","weight":Infinity}]}', { program: 'p-nan' });
    expect(r.status).toBe(200);
    const g = await ah(t, 'get', '/labels', { program: 'p-nan' });
    expect(g.body.items).toEqual([{ label: 'nan-weight', weight: null }, { label: 'inf-weight', weight: null }]);
  });

  it('answers 400 "There was an error parsing the body" for bytes that are not UTF-8', async () => {
    const r = await postJson(t, '/assets', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'There was an error parsing the body' });
  });

  it('answers 400 for an integer longer than Python\'s int() converts (4300 digits), but not for a long float', async () => {
    const r = await postJson(t, '/assets', `{"assets": [{"asset_id": ${'1'.repeat(4301)}}]}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'There was an error parsing the body' });
    const ok = await postJson(t, '/assets', `{"assets": [{"asset_id": ${'1'.repeat(4300)}}], "x": ${'1'.repeat(4301)}.5}`);
    expect(ok.status).toBe(422);
    expect(ok.body.detail[0].type).toBe('value_error.any_str.max_length');
  });

  it('answers 400 for JSON nested deeper than Python\'s recursion limit, and keeps serving', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const r = await postJson(t, '/assets', `{"assets": ${deep}}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'There was an error parsing the body' });
    expect((await ah(t, 'get', '/assets')).status).toBe(200);
  });
});

describe('pydantic v1 coercion', () => {
  it('stores a number or bool given for a string as Python\'s str() of it', async () => {
    const body = '{"assets":[{"asset_id":123},{"asset_id":1.0},{"asset_id":1e2},{"asset_id":true},{"asset_id":"x","asset_name":12345678901234567890}]}';
    const r = await postJson(t, '/assets', body, { program: 'p-coerce' });
    expect(r.status).toBe(200);
    const g = await ah(t, 'get', '/assets', { program: 'p-coerce' });
    expect(g.body.items.map((a: { asset_id: string }) => a.asset_id)).toEqual(['123', '1.0', '100.0', 'True', 'x']);
    expect(g.body.items[4].asset_name).toBe('12345678901234567890');
  });

  it.each([['"1.5"', 1.5], ['" 2 "', 2], ['"1e3"', 1000], ['true', 1], ['1', 1], ['"1_000"', 1000], ['"\\u00a01\\u3000"', 1], ['"\\u0661\\u0662"', 12]])('accepts weight %s', async (raw, stored) => {
    const r = await postJson(t, '/labels', `{"labels":[{"label":"w","weight":${raw}}]}`, { program: 'p-weight' });
    expect(r.status).toBe(200);
    const g = await ah(t, 'get', '/labels', { program: 'p-weight' });
    expect(g.body.items).toEqual([{ label: 'w', weight: stored }]);
  });

  it.each([['"abc"', 'value is not a valid float', 'type_error.float'], ['[1]', 'value is not a valid float', 'type_error.float'], ['{}', 'value is not a valid float', 'type_error.float'], ['"\\u001c1"', 'value is not a valid float', 'type_error.float'], ['"\\ufeff1"', 'value is not a valid float', 'type_error.float'], ['null', 'none is not an allowed value', 'type_error.none.not_allowed']])(
    'refuses weight %s',
    async (raw, msg, type) => {
      const r = await postJson(t, '/labels', `{"labels":[{"label":"w","weight":${raw}}]}`);
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ detail: [{ loc: ['body', 'labels', 0, 'weight'], msg, type }] });
    },
  );

  it('reports label errors in field order, whatever order the validator finds them in', async () => {
    const r = await postJson(t, '/labels', JSON.stringify({ labels: [{ label: a65, weight: 'abc' }, { weight: 1 }, { label: 'x' }] }));
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      detail: [
        { loc: ['body', 'labels', 0, 'label'], msg: 'ensure this value has at most 64 characters', type: 'value_error.any_str.max_length', ctx: { limit_value: 64 } },
        { loc: ['body', 'labels', 0, 'weight'], msg: 'value is not a valid float', type: 'type_error.float' },
        missing('body', 'labels', 1, 'label'),
        missing('body', 'labels', 2, 'weight'),
      ],
    });
  });
});

describe('GET query parameters', () => {
  it.each([
    ['page=0', [{ loc: ['query', 'page'], msg: 'ensure this value is greater than or equal to 1', type: 'value_error.number.not_ge', ctx: { limit_value: 1 } }]],
    ['size=101', [{ loc: ['query', 'size'], msg: 'ensure this value is less than or equal to 100', type: 'value_error.number.not_le', ctx: { limit_value: 100 } }]],
    ['size=0', [{ loc: ['query', 'size'], msg: 'ensure this value is greater than or equal to 1', type: 'value_error.number.not_ge', ctx: { limit_value: 1 } }]],
    ['page=x', [{ loc: ['query', 'page'], msg: 'value is not a valid integer', type: 'type_error.integer' }]],
    ['page=1.0', [{ loc: ['query', 'page'], msg: 'value is not a valid integer', type: 'type_error.integer' }]],
    ['page=', [{ loc: ['query', 'page'], msg: 'value is not a valid integer', type: 'type_error.integer' }]],
    ['size=x&page=0', [{ loc: ['query', 'page'], msg: 'ensure this value is greater than or equal to 1', type: 'value_error.number.not_ge', ctx: { limit_value: 1 } }, { loc: ['query', 'size'], msg: 'value is not a valid integer', type: 'type_error.integer' }]],
  ])('%s answers 422', async (query, detail) => {
    const r = await ah(t, 'get', `/assets?${query}`);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ detail });
  });

  it('lists query errors before the missing header', async () => {
    const r = await ah(t, 'get', '/labels?page=0', { program: null });
    expect(r.body.detail.map((d: { loc: string[] }) => d.loc[0])).toEqual(['query', 'header']);
  });

  it('takes the last of repeated values and Python int() forms', async () => {
    expect((await ah(t, 'get', '/assets?page=0&page=2')).body.page).toBe(2);
    expect((await ah(t, 'get', '/assets?size=1_0')).body.size).toBe(10);
    expect((await ah(t, 'get', '/assets?size=%2B7')).body.size).toBe(7);
    expect((await ah(t, 'get', '/assets?page=%D9%A2')).body.page).toBe(2);
  });
});
