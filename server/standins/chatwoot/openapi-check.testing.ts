/**
 * A tiny OpenAPI 3.1 schema check for the subset Chatwoot's spec files use: type (one or a list, with "null"),
 * properties, required, additionalProperties:false, items, enum and local $ref. Formats, descriptions and examples
 * are ignored. It answers a list of problems (empty = valid) so a test can show what is wrong.
 */
export type Schema = Record<string, unknown>;
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

const matchesType = (value: unknown, type: unknown): boolean => {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
};

export const resolveRef = (doc: OpenApiDocument, ref: string): Schema => {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  if (!node || typeof node !== 'object') throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
};

export const checkSchema = (doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] => {
  if (typeof schema['$ref'] === 'string') return checkSchema(doc, resolveRef(doc, schema['$ref']), value, at);
  if (schema['type'] !== undefined && !matchesType(value, schema['type'])) return [`${at}: expected ${JSON.stringify(schema['type'])}, got ${typeOf(value)}`];
  const problems: string[] = [];
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
  if (Array.isArray(value) && schema['items']) value.forEach((item, i) => problems.push(...checkSchema(doc, schema['items'] as Schema, item, `${at}[${i}]`)));
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] ?? []) as string[]) if (!(key in object)) problems.push(`${at}.${key}: required`);
    for (const [key, item] of Object.entries(object)) {
      const property = properties[key];
      if (property) problems.push(...checkSchema(doc, property, item, `${at}.${key}`));
      else if (schema['additionalProperties'] === false) problems.push(`${at}.${key}: not allowed`);
      else if (typeof schema['additionalProperties'] === 'object') problems.push(...checkSchema(doc, schema['additionalProperties'] as Schema, item, `${at}.${key}`));
    }
  }
  return problems;
};

const operation = (doc: OpenApiDocument, method: string, path: string): Schema => {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op || typeof op !== 'object') throw new Error(`no operation ${method} ${path} in the spec`);
  return op as Schema;
};

/** The JSON request-body schema of an operation, or undefined when the operation takes no body. */
export const requestSchema = (doc: OpenApiDocument, method: string, path: string): Schema | undefined => {
  const body = operation(doc, method, path)['requestBody'] as Schema | undefined;
  const content = body?.['content'] as Record<string, { schema?: Schema }> | undefined;
  return content?.['application/json']?.schema;
};

/** The schema of an operation's answer with this status, if the spec gives one. */
export const responseSchema = (doc: OpenApiDocument, method: string, path: string, status = 200): Schema | undefined => {
  const responses = operation(doc, method, path)['responses'] as Record<string, Schema> | undefined;
  const content = responses?.[String(status)]?.['content'] as Record<string, { schema?: Schema }> | undefined;
  return content?.['application/json']?.schema;
};
