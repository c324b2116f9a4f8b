import { badRequest } from '../http.js';

/**
 * A field of a request body, read as an own property only: a body may carry any key, and one
 * named `__proto__` or `constructor` must read as the value sent, never as something inherited.
 */
export function own(body: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(body, key)?.value;
}

type Check = (value: unknown, param: string) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typed =
  (expected: string, test: (value: unknown) => boolean): Check =>
  (value) =>
    test(value) ? undefined : `expected ${expected}`;

const range =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? undefined
      : `expected a number from ${min} to ${max}`;

const metadata: Check = (value) => {
  if (!isObject(value)) return 'expected an object';
  const keys = Object.keys(value);
  if (keys.length > 16) return `expected at most 16 keys, got ${keys.length}`;
  for (const key of keys) {
    const item = own(value, key);
    if (key.length > 64) return `keys may be at most 64 characters ('${key.slice(0, 20)}…')`;
    if (typeof item !== 'string' || item.length > 512)
      return `'${key}' must be a string of at most 512 characters`;
  }
  return undefined;
};

const string = typed('a string', (v) => typeof v === 'string');
const boolean = typed('a boolean', (v) => typeof v === 'boolean');
const array = typed('an array', Array.isArray);

// The simulator's own reading of the create body: what the engine relies on. The full rule
// table of the API lives with the client (src/responses/rules.ts) once it exists.
const FIELDS: Record<string, Check> = {
  model: string,
  input: typed('a string or an array of input items', (v) => typeof v === 'string' || Array.isArray(v)),
  instructions: string,
  previous_response_id: string,
  stream: boolean,
  background: boolean,
  store: boolean,
  parallel_tool_calls: boolean,
  temperature: range(0, 2),
  top_p: range(0, 1),
  max_output_tokens: typed('an integer of at least 16', (v) => Number.isInteger(v) && (v as number) >= 16),
  metadata,
  tools: array,
  include: typed('an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string')),
  text: typed('an object', isObject),
  reasoning: typed('an object', isObject),
};

/** Checks the body of `POST /responses`; throws the API's 400 naming the first bad field. */
export function checkCreateBody(body: Record<string, unknown>): void {
  if (typeof own(body, 'model') !== 'string' || own(body, 'model') === '') {
    throw badRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  for (const [param, check] of Object.entries(FIELDS)) {
    const value = own(body, param);
    if (value === undefined || value === null) continue;
    const problem = check(value, param);
    if (problem) throw badRequest(`Invalid '${param}': ${problem}.`, param, 'invalid_value');
  }
  if (own(body, 'background') === true && own(body, 'store') === false) {
    throw badRequest(
      "Background responses must be stored: 'store' cannot be false when 'background' is true.",
      'store',
      'invalid_value',
    );
  }
}
