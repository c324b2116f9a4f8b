import { validateId, validateMetadata } from '../client/validate.js';
import { ValidationError } from '../errors.js';
import { nearestName } from '../nearest-name.js';

// The rules of the create-response body (POST /responses), from the API reference and its
// OpenAPI spec, in one table: the client checks a request with it before sending, and the
// simulator answers 400 with the same words, so the two can never disagree.

type Body = Record<string, unknown>;

/** A rule of one field: a failure is thrown as the ValidationError that names it. */
type Rule = (value: unknown, field: string) => void;

// What `include` may ask for.
const RESPONSE_INCLUDABLES = [
  'code_interpreter_call.outputs',
  'computer_call_output.output.image_url',
  'file_search_call.results',
  'message.input_image.image_url',
  'message.output_text.logprobs',
  'reasoning.encrypted_content',
  'web_search_call.action.sources',
  'web_search_call.results',
] as const;

/**
 * The values `reasoning.effort` may take, as the API reference (and the SDK's `ReasoningEffort`)
 * lists them; not every model takes every one. The one list: the rule table checks requests
 * with it and `runstream respond --reasoning` offers it.
 */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
const SUMMARIES = ['auto', 'concise', 'detailed'] as const;
const HOSTED_TOOL_CHOICES = [
  'file_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'computer',
  'computer_use',
  'computer_use_preview',
  'image_generation',
  'code_interpreter',
  'mcp',
  'tool_search',
  'apply_patch',
  'shell',
  'programmatic_tool_calling',
] as const;

const RULES: Readonly<Record<string, Rule>> = {
  model: nonEmptyString,
  input: input,
  instructions: string,
  previous_response_id: (value, field) => validateId(field, value),
  conversation: conversation,
  background: boolean,
  store: boolean,
  stream: boolean,
  stream_options: object({ include_obfuscation: boolean }),
  metadata: (value, field) => validateMetadata(field, value),
  max_output_tokens: integer(16),
  // The OpenAPI spec gives no minimum (integer or null), but the API refuses 0: "integer below
  // minimum value. Expected a value >= 1". The live bound wins, so the error comes before sending.
  max_tool_calls: integer(1),
  temperature: range(0, 2),
  top_p: range(0, 1),
  top_logprobs: integerRange(0, 20),
  parallel_tool_calls: boolean,
  truncation: oneOf(['auto', 'disabled']),
  service_tier: oneOf(['auto', 'default', 'flex', 'scale', 'priority']),
  include: (value, field) => arrayOf(oneOf(RESPONSE_INCLUDABLES))(value, field),
  reasoning: object({
    effort: oneOf(REASONING_EFFORTS),
    summary: oneOf(SUMMARIES),
    generate_summary: oneOf(SUMMARIES),
    context: oneOf(['auto', 'current_turn', 'all_turns']),
    mode: string,
  }),
  text: object({ format: textFormat, verbosity: oneOf(['low', 'medium', 'high']) }),
  tools: (value, field) => arrayOf(tool)(value, field),
  tool_choice: toolChoice,
  prompt: prompt,
  prompt_cache_key: string,
  prompt_cache_retention: oneOf(['in_memory', '24h']),
  prompt_cache_options: anyObject,
  safety_identifier: maxLength(64),
  user: string,
  context_management: (value, field) => arrayOf(anyObject)(value, field),
  moderation: anyObject,
};

// Names of the Assistants API (and of chat completions) that Responses spells differently: a
// migrating caller is told the new name rather than a near miss.
const RENAMED: Readonly<Record<string, string>> = {
  assistant_id: 'model and instructions (Responses has no assistants)',
  additional_instructions: 'instructions',
  additional_messages: 'input',
  messages: 'input',
  response_format: 'text.format',
  max_completion_tokens: 'max_output_tokens',
  max_tokens: 'max_output_tokens',
  max_prompt_tokens: 'truncation',
  truncation_strategy: 'truncation',
  thread_id: 'previous_response_id or conversation',
};

/**
 * Options of {@link responseParamsError}.
 *
 * @example
 * ```ts
 * const lenient: ResponseParamsCheck = { allowUnknownKeys: true };
 * console.log(responseParamsError({ model: 'gpt-5', brand_new_field: 1 }, lenient)); // undefined
 * ```
 */
export interface ResponseParamsCheck {
  /**
   * Send keys the table does not know (a field newer than this version) instead of refusing them.
   *
   * @default false
   */
  allowUnknownKeys?: boolean;
  /**
   * A model is filled in later (an Azure deployment), so a body without one passes.
   *
   * @default false
   */
  modelSupplied?: boolean;
}

/**
 * Checks a create-response body against the API's rules and returns the first broken one as a
 * {@link ValidationError} naming the field, the rule and the value, or `undefined` when the body
 * may be sent. Pure: both the client (before sending) and the simulator (when answering) call it.
 * An unknown key is refused with the nearest known name (`temprature` → `temperature`) unless
 * `allowUnknownKeys` is set.
 *
 * @param params - A create-response body, as a caller would send it.
 * @param options - What to let pass: unknown keys, a body without a model.
 * @returns The first rule the body breaks, or `undefined` when it may be sent.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 *
 * @example
 * ```ts
 * const error = responseParamsError({ model: 'gpt-5', input: 'Hi', temperature: 3 });
 * console.log(error?.field, error?.rule); // temperature must be a number from 0 to 2
 * ```
 */
export function responseParamsError(
  params: unknown,
  options: ResponseParamsCheck = {},
): ValidationError | undefined {
  try {
    checkParams(params, options);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

function checkParams(params: unknown, options: ResponseParamsCheck): void {
  if (!isRecord(params))
    throw new ValidationError('params', 'must be an object like { model, input }', params);
  for (const [key, value] of Object.entries(params)) {
    // Own keys only: a `__proto__` or `constructor` key is an unknown parameter, not Object's.
    const rule = Object.hasOwn(RULES, key) ? RULES[key] : undefined;
    if (rule) {
      if (value !== undefined && value !== null) rule(value, key);
    } else if (!options.allowUnknownKeys) {
      throw unknownKey(key, value);
    }
  }
  if (
    (params.model === undefined || params.model === null) &&
    !isRecord(params.prompt) &&
    !options.modelSupplied
  ) {
    throw new ValidationError('model', 'is required (or a prompt that names one)', params.model);
  }
  if (params.background === true && params.store === false) {
    throw new ValidationError(
      'store',
      'cannot be false with background: true (a background response must be stored to be polled or resumed)',
      false,
    );
  }
  if (present(params.previous_response_id) && present(params.conversation)) {
    throw new ValidationError(
      'conversation',
      'cannot be given with previous_response_id: continue a response either way, not both',
      params.conversation,
    );
  }
}

function unknownKey(key: string, value: unknown): ValidationError {
  const renamed = Object.hasOwn(RENAMED, key) ? RENAMED[key] : undefined;
  if (renamed) return new ValidationError(key, `is not a Responses parameter; use ${renamed}`, value);
  const near = nearestName(key, Object.keys(RULES));
  return new ValidationError(
    key,
    `is not a known parameter${near ? ` (did you mean "${near}"?)` : ''}; send a field newer than this version in extra_body (or pass allowUnknownKeys: true)`,
    value,
  );
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isRecord(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function string(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string or null', value);
}

function nonEmptyString(value: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(field, 'must be a non-empty string', value);
  }
}

function maxLength(limit: number): Rule {
  return (value, field) => {
    string(value, field);
    if ((value as string).length > limit) {
      throw new ValidationError(field, `may be at most ${limit} characters`, value);
    }
  };
}

function boolean(value: unknown, field: string): void {
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be true or false', value);
}

function anyObject(value: unknown, field: string): void {
  if (!isRecord(value)) throw new ValidationError(field, 'must be an object', value);
}

function range(min: number, max: number): Rule {
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new ValidationError(field, `must be a number from ${min} to ${max}`, value);
    }
  };
}

function integerRange(min: number, max: number): Rule {
  return (value, field) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new ValidationError(field, `must be a whole number from ${min} to ${max}`, value);
    }
  };
}

function integer(min: number): Rule {
  return (value, field) => {
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      throw new ValidationError(field, `must be a whole number of at least ${min}`, value);
    }
  };
}

function oneOf(values: readonly string[]): Rule {
  return (value, field) => {
    if (typeof value === 'string' && values.includes(value)) return;
    const near = typeof value === 'string' ? nearestName(value, values) : undefined;
    const list = values.map((v) => `"${v}"`).join(', ');
    throw new ValidationError(
      field,
      `must be one of ${list}${near ? ` (did you mean "${near}"?)` : ''}`,
      value,
    );
  };
}

function arrayOf(item: Rule): Rule {
  return (value, field) => {
    if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array', value);
    value.forEach((element, i) => {
      item(element, `${field}[${i}]`);
    });
  };
}

/** An object whose listed keys follow their rules; other keys pass (nested shapes grow often). */
function object(fields: Readonly<Record<string, Rule>>): Rule {
  return (value, field) => {
    anyObject(value, field);
    for (const [key, rule] of Object.entries(fields)) {
      const item = (value as Body)[key];
      if (present(item)) rule(item, `${field}.${key}`);
    }
  };
}

/** The name of a function or a schema: 1 to 64 of `A-Z a-z 0-9 _ -`, as the API accepts. */
function functionName(value: unknown, field: string): void {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new ValidationError(field, 'must be a name of 1-64 letters, digits, "_" or "-"', value);
  }
}

function input(value: unknown, field: string): void {
  if (typeof value === 'string') return;
  if (!Array.isArray(value)) {
    throw new ValidationError(field, 'must be a string or an array of input items', value);
  }
  value.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(item)) throw new ValidationError(at, 'must be an object (a message or an item)', item);
    // A message may leave `type` out; every other item names its type.
    if (item.type === undefined || item.type === 'message') {
      if (item.type === undefined && item.role === undefined && item.id !== undefined) return; // item reference
      oneOf(['user', 'assistant', 'system', 'developer'])(item.role, `${at}.role`);
      if (typeof item.content !== 'string' && !Array.isArray(item.content)) {
        throw new ValidationError(
          `${at}.content`,
          'must be a string or an array of content parts',
          item.content,
        );
      }
      return;
    }
    if (typeof item.type !== 'string') throw new ValidationError(`${at}.type`, 'must be a string', item.type);
    if (item.type === 'function_call_output') {
      nonEmptyString(item.call_id, `${at}.call_id`);
      if (typeof item.output !== 'string' && !Array.isArray(item.output)) {
        throw new ValidationError(
          `${at}.output`,
          'must be a string (JSON.stringify other values) or an array of content parts',
          item.output,
        );
      }
    }
  });
}

function conversation(value: unknown, field: string): void {
  if (typeof value === 'string') validateId(field, value);
  else if (isRecord(value)) validateId(`${field}.id`, value.id);
  else throw new ValidationError(field, 'must be a conversation id or { id }', value);
}

function prompt(value: unknown, field: string): void {
  anyObject(value, field);
  nonEmptyString((value as Body).id, `${field}.id`);
}

function tool(value: unknown, field: string): void {
  if (!isRecord(value) || typeof value.type !== 'string' || value.type === '') {
    throw new ValidationError(`${field}.type`, 'must name the tool type, e.g. "function"', value);
  }
  if (value.type === 'function') {
    if (isRecord(value.function) && value.name === undefined) {
      throw new ValidationError(
        `${field}.function`,
        'is the Assistants shape; a Responses function tool is flat: { type: "function", name, parameters }',
        value.function,
      );
    }
    functionName(value.name, `${field}.name`);
  } else if (value.type === 'custom') {
    nonEmptyString(value.name, `${field}.name`);
  } else if (value.type === 'mcp') {
    nonEmptyString(value.server_label, `${field}.server_label`);
  }
}

function textFormat(value: unknown, field: string): void {
  anyObject(value, field);
  const format = value as Body;
  if (format.type === 'text' || format.type === 'json_object') return;
  if (format.type === 'json_schema') {
    functionName(format.name, `${field}.name`);
    anyObject(format.schema, `${field}.schema`);
    if (present(format.strict)) boolean(format.strict, `${field}.strict`);
    return;
  }
  throw new ValidationError(
    `${field}.type`,
    'must be "text", "json_object" or "json_schema" (with name and schema)',
    format.type,
  );
}

function toolChoice(value: unknown, field: string): void {
  if (value === 'none' || value === 'auto' || value === 'required') return;
  if (isRecord(value)) {
    const type = value.type;
    if (type === 'function' || type === 'custom') {
      if (isRecord(value.function) && value.name === undefined) {
        throw new ValidationError(
          `${field}.function`,
          'is the Assistants shape; in Responses it is { type: "function", name }',
          value.function,
        );
      }
      functionName(value.name, `${field}.name`);
      return;
    }
    if (type === 'allowed_tools') {
      oneOf(['auto', 'required'])(value.mode, `${field}.mode`);
      arrayOf(anyObject)(value.tools, `${field}.tools`);
      return;
    }
    if (type === 'mcp') {
      nonEmptyString(value.server_label, `${field}.server_label`);
      return;
    }
    if (typeof type === 'string' && (HOSTED_TOOL_CHOICES as readonly string[]).includes(type)) return;
  }
  throw new ValidationError(
    field,
    'must be "none", "auto", "required", { type: "function", name }, { type: "allowed_tools", mode, tools }, { type: "mcp", server_label } or a hosted tool such as { type: "file_search" }',
    value,
  );
}
