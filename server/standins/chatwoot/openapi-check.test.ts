import { describe, expect, it } from 'vitest';
import { checkSchema, requestSchema, responseSchema, type OpenApiDocument } from './openapi-check.testing.ts';

const doc: OpenApiDocument = {
  paths: {
    '/things/{id}': {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } },
        responses: { '200': { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/thing' } } } } } },
      },
      get: { responses: { '200': { description: 'no body' } } },
    },
  },
  components: {
    schemas: {
      thing: {
        type: 'object',
        required: ['kind'],
        properties: {
          kind: { type: 'string', enum: ['a', 'b'] },
          count: { type: 'integer' },
          note: { type: ['string', 'null'] },
          tags: { type: 'array', items: { type: 'string' } },
          strict: { type: 'object', additionalProperties: false, properties: { x: { type: 'number' } } },
        },
      },
    },
  },
};

describe('checkSchema', () => {
  const thing = requestSchema(doc, 'POST', '/things/{id}')!;

  it('accepts a value of the schema, with extra properties where they are not forbidden', () => {
    expect(checkSchema(doc, thing, { kind: 'a', count: 2, note: null, tags: ['x'], strict: { x: 1.5 }, extra: true })).toEqual([]);
  });

  it('names each problem with its path', () => {
    expect(checkSchema(doc, thing, { count: 1.5, note: 3, tags: ['x', 2], strict: { y: 1 } })).toEqual([
      '$.kind: required',
      '$.count: expected "integer", got number',
      '$.note: expected ["string","null"], got integer',
      '$.tags[1]: expected "string", got integer',
      '$.strict.y: not allowed',
    ]);
    expect(checkSchema(doc, thing, { kind: 'c' })).toEqual(['$.kind: "c" is not one of ["a","b"]']);
    expect(checkSchema(doc, thing, [])).toEqual(['$: expected "object", got array']);
  });

  it('finds request and response schemas by operation, and reports operations that do not exist', () => {
    expect(responseSchema(doc, 'POST', '/things/{id}')).toMatchObject({ type: 'array' });
    expect(responseSchema(doc, 'GET', '/things/{id}')).toBeUndefined();
    expect(requestSchema(doc, 'GET', '/things/{id}')).toBeUndefined();
    expect(() => requestSchema(doc, 'DELETE', '/things/{id}')).toThrow(/no operation/);
    expect(() => checkSchema(doc, { $ref: '#/components/schemas/missing' }, {})).toThrow(/unresolved/);
  });
});
