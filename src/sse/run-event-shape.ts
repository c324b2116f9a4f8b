import { StreamParseError } from '../errors.js';
import type { RunStreamEventName } from '../types/events.js';

// The boundary check of a run stream: the fields the operators, `handleToolCalls` and the
// command line read without looking, checked once where the JSON enters. It is not a schema:
// fields nobody reads are left alone, so a server that adds or omits them still streams. Every
// check is a `typeof` or two, and the path of a bad field is built only when it is reported,
// because this runs for each of the thousands of deltas a run streams.

/** A reason why a value is not what it should be, or `undefined` when it is. */
type Check = (value: unknown) => string | undefined;

/**
 * Why `data` cannot be the data of the known run event `name`, in a few words (its
 * `delta.content[0].index` is a string; expected a number), or `undefined` when it has the fields
 * runstream relies on: an object with a string `id` for every event; `status` for runs and
 * steps; a step's `type` and `step_details`; a message's `content` array; a delta's `delta`
 * object, whose `content` or `step_details.tool_calls` are arrays of objects with a numeric
 * `index`. The parser errors with `StreamParseError` naming the event when it gives a reason.
 *
 * @example
 * ```ts
 * runEventShapeError('thread.message.delta', { id: 'msg_1', delta: { content: 5 } });
 * // 'its `delta.content` is a number; expected an array'
 * runEventShapeError('thread.run.completed', { id: 'run_1', status: 'completed' }); // undefined
 * ```
 */
export function runEventShapeError(name: RunStreamEventName, data: unknown): string | undefined {
  const reason = CHECKS[familyOf(name)](data);
  return reason === undefined ? undefined : `its ${reason}`;
}

/**
 * The {@link StreamParseError} for a known event whose data fails {@link runEventShapeError}, or
 * `undefined` when it passes. `text` is the data as it came (its excerpt goes into the message);
 * without it the data is shown as JSON.
 */
export function runEventShapeFailure(
  name: RunStreamEventName,
  data: unknown,
  text?: string,
): StreamParseError | undefined {
  const reason = runEventShapeError(name, data);
  return reason === undefined ? undefined : new StreamParseError(name, text ?? asText(data), { reason });
}

/** The data as JSON for an excerpt; values JSON cannot hold (a cycle, a bigint) as their kind. */
function asText(data: unknown): string {
  try {
    return JSON.stringify(data) ?? String(data);
  } catch {
    return kindOf(data);
  }
}

type Family = 'thread' | 'run' | 'step' | 'stepDelta' | 'message' | 'messageDelta';

function familyOf(name: RunStreamEventName): Family {
  if (name === 'thread.created') return 'thread';
  if (name === 'thread.message.delta') return 'messageDelta';
  if (name === 'thread.run.step.delta') return 'stepDelta';
  if (name.startsWith('thread.message.')) return 'message';
  if (name.startsWith('thread.run.step.')) return 'step';
  return 'run';
}

/** What a value is, for a reason: `null`, `an array`, `a number`, … */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `path` names the field; the root (the event's data) is `data`. */
function wrong(path: string, value: unknown, expected: string): string {
  const name = path === 'data' ? 'data' : `\`${path}\``;
  return `${name} is ${value === undefined ? 'missing' : kindOf(value)}; expected ${expected}`;
}

type Field = [name: string, check: (value: unknown, path: string) => string | undefined];

const join = (path: string, name: string) => (path === 'data' ? name : `${path}.${name}`);

/** An object whose listed fields pass their checks. */
function object(fields: readonly Field[]): (value: unknown, path: string) => string | undefined {
  return (value, path) => {
    if (!isRecord(value)) return wrong(path, value, 'an object');
    for (const [name, check] of fields) {
      const reason = check(value[name], join(path, name));
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
}

const string = (value: unknown, path: string) =>
  typeof value === 'string' ? undefined : wrong(path, value, 'a string');
const number = (value: unknown, path: string) =>
  typeof value === 'number' ? undefined : wrong(path, value, 'a number');

/** Absent (or `null`) is fine; present, it must pass `check`. */
function optional(check: (value: unknown, path: string) => string | undefined) {
  return (value: unknown, path: string) => (value == null ? undefined : check(value, path));
}

/** An array whose every element passes `check`. */
function array(check?: (value: unknown, path: string) => string | undefined) {
  return (value: unknown, path: string) => {
    if (!Array.isArray(value)) return wrong(path, value, 'an array');
    if (check === undefined) return undefined;
    for (let i = 0; i < value.length; i++) {
      const reason = check(value[i], `${path}[${i}]`);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
}

// Whole objects: what `snapshots`, `finalRun`, `handleToolCalls` and the CLI read.
const lastError = optional(object([['message', optional(string)]]));

const requiredCall = object([
  ['id', string],
  [
    'function',
    object([
      ['name', string],
      ['arguments', string],
    ]),
  ],
]);

const run = object([
  ['id', string],
  ['status', string],
  ['thread_id', optional(string)],
  ['last_error', lastError],
  [
    'required_action',
    optional(object([['submit_tool_outputs', object([['tool_calls', array(requiredCall)]])]])),
  ],
]);

const typed = object([['type', string]]);
const functionCall = object([
  [
    'function',
    object([
      ['name', string],
      ['arguments', string],
    ]),
  ],
]);
const codeCall = object([
  [
    'code_interpreter',
    object([
      ['input', string],
      ['outputs', array(typed)],
    ]),
  ],
]);
const fileSearchCall = object([['file_search', object([['results', optional(array(object([])))]])]]);
// By `type`; a type this version does not know is left alone, as the operators leave it.
const TOOL_CALLS: ReadonlyMap<unknown, (value: unknown, path: string) => string | undefined> = new Map([
  ['function', functionCall],
  ['code_interpreter', codeCall],
  ['file_search', fileSearchCall],
]);

/** An object with a string `type`, and the fields `byType` asks of that type. */
function variant(byType: ReadonlyMap<unknown, (value: unknown, path: string) => string | undefined>) {
  return (value: unknown, path: string): string | undefined =>
    typed(value, path) ?? byType.get((value as { type: unknown }).type)?.(value, path);
}

const stepDetails = variant(new Map([['tool_calls', object([['tool_calls', array(variant(TOOL_CALLS))]])]]));

const step = object([
  ['id', string],
  ['type', string],
  ['status', string],
  ['step_details', stepDetails],
  ['last_error', lastError],
]);

// A text part's `text.value` is what the command line prints.
const contentPart = variant(
  new Map([
    [
      'text',
      object([
        [
          'text',
          object([
            ['value', string],
            ['annotations', optional(array(object([])))],
          ]),
        ],
      ]),
    ],
  ]),
);

const message = object([
  ['id', string],
  ['content', array(contentPart)],
]);

// Deltas: every field optional but the `index` that says where an entry merges.
const indexed = (fields: readonly Field[]) => object([['index', number], ...fields]);

const toolCallDelta = indexed([
  ['type', optional(string)],
  [
    'function',
    optional(
      object([
        ['name', optional(string)],
        ['arguments', optional(string)],
      ]),
    ),
  ],
  [
    'code_interpreter',
    optional(
      object([
        ['input', optional(string)],
        ['outputs', optional(array(indexed([])))],
      ]),
    ),
  ],
]);

const stepDelta = object([
  ['id', string],
  [
    'delta',
    object([
      [
        'step_details',
        optional(
          object([
            ['type', optional(string)],
            ['tool_calls', optional(array(toolCallDelta))],
          ]),
        ),
      ],
    ]),
  ],
]);

const contentDelta = indexed([
  ['type', optional(string)],
  [
    'text',
    optional(
      object([
        ['value', optional(string)],
        ['annotations', optional(array(indexed([])))],
      ]),
    ),
  ],
  ['refusal', optional(string)],
]);

const messageDelta = object([
  ['id', string],
  ['delta', object([['content', optional(array(contentDelta))]])],
]);

const thread = object([['id', string]]);

const at =
  (check: (value: unknown, path: string) => string | undefined): Check =>
  (value) =>
    check(value, 'data');

const CHECKS: Readonly<Record<Family, Check>> = {
  thread: at(thread),
  run: at(run),
  step: at(step),
  stepDelta: at(stepDelta),
  message: at(message),
  messageDelta: at(messageDelta),
};
