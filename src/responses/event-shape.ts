import type { ResponseStreamEventType } from '../types/responses/events.js';

// The boundary check of a Responses stream: the fields the accumulator and the operators read
// without looking, checked once where the JSON enters. Not a schema: fields nobody reads are
// left alone, so a server that adds or omits them still streams. A few `typeof`s per event,
// because this runs for each of the thousands of deltas a response streams.

type Kind = 'number' | 'string' | 'object';

interface FieldRule {
  field: string;
  kind: Kind;
}

const LIFECYCLE = { response: 'object' } as const;
const AT_ITEM = { output_index: 'number' } as const;
const AT_PART = { output_index: 'number', content_index: 'number' } as const;
const AT_SUMMARY = { output_index: 'number', summary_index: 'number' } as const;

/** What each event must carry, by type; types absent here carry nothing runstream reads. */
const RULES: Partial<Record<ResponseStreamEventType, Record<string, Kind>>> = {
  'response.created': LIFECYCLE,
  'response.queued': LIFECYCLE,
  'response.in_progress': LIFECYCLE,
  'response.completed': LIFECYCLE,
  'response.incomplete': LIFECYCLE,
  'response.failed': LIFECYCLE,
  'response.output_item.added': { ...AT_ITEM, item: 'object' },
  'response.output_item.done': { ...AT_ITEM, item: 'object' },
  'response.content_part.added': { ...AT_PART, part: 'object' },
  'response.content_part.done': { ...AT_PART, part: 'object' },
  'response.output_text.delta': { ...AT_PART, delta: 'string' },
  'response.output_text.done': { ...AT_PART, text: 'string' },
  'response.output_text.annotation.added': { ...AT_PART, annotation_index: 'number', annotation: 'object' },
  'response.refusal.delta': { ...AT_PART, delta: 'string' },
  'response.refusal.done': { ...AT_PART, refusal: 'string' },
  'response.function_call_arguments.delta': { ...AT_ITEM, delta: 'string' },
  'response.function_call_arguments.done': { ...AT_ITEM, arguments: 'string' },
  'response.reasoning_summary_part.added': { ...AT_SUMMARY, part: 'object' },
  'response.reasoning_summary_part.done': { ...AT_SUMMARY, part: 'object' },
  'response.reasoning_summary_text.delta': { ...AT_SUMMARY, delta: 'string' },
  'response.reasoning_summary_text.done': { ...AT_SUMMARY, text: 'string' },
  'response.reasoning_text.delta': { ...AT_PART, delta: 'string' },
  'response.reasoning_text.done': { ...AT_PART, text: 'string' },
  'response.web_search_call.in_progress': AT_ITEM,
  'response.web_search_call.searching': AT_ITEM,
  'response.web_search_call.completed': AT_ITEM,
  'response.file_search_call.in_progress': AT_ITEM,
  'response.file_search_call.searching': AT_ITEM,
  'response.file_search_call.completed': AT_ITEM,
  'response.code_interpreter_call.in_progress': AT_ITEM,
  'response.code_interpreter_call.interpreting': AT_ITEM,
  'response.code_interpreter_call.completed': AT_ITEM,
  'response.code_interpreter_call_code.delta': { ...AT_ITEM, delta: 'string' },
  'response.code_interpreter_call_code.done': { ...AT_ITEM, code: 'string' },
  'response.image_generation_call.in_progress': AT_ITEM,
  'response.image_generation_call.generating': AT_ITEM,
  'response.image_generation_call.completed': AT_ITEM,
  'response.image_generation_call.partial_image': { ...AT_ITEM, partial_image_b64: 'string' },
  'response.mcp_call.in_progress': AT_ITEM,
  'response.mcp_call.completed': AT_ITEM,
  'response.mcp_call.failed': AT_ITEM,
  'response.mcp_call_arguments.delta': { ...AT_ITEM, delta: 'string' },
  'response.mcp_call_arguments.done': { ...AT_ITEM, arguments: 'string' },
  'response.mcp_list_tools.in_progress': AT_ITEM,
  'response.mcp_list_tools.completed': AT_ITEM,
  'response.mcp_list_tools.failed': AT_ITEM,
  'response.custom_tool_call_input.delta': { ...AT_ITEM, delta: 'string' },
  'response.custom_tool_call_input.done': { ...AT_ITEM, input: 'string' },
  'response.audio.delta': { delta: 'string' },
  'response.audio.transcript.delta': { delta: 'string' },
};

// The rules as lists, built once: the per-event check walks an array instead of an object's keys.
const CHECKS = new Map<string, readonly FieldRule[]>(
  Object.entries(RULES).map(([type, fields]) => [
    type,
    Object.entries(fields).map(([field, kind]) => ({ field, kind })),
  ]),
);

/**
 * Why `event` cannot be the Responses event `type`, in a few words (its `delta` is a number;
 * expected a string), or `undefined` when it has what runstream reads: objects where objects
 * are expected (`response` on lifecycle events, `item` on output items, `part` on content and
 * summary parts, `annotation`), numeric indices (`output_index`, `content_index`,
 * `summary_index`, `annotation_index`), string `delta` on deltas and the whole text on `.done`
 * events; a lifecycle `response` must have an `output` array. The parser errors with
 * `StreamParseError` naming the event when it gives a reason.
 *
 * @example
 * ```ts
 * responseEventShapeError('response.output_text.delta', { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 5 });
 * // 'its `delta` is a number; expected a string'
 * ```
 *
 * @param type - The event's `type`, one runstream knows.
 * @param event - The event object, parsed from JSON.
 * @returns The reason, beginning with "its", or `undefined` when the event will do.
 */
export function responseEventShapeError(
  type: ResponseStreamEventType,
  event: Record<string, unknown>,
): string | undefined {
  // The deltas nearly every event is, checked by named reads (which stay fast where the loop's
  // `event[field]` sees every layout); the loop below still names what a failing one lacks.
  if (type === 'response.output_text.delta') {
    if (
      typeof event.output_index === 'number' &&
      typeof event.content_index === 'number' &&
      typeof event.delta === 'string'
    )
      return undefined;
  } else if (type === 'response.function_call_arguments.delta') {
    if (typeof event.output_index === 'number' && typeof event.delta === 'string') return undefined;
  }
  const rules = CHECKS.get(type);
  if (rules === undefined) return undefined;
  for (const { field, kind } of rules) {
    const value = event[field];
    if (kind === 'object' ? !isRecord(value) : typeof value !== kind) {
      return `its \`${field}\` is ${kindOf(value)}; expected ${kind === 'object' ? 'an object' : `a ${kind}`}`;
    }
  }
  if (isLifecycleType(type)) {
    const output = (event.response as { output?: unknown }).output;
    if (!Array.isArray(output)) return `its \`response.output\` is ${kindOf(output)}; expected an array`;
  }
  return undefined;
}

/**
 * Whether events of `type` carry the whole response (`response.created`, `queued`,
 * `in_progress`, `completed`, `incomplete`, `failed`).
 *
 * @param type - A known event type.
 * @returns `true` for the lifecycle events.
 */
export function isLifecycleType(type: ResponseStreamEventType): boolean {
  return RULES[type] === LIFECYCLE;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value is named in a reason: `null`, `an array`, `a string`, `missing`. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const kind = typeof value;
  return kind === 'object' ? 'an object' : `a ${kind}`;
}
