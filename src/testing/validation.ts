/**
 * FastAPI's request validation: the 422 `{"detail": [pydantic errors]}` bodies (§6.1,
 * transcripts/queue-join-errors.txt response 5). Wording follows pydantic 2.
 */

/** One pydantic error entry. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** The expected type of a body field. */
export type FieldKind = 'list' | 'int' | 'str' | 'any';

/** A field of a body model: its kind and whether it may be missing or null. */
export interface FieldRule {
  kind: FieldKind;
  required: boolean;
}

/** A request body as the routes see it. */
export interface ParsedBody {
  /** The parsed JSON; `undefined` for an empty body. */
  json: unknown;
  /** The body was not valid JSON. */
  invalidJson: boolean;
}

/**
 * Checks a JSON body against a model and coerces fields like pydantic's lax mode (`"3"` is an
 * int). Returns the issues (empty when valid) and the coerced body.
 */
export function validateBody(
  body: ParsedBody,
  rules: Record<string, FieldRule>,
): { issues: ValidationIssue[]; value: Record<string, unknown> } {
  if (body.invalidJson) {
    return {
      issues: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }],
      value: {},
    };
  }
  const json = body.json;
  if (json === undefined) {
    return { issues: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }], value: {} };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      issues: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: json,
        },
      ],
      value: {},
    };
  }
  const record = json as Record<string, unknown>;
  const value: Record<string, unknown> = { ...record };
  const issues: ValidationIssue[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    const present = Object.hasOwn(record, field);
    const input = record[field];
    if (!present) {
      if (rule.required) issues.push({ type: 'missing', loc: ['body', field], msg: 'Field required', input: record });
      continue;
    }
    if (input === null && !rule.required) continue;
    const coerced = coerce(rule.kind, input);
    if (coerced.ok) value[field] = coerced.value;
    else issues.push({ type: coerced.type, loc: ['body', field], msg: coerced.msg, input });
  }
  return { issues, value };
}

/** The 422 issue of a required query parameter that is missing. */
export function missingQuery(name: string): ValidationIssue {
  return { type: 'missing', loc: ['query', name], msg: 'Field required', input: null };
}

type Coerced = { ok: true; value: unknown } | { ok: false; type: string; msg: string };

function coerce(kind: FieldKind, input: unknown): Coerced {
  switch (kind) {
    case 'any':
      return { ok: true, value: input };
    case 'list':
      return Array.isArray(input) ? { ok: true, value: input } : { ok: false, type: 'list_type', msg: 'Input should be a valid list' };
    case 'str':
      return typeof input === 'string' ? { ok: true, value: input } : { ok: false, type: 'string_type', msg: 'Input should be a valid string' };
    case 'int': {
      if (typeof input === 'number' && Number.isInteger(input)) return { ok: true, value: input };
      if (typeof input === 'boolean') return { ok: true, value: input ? 1 : 0 };
      if (typeof input === 'string' && /^\s*-?\d+\s*$/.test(input)) return { ok: true, value: Number(input) };
      return { ok: false, type: 'int_type', msg: 'Input should be a valid integer' };
    }
  }
}
