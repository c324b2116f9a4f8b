import { StreamParseError } from '../errors.js';
import { RUN_STREAM_EVENT_NAMES, type RunStreamEventName } from '../types/events.js';

// The boundary check of a run stream: the fields the operators, `handleToolCalls` and the
// command line read without looking, checked once where the JSON enters. It is not a schema:
// fields nobody reads are left alone, so a server that adds or omits them still streams. Every
// check is a `typeof` or two, and the path of a bad field is built only when it is reported,
// because this runs for each of the thousands of deltas a run streams.

/**
 * What is wrong where: the field's path from the root, in reverse (a failure is built where it
 * happens and each enclosing object or array adds its step on the way out), the value, and
 * what was expected. Nothing is allocated while every field passes.
 */
interface Failure {
  readonly steps: string[];
  readonly value: unknown;
  readonly expected: string;
}

/** A check of one value: `undefined` when it passes. */
type Check = (value: unknown) => Failure | undefined;

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
 *
 * @param name - The event's name, one runstream knows.
 * @param data - The event's data, parsed from JSON.
 * @returns The reason, beginning with "its", or `undefined` when the data will do.
 */
export function runEventShapeError(name: RunStreamEventName, data: unknown): string | undefined {
  const failure = (CHECKS.get(name) ?? FAMILIES[familyOf(name)])(data);
  return failure === undefined ? undefined : `its ${reasonOf(failure)}`;
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

/** A failure at the value being checked; the enclosing checks add the path. */
function wrong(value: unknown, expected: string): Failure {
  return { steps: [], value, expected };
}

/** The reason in words: `` `delta.content[0].index` is a string; expected a number ``. */
function reasonOf({ steps, value, expected }: Failure): string {
  let path = '';
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as string;
    path += step.startsWith('[') || path === '' ? step : `.${step}`;
  }
  const name = path === '' ? 'data' : `\`${path}\``;
  return `${name} is ${value === undefined ? 'missing' : kindOf(value)}; expected ${expected}`;
}

type Field = [name: string, check: Check];

/** An object whose listed fields pass their checks. */
function object(fields: readonly Field[]): Check {
  const names = fields.map(([name]) => name);
  const checks = fields.map(([, check]) => check);
  return (value) => {
    if (!isRecord(value)) return wrong(value, 'an object');
    for (let i = 0; i < checks.length; i++) {
      const name = names[i] as string;
      const failure = (checks[i] as Check)(value[name]);
      if (failure !== undefined) {
        failure.steps.push(name);
        return failure;
      }
    }
    return undefined;
  };
}

const string: Check = (value) => (typeof value === 'string' ? undefined : wrong(value, 'a string'));
const number: Check = (value) => (typeof value === 'number' ? undefined : wrong(value, 'a number'));

/** Absent (or `null`) is fine; present, it must pass `check`. */
function optional(check: Check): Check {
  return (value) => (value == null ? undefined : check(value));
}

/** An array whose every element passes `check`. */
function array(check?: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return wrong(value, 'an array');
    if (check === undefined) return undefined;
    for (let i = 0; i < value.length; i++) {
      const failure = check(value[i]);
      if (failure !== undefined) {
        failure.steps.push(`[${i}]`);
        return failure;
      }
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
const TOOL_CALLS: ReadonlyMap<unknown, Check> = new Map([
  ['function', functionCall],
  ['code_interpreter', codeCall],
  ['file_search', fileSearchCall],
]);

/** An object with a string `type`, and the fields `byType` asks of that type. */
function variant(byType: ReadonlyMap<unknown, Check>): Check {
  return (value) => typed(value) ?? byType.get((value as { type: unknown }).type)?.(value);
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

/** The rule for a message delta; {@link isMessageDelta} is its fast path. */
export const messageDeltaRule: Check = object([
  ['id', string],
  ['delta', object([['content', optional(array(contentDelta))]])],
]);

/**
 * {@link messageDeltaRule} written out by hand, for the event a run streams thousands of: true
 * exactly when the rule passes (a property test holds the two equal). Named property reads
 * stay monomorphic where the rule's generic `value[name]` reads see every shape, so the event
 * nearly every frame is costs a few `typeof`s; the rule still writes the reason when it fails.
 */
export function isMessageDelta(data: unknown): boolean {
  if (!isRecord(data) || typeof data.id !== 'string') return false;
  const delta = data.delta;
  if (!isRecord(delta)) return false;
  const content = delta.content;
  if (content == null) return true;
  if (!Array.isArray(content)) return false;
  for (let i = 0; i < content.length; i++) {
    const part: unknown = content[i];
    if (!isRecord(part) || typeof part.index !== 'number') return false;
    if (part.type != null && typeof part.type !== 'string') return false;
    if (part.refusal != null && typeof part.refusal !== 'string') return false;
    const text = part.text;
    if (text == null) continue;
    if (!isRecord(text)) return false;
    if (text.value != null && typeof text.value !== 'string') return false;
    const annotations = text.annotations;
    if (annotations != null && !(Array.isArray(annotations) && annotations.every(isIndexed))) return false;
  }
  return true;
}

function isIndexed(value: unknown): boolean {
  return isRecord(value) && typeof value.index === 'number';
}

const messageDelta: Check = (data) => (isMessageDelta(data) ? undefined : messageDeltaRule(data));

const thread = object([['id', string]]);

const FAMILIES: Readonly<Record<Family, Check>> = { thread, run, step, stepDelta, message, messageDelta };

// Each name's check, looked up once per event (a Map of the names the parser already interned).
const CHECKS: ReadonlyMap<RunStreamEventName, Check> = new Map(
  RUN_STREAM_EVENT_NAMES.map((name) => [name, FAMILIES[familyOf(name)]]),
);
