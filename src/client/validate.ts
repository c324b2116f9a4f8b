import { ValidationError } from '../errors.js';
import { nearestName } from '../nearest-name.js';
import { truncate } from '../truncate.js';
import { type ReasoningEffort, RUN_KEYS, RUN_RULES, THREAD_AND_RUN_KEYS } from './run-rules.js';

type Body = Record<string, unknown>;

const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** Checks a thread, run or assistant id: non-empty, no `/`, `?`, `#`, `%`, whitespace, not `.` or `..`. */
export function validateId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(field, 'must be a non-empty string', value);
  }
  if (!ID_PATTERN.test(value) || /^\.+$/.test(value) || value.length > 256) {
    throw new ValidationError(
      field,
      'may hold only letters, digits, "_", "-", "." and ":" (no "/", "?", "#", "%", spaces or newlines), at most 256 characters',
      value,
    );
  }
  return value;
}

/**
 * Checks the create-run body and returns the body to send. A key the API does not know is refused
 * (the API would answer 400), naming the nearest known key; fields newer than this version go
 * unchecked in `extra_body`, merged into the body as they are.
 */
export function validateRunParams(params: unknown): Body {
  return checkRun(params, RUN_KEYS);
}

function checkRun(params: unknown, known: readonly string[]): Body {
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    throw new ValidationError('params', 'must be an object with at least assistant_id', params);
  }
  const { extra_body: extra, ...body } = params as Body;
  validateKnownKeys(body, known);
  if (extra !== undefined && (!extra || typeof extra !== 'object' || Array.isArray(extra))) {
    throw new ValidationError('extra_body', 'must be an object of fields to send unchecked', extra);
  }
  validateId('assistant_id', body.assistant_id);
  validateReasoningEffort(body.reasoning_effort);
  optionalString(body, 'model');
  optionalString(body, 'instructions');
  optionalString(body, 'additional_instructions');
  optionalRange(body, 'temperature', RUN_RULES.temperature.min, RUN_RULES.temperature.max);
  optionalRange(body, 'top_p', RUN_RULES.top_p.min, RUN_RULES.top_p.max);
  optionalTokens(body, 'max_prompt_tokens');
  optionalTokens(body, 'max_completion_tokens');
  validateMetadata('metadata', body.metadata);
  validateMessages('additional_messages', body.additional_messages);
  validateTools(body.tools, RUN_RULES.maxRunTools);
  validateTruncation(body.truncation_strategy);
  validateToolChoice(body.tool_choice);
  validateResponseFormat(body.response_format);
  if (body.parallel_tool_calls !== undefined && typeof body.parallel_tool_calls !== 'boolean') {
    throw new ValidationError('parallel_tool_calls', 'must be true or false', body.parallel_tool_calls);
  }
  if (
    body.include !== undefined &&
    !(Array.isArray(body.include) && body.include.every((i) => typeof i === 'string'))
  ) {
    throw new ValidationError('include', 'must be an array of strings', body.include);
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw new ValidationError('stream', 'must be true or false', body.stream);
  }
  return extra ? { ...body, ...(extra as Body) } : body;
}

/** Refuses a key not in `known`, naming the nearest known one: `temprature` is `temperature`. */
function validateKnownKeys(body: Body, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(body)) {
    if (known.includes(key)) continue;
    const nearest = nearestName(key, known);
    throw new ValidationError(
      `${prefix}${key}`,
      `is not a parameter of this request${nearest ? ` (did you mean ${nearest}?)` : ''}; a field newer than runstream goes in extra_body: { ${key}: … }`,
      body[key],
    );
  }
}

/** `reasoning_effort` on runs and assistants: one of the API's efforts, or null. */
export function validateReasoningEffort(value: unknown): void {
  if (value === undefined || value === null) return;
  if (!RUN_RULES.reasoningEfforts.includes(value as ReasoningEffort)) {
    throw new ValidationError(
      'reasoning_effort',
      `must be ${RUN_RULES.reasoningEfforts.join(', ')} or null`,
      value,
    );
  }
}

/** Checks the body of submit-tool-outputs: each output names a call id and carries a string. */
export function validateToolOutputs(params: unknown): Body {
  const outputs = (params as Body | undefined)?.tool_outputs;
  if (!Array.isArray(outputs) || outputs.length === 0) {
    throw new ValidationError(
      'tool_outputs',
      'must be a non-empty array of { tool_call_id, output }',
      outputs,
    );
  }
  outputs.forEach((item: { tool_call_id?: unknown; output?: unknown } | null, i) => {
    if (typeof item?.tool_call_id !== 'string' || item.tool_call_id === '') {
      throw new ValidationError(
        `tool_outputs[${i}].tool_call_id`,
        'must be a non-empty string',
        item?.tool_call_id,
      );
    }
    if (typeof item.output !== 'string') {
      throw new ValidationError(
        `tool_outputs[${i}].output`,
        'must be a string (JSON.stringify other values)',
        item.output,
      );
    }
  });
  return params as Body;
}

/** Checks create-thread-and-run: the run part plus the optional new thread. */
export function validateThreadAndRunParams(params: unknown): Body {
  const body = checkRun(params, THREAD_AND_RUN_KEYS);
  const thread = body.thread as Body | undefined;
  if (thread !== undefined) {
    if (!thread || typeof thread !== 'object' || Array.isArray(thread)) {
      throw new ValidationError('thread', 'must be an object like { messages: [...] }', thread);
    }
    validateMessages('thread.messages', thread.messages);
    validateMetadata('thread.metadata', thread.metadata);
  }
  return body;
}

export function validateMetadata(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  // A Map or a Date would be sent as `{}` or a string: only a plain record is the API's map.
  const prototype = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new ValidationError(field, 'must be a plain object of string keys and string values', value);
  }
  const entries = Object.entries(value);
  const { maxKeys, maxKeyLength, maxValueLength } = RUN_RULES.metadata;
  if (entries.length > maxKeys)
    throw new ValidationError(field, `may hold at most ${maxKeys} keys`, `${entries.length} keys`);
  for (const [key, item] of entries) {
    if (key.length > maxKeyLength)
      throw new ValidationError(
        `${field}.${truncate(key, 21)}`,
        `keys may be at most ${maxKeyLength} characters`,
        key,
      );
    if (typeof item !== 'string')
      throw new ValidationError(`${field}.${key}`, 'values must be strings', item);
    if (item.length > maxValueLength) {
      throw new ValidationError(
        `${field}.${key}`,
        `values may be at most ${maxValueLength} characters`,
        `${item.length} characters`,
      );
    }
  }
}

function validateMessages(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array of { role, content }', value);
  value.forEach((message: Body | null, i) => {
    const at = `${field}[${i}]`;
    if (!message || typeof message !== 'object')
      throw new ValidationError(at, 'must be an object { role, content }', message);
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw new ValidationError(`${at}.role`, 'must be "user" or "assistant"', message.role);
    }
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
      throw new ValidationError(
        `${at}.content`,
        'must be a string or an array of content parts',
        message.content,
      );
    }
    validateMetadata(`${at}.metadata`, message.metadata);
  });
}

const TOOL_TYPES = new Set(['code_interpreter', 'file_search', 'function']);

/** A run's or an assistant's `tools`: at most `max` of the API's three kinds. */
export function validateTools(value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw new ValidationError('tools', 'must be an array of tools', value);
  if (value.length > max)
    throw new ValidationError('tools', `may hold at most ${max} tools`, `${value.length} tools`);
  value.forEach((tool: Body | null, i) => {
    if (!tool || typeof tool !== 'object' || !TOOL_TYPES.has(tool.type as string)) {
      throw new ValidationError(
        `tools[${i}].type`,
        'must be "code_interpreter", "file_search" or "function"',
        tool?.type,
      );
    }
    if (tool.type === 'function')
      functionName(`tools[${i}].function.name`, (tool.function as Body | undefined)?.name);
  });
}

function validateTruncation(value: unknown): void {
  if (value === undefined || value === null) return;
  const strategy = value as Body;
  if (typeof value !== 'object' || (strategy.type !== 'auto' && strategy.type !== 'last_messages')) {
    throw new ValidationError(
      'truncation_strategy',
      'must be { type: "auto" } or { type: "last_messages", last_messages: N }',
      value,
    );
  }
  if (strategy.type === 'last_messages') {
    const n = strategy.last_messages;
    if (!Number.isInteger(n) || (n as number) < 1) {
      throw new ValidationError('truncation_strategy.last_messages', 'must be a positive integer', n);
    }
  } else if (strategy.last_messages !== undefined && strategy.last_messages !== null) {
    throw new ValidationError(
      'truncation_strategy.last_messages',
      'goes only with type "last_messages"',
      strategy.last_messages,
    );
  }
}

function validateToolChoice(value: unknown): void {
  if (value === undefined || value === null || value === 'none' || value === 'auto' || value === 'required')
    return;
  const choice = value as Body;
  if (typeof value === 'object' && (choice.type === 'file_search' || choice.type === 'code_interpreter'))
    return;
  if (typeof value === 'object' && choice.type === 'function') {
    functionName('tool_choice.function.name', (choice.function as Body | undefined)?.name);
    return;
  }
  throw new ValidationError(
    'tool_choice',
    'must be "none", "auto", "required", { type: "file_search" }, { type: "code_interpreter" } or { type: "function", function: { name } }',
    value,
  );
}

function validateResponseFormat(value: unknown): void {
  if (value === undefined || value === null || value === 'auto') return;
  if (value === 'json' || value === 'json_object') {
    throw new ValidationError(
      'response_format',
      'JSON mode is written { type: "json_object" }, not the bare word',
      value,
    );
  }
  if (value === 'text') {
    throw new ValidationError(
      'response_format',
      'plain text is written { type: "text" }, not the bare word',
      value,
    );
  }
  const format = value as Body;
  if (typeof value === 'object' && (format.type === 'text' || format.type === 'json_object')) return;
  if (typeof value === 'object' && format.type === 'json_schema') {
    functionName('response_format.json_schema.name', (format.json_schema as Body | undefined)?.name);
    return;
  }
  throw new ValidationError(
    'response_format',
    'must be "auto", { type: "text" }, { type: "json_object" } or { type: "json_schema", json_schema: { name, schema } }',
    value,
  );
}

/** The name of a function or a schema: what the API accepts, 1 to 64 of `A-Z a-z 0-9 _ -`. */
function functionName(field: string, name: unknown): void {
  if (typeof name !== 'string' || !RUN_RULES.name.test(name)) {
    throw new ValidationError(field, 'must be a name of 1-64 letters, digits, "_" or "-"', name);
  }
}

function optionalString(body: Body, field: string): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new ValidationError(field, 'must be a string or null', value);
  }
}

function optionalRange(body: Body, field: string, min: number, max: number): void {
  const value = body[field];
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(field, `must be a number from ${min} to ${max}`, value);
  }
}

function optionalTokens(body: Body, field: string): void {
  const value = body[field];
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || (value as number) < RUN_RULES.minTokens) {
    throw new ValidationError(field, `must be a whole number of at least ${RUN_RULES.minTokens}`, value);
  }
}
