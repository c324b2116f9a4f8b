import { RUN_RULES } from '../client/run-rules.js';
import { badRequest, type HttpError } from './http.js';

type Body = Record<string, unknown>;
type Rule = (value: unknown, param: string) => void;

// The messages and codes follow the real API's, so a client's error handling meets the same text.
const missing = (param: string): HttpError =>
  badRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
const wrongType = (param: string, expected: string, value: unknown): HttpError =>
  badRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${describe(value)} instead.`,
    param,
    'invalid_type',
  );

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return `a ${typeof value === 'object' ? 'object' : typeof value}`;
}

const string: Rule = (value, param) => {
  if (typeof value !== 'string') throw wrongType(param, 'a string', value);
};

const boolean: Rule = (value, param) => {
  if (typeof value !== 'boolean') throw wrongType(param, 'a boolean', value);
};

const object: Rule = (value, param) => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw wrongType(param, 'an object', value);
};

function decimal(min: number, max: number): Rule {
  return (value, param) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(param, 'a decimal', value);
    if (value > max) {
      throw badRequest(
        `Invalid '${param}': decimal above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
        param,
        'decimal_above_max_value',
      );
    }
    if (value < min) {
      throw badRequest(
        `Invalid '${param}': decimal below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
        param,
        'decimal_below_min_value',
      );
    }
  };
}

function integer(min: number, max = Number.POSITIVE_INFINITY): Rule {
  return (value, param) => {
    if (!Number.isInteger(value)) throw wrongType(param, 'an integer', value);
    if ((value as number) < min) {
      throw badRequest(
        `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
        param,
        'integer_below_min_value',
      );
    }
    if ((value as number) > max) {
      throw badRequest(
        `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
        param,
        'integer_above_max_value',
      );
    }
  };
}

const positiveInteger = integer(1);
const tokens = integer(RUN_RULES.minTokens);

function oneOf(...allowed: readonly string[]): Rule {
  return (value, param) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw badRequest(
        `Invalid value: ${JSON.stringify(value)}. Supported values are: ${allowed.map((a) => `'${a}'`).join(', ')}.`,
        param,
        'invalid_value',
      );
    }
  };
}

function arrayOf(item: Rule, max = Number.POSITIVE_INFINITY): Rule {
  return (value, param) => {
    if (!Array.isArray(value)) throw wrongType(param, 'an array', value);
    if (value.length > max) {
      throw badRequest(
        `Invalid '${param}': array too long. Expected an array with maximum length ${max}, but got an array with length ${value.length} instead.`,
        param,
        'array_above_max_length',
      );
    }
    for (const [i, element] of value.entries()) item(element, `${param}[${i}]`);
  };
}

/** An object with known fields: `required` must be present, unknown fields are refused. */
function shape(fields: Record<string, Rule>, required: string[] = []): Rule {
  return (value, param) => {
    object(value, param);
    checkFields(value as Body, fields, required, param);
  };
}

function checkFields(body: Body, fields: Record<string, Rule>, required: string[], prefix: string): void {
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  for (const key of required) if (!Object.hasOwn(body, key) || body[key] == null) throw missing(at(key));
  for (const [key, value] of Object.entries(body)) {
    // Own keys only: `constructor`, `toString` or `__proto__` in a body are not parameters.
    const rule = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!rule)
      throw badRequest(`Unrecognized request argument supplied: ${at(key)}`, at(key), 'unknown_parameter');
    // null means "unset" for every optional field of these endpoints.
    if (value !== null && value !== undefined) rule(value, at(key));
  }
}

const metadata: Rule = (value, param) => {
  object(value, param);
  const entries = Object.entries(value as Body);
  const { maxKeys, maxKeyLength, maxValueLength } = RUN_RULES.metadata;
  if (entries.length > maxKeys) {
    throw badRequest(
      `Invalid '${param}': too many properties. Expected an object with at most ${maxKeys} properties, but got an object with ${entries.length} properties instead.`,
      param,
      'object_above_max_properties',
    );
  }
  for (const [key, item] of entries) {
    if (key.length > maxKeyLength) {
      throw badRequest(
        `Invalid '${param}': keys may be at most ${maxKeyLength} characters.`,
        param,
        'invalid_value',
      );
    }
    string(item, `${param}.${key}`);
    if ((item as string).length > maxValueLength) {
      throw badRequest(
        `Invalid '${param}.${key}': string too long. Expected a string with maximum length ${maxValueLength}, but got a string with length ${(item as string).length} instead.`,
        `${param}.${key}`,
        'string_above_max_length',
      );
    }
  }
};

const contentPart: Rule = (value, param) => {
  object(value, param);
  const part = value as Body;
  oneOf('text', 'image_file', 'image_url')(part.type, `${param}.type`);
  if (part.type === 'text') string(part.text, `${param}.text`);
  else object(part[part.type as string], `${param}.${part.type}`);
};

const content: Rule = (value, param) => {
  if (typeof value === 'string') return;
  if (!Array.isArray(value)) throw wrongType(param, 'a string or an array of content parts', value);
  if (value.length === 0) {
    throw badRequest(
      `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
      param,
      'empty_array',
    );
  }
  arrayOf(contentPart)(value, param);
};

const attachment = shape(
  {
    file_id: string,
    tools: arrayOf(shape({ type: oneOf('code_interpreter', 'file_search') }, ['type'])),
  },
  ['file_id', 'tools'],
);

const messageFields = {
  role: oneOf('user', 'assistant'),
  content,
  attachments: arrayOf(attachment),
  metadata,
};
const message = shape(messageFields, ['role', 'content']);

const name: Rule = (value, param) => {
  if (typeof value !== 'string' || !RUN_RULES.name.test(value)) {
    throw badRequest(`Invalid '${param}': must be 1-64 letters, digits, '_' or '-'.`, param, 'invalid_value');
  }
};

const fileSearch = shape({
  max_num_results: integer(RUN_RULES.fileSearchResults.min, RUN_RULES.fileSearchResults.max),
  ranking_options: shape(
    {
      ranker: oneOf(...RUN_RULES.rankers),
      score_threshold: decimal(RUN_RULES.scoreThreshold.min, RUN_RULES.scoreThreshold.max),
    },
    ['score_threshold'],
  ),
});

const tool: Rule = (value, param) => {
  object(value, param);
  const item = value as Body;
  oneOf('code_interpreter', 'file_search', 'function')(item.type, `${param}.type`);
  if (item.type === 'function') {
    object(item.function, `${param}.function`);
    name((item.function as Body).name, `${param}.function.name`);
  } else if (item.type === 'file_search' && item.file_search != null) {
    fileSearch(item.file_search, `${param}.file_search`);
  }
};

const namedType = (type: string, inner: string): Rule =>
  shape({ type: oneOf(type), [inner]: shape({ name: string }, ['name']) }, ['type', inner]);

// `none | auto | required`, or the one tool the model must call.
const toolChoice: Rule = (value, param) => {
  if (typeof value === 'string') return oneOf('none', 'auto', 'required')(value, param);
  object(value, param);
  const type = (value as Body).type;
  oneOf('function', 'code_interpreter', 'file_search')(type, `${param}.type`);
  if (type === 'function') namedType('function', 'function')(value, param);
  else shape({ type: oneOf(type as string) }, ['type'])(value, param);
};

const responseFormat: Rule = (value, param) => {
  if (typeof value === 'string') return oneOf('auto')(value, param);
  object(value, param);
  const type = (value as Body).type;
  oneOf('text', 'json_object', 'json_schema')(type, `${param}.type`);
  if (type !== 'json_schema') return shape({ type: oneOf(type as string) }, ['type'])(value, param);
  shape(
    {
      type: oneOf('json_schema'),
      json_schema: shape({ name, description: string, schema: object, strict: boolean }, ['name']),
    },
    ['type', 'json_schema'],
  )(value, param);
};

const reasoningEffort = oneOf(...RUN_RULES.reasoningEfforts);

const runFields: Record<string, Rule> = {
  assistant_id: string,
  model: string,
  instructions: string,
  additional_instructions: string,
  additional_messages: arrayOf(message),
  tools: arrayOf(tool, RUN_RULES.maxRunTools),
  metadata,
  temperature: decimal(RUN_RULES.temperature.min, RUN_RULES.temperature.max),
  top_p: decimal(RUN_RULES.top_p.min, RUN_RULES.top_p.max),
  max_prompt_tokens: tokens,
  max_completion_tokens: tokens,
  truncation_strategy: shape({ type: oneOf('auto', 'last_messages'), last_messages: positiveInteger }, [
    'type',
  ]),
  tool_choice: toolChoice,
  response_format: responseFormat,
  parallel_tool_calls: boolean,
  reasoning_effort: reasoningEffort,
  stream: boolean,
};

const {
  additional_messages: _messages,
  additional_instructions: _instructions,
  ...threadAndRunFields
} = runFields;

/** Checks a body against the rules of one endpoint; throws the API's 400 for the first problem. */
export const validators = {
  assistant: shape(
    {
      model: string,
      name: string,
      description: string,
      instructions: string,
      tools: arrayOf(tool, RUN_RULES.maxAssistantTools),
      tool_resources: object,
      metadata,
      temperature: decimal(RUN_RULES.temperature.min, RUN_RULES.temperature.max),
      top_p: decimal(RUN_RULES.top_p.min, RUN_RULES.top_p.max),
      response_format: responseFormat,
      reasoning_effort: reasoningEffort,
    },
    ['model'],
  ),
  thread: shape({
    messages: arrayOf(message, RUN_RULES.maxThreadMessages),
    metadata,
    tool_resources: object,
  }),
  message,
  run: shape(runFields, ['assistant_id']),
  threadAndRun: shape(
    {
      ...threadAndRunFields,
      thread: shape({
        messages: arrayOf(message, RUN_RULES.maxThreadMessages),
        metadata,
        tool_resources: object,
      }),
      tool_resources: object,
    },
    ['assistant_id'],
  ),
  toolOutputs: shape(
    {
      tool_outputs: arrayOf(shape({ tool_call_id: string, output: string }, ['tool_call_id'])),
      stream: boolean,
    },
    ['tool_outputs'],
  ),
} satisfies Record<string, Rule>;

/** Runs a validator on a whole request body (whose fields have no prefix). */
export function validate(rule: Rule, body: Body): void {
  rule(body, '');
}
