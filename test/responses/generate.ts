import fc from 'fast-check';

// Generated Responses streams, in the API's own order of events: a plan of output items (every
// item type, with its deltas), turned into the events a server sends for it, the `.done`
// objects carrying what the deltas built, and a terminal event with the whole output.

type Json = Record<string, unknown>;

const text = fc.string({ unit: 'grapheme', maxLength: 6 });

const annotation = fc.oneof(
  fc.record({
    type: fc.constant('url_citation'),
    url: fc.webUrl(),
    title: text,
    start_index: fc.nat(50),
    end_index: fc.nat(50),
  }),
  fc.record({
    type: fc.constant('file_citation'),
    file_id: fc.constant('file_1'),
    filename: text,
    index: fc.nat(50),
  }),
);

const messagePartOf = (deltas: fc.Arbitrary<string[]>) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('output_text' as const),
      deltas,
      annotations: fc.array(annotation, { maxLength: 2 }),
    }),
    fc.record({ kind: fc.constant('refusal' as const), deltas }),
  );

/** One output item and what streams for it. */
type ItemPlan =
  | {
      type: 'message';
      parts: Array<{ kind: 'output_text' | 'refusal'; deltas: string[]; annotations?: Json[] }>;
    }
  | { type: 'function_call' | 'mcp_call' | 'custom_tool_call'; deltas: string[]; failed?: boolean }
  | { type: 'reasoning'; summary: string[][]; content: string[][] | undefined }
  | { type: 'code_interpreter_call'; deltas: string[] }
  | { type: 'web_search_call' | 'file_search_call' | 'mcp_list_tools' | 'computer_call' | 'local_shell_call' }
  | { type: 'image_generation_call'; partials: number };

const itemPlanOf = (deltas: fc.Arbitrary<string[]>): fc.Arbitrary<ItemPlan> =>
  fc.oneof(
    fc.record({
      type: fc.constant('message' as const),
      parts: fc.array(messagePartOf(deltas), { maxLength: 3 }),
    }),
    fc.record({
      type: fc.constantFrom('function_call' as const, 'mcp_call' as const, 'custom_tool_call' as const),
      deltas,
      failed: fc.boolean(),
    }),
    fc.record({
      type: fc.constant('reasoning' as const),
      summary: fc.array(deltas, { maxLength: 3 }),
      content: fc.option(fc.array(deltas, { maxLength: 2 }), { nil: undefined }),
    }),
    fc.record({ type: fc.constant('code_interpreter_call' as const), deltas }),
    fc.record({
      type: fc.constantFrom(
        'web_search_call' as const,
        'file_search_call' as const,
        'mcp_list_tools' as const,
        'computer_call' as const,
        'local_shell_call' as const,
      ),
    }),
    fc.record({ type: fc.constant('image_generation_call' as const), partials: fc.nat(3) }),
  );

export interface StreamPlan {
  items: ItemPlan[];
  end: 'completed' | 'incomplete' | 'failed';
  queued: boolean;
}

const planOf = (deltas: fc.Arbitrary<string[]>, items: number): fc.Arbitrary<StreamPlan> =>
  fc.record({
    items: fc.array(itemPlanOf(deltas), { maxLength: items }),
    end: fc.constantFrom('completed' as const, 'incomplete' as const, 'failed' as const),
    queued: fc.boolean(),
  });

/** A stream of up to five items of any type, each string streamed in up to five deltas. */
export const streamPlan: fc.Arbitrary<StreamPlan> = planOf(fc.array(text, { maxLength: 5 }), 5);

/**
 * A stream of up to three items whose strings stream in a few deltas or in 60 to 200: long runs
 * of deltas with no other event between them, as a long answer, call or summary has.
 */
export const longStreamPlan: fc.Arbitrary<StreamPlan> = planOf(
  fc.oneof(fc.array(text, { maxLength: 3 }), fc.array(text, { minLength: 60, maxLength: 200 })),
  3,
);

const RESPONSE_ID = 'resp_gen';

function responseObject(status: string, output: Json[], end?: StreamPlan['end']): Json {
  return {
    id: RESPONSE_ID,
    object: 'response',
    created_at: 1765000000,
    status,
    background: false,
    error: end === 'failed' ? { code: 'server_error', message: 'The model failed.' } : null,
    incomplete_details: end === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    max_output_tokens: null,
    model: 'gpt-gen',
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    store: true,
    temperature: 1,
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    usage:
      status === 'in_progress' || status === 'queued'
        ? null
        : { input_tokens: 3, output_tokens: 5, total_tokens: 8 },
    metadata: {},
  };
}

/** The events of `plan`, without `sequence_number` (added by {@link eventsOf}). */
function* itemEvents(plan: ItemPlan, at: number): Generator<Json, Json> {
  const id = `${plan.type}_${at}`;
  const base = { output_index: at, item_id: id };
  switch (plan.type) {
    case 'message': {
      yield {
        type: 'response.output_item.added',
        output_index: at,
        item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      };
      const content: Json[] = [];
      for (const [index, part] of plan.parts.entries()) {
        const at_part = { ...base, content_index: index };
        const whole = part.deltas.join('');
        if (part.kind === 'output_text') {
          yield {
            type: 'response.content_part.added',
            ...at_part,
            part: { type: 'output_text', text: '', annotations: [] },
          };
          for (const delta of part.deltas)
            yield { type: 'response.output_text.delta', ...at_part, delta, logprobs: [] };
          for (const [n, a] of (part.annotations ?? []).entries()) {
            yield {
              type: 'response.output_text.annotation.added',
              ...at_part,
              annotation_index: n,
              annotation: a,
            };
          }
          yield { type: 'response.output_text.done', ...at_part, text: whole, logprobs: [] };
          content.push({ type: 'output_text', text: whole, annotations: part.annotations ?? [] });
        } else {
          yield { type: 'response.content_part.added', ...at_part, part: { type: 'refusal', refusal: '' } };
          for (const delta of part.deltas) yield { type: 'response.refusal.delta', ...at_part, delta };
          yield { type: 'response.refusal.done', ...at_part, refusal: whole };
          content.push({ type: 'refusal', refusal: whole });
        }
        yield { type: 'response.content_part.done', ...at_part, part: content[index] };
      }
      return { id, type: 'message', status: 'completed', role: 'assistant', content };
    }
    case 'function_call':
    case 'mcp_call':
    case 'custom_tool_call': {
      const field = plan.type === 'custom_tool_call' ? 'input' : 'arguments';
      const prefix =
        plan.type === 'function_call'
          ? 'response.function_call_arguments'
          : plan.type === 'mcp_call'
            ? 'response.mcp_call_arguments'
            : 'response.custom_tool_call_input';
      const item: Json =
        plan.type === 'mcp_call'
          ? {
              id,
              type: 'mcp_call',
              server_label: 'docs',
              name: 'search',
              arguments: '',
              status: 'in_progress',
            }
          : plan.type === 'function_call'
            ? {
                id,
                type: 'function_call',
                call_id: `call_${at}`,
                name: 'get_weather',
                arguments: '',
                status: 'in_progress',
              }
            : { id, type: 'custom_tool_call', call_id: `call_${at}`, name: 'sql', input: '' };
      yield { type: 'response.output_item.added', output_index: at, item };
      if (plan.type === 'mcp_call') yield { type: 'response.mcp_call.in_progress', ...base };
      for (const delta of plan.deltas) yield { type: `${prefix}.delta`, ...base, delta };
      const whole = plan.deltas.join('');
      yield {
        type: `${prefix}.done`,
        ...base,
        [field]: whole,
        ...(plan.type === 'function_call' ? { name: 'get_weather' } : {}),
      };
      if (plan.type === 'mcp_call')
        yield { type: `response.mcp_call.${plan.failed ? 'failed' : 'completed'}`, ...base };
      const status = plan.type === 'mcp_call' ? (plan.failed ? 'failed' : 'completed') : 'completed';
      return plan.type === 'custom_tool_call'
        ? { ...item, input: whole }
        : { ...item, [field]: whole, status };
    }
    case 'reasoning': {
      yield {
        type: 'response.output_item.added',
        output_index: at,
        item: { id, type: 'reasoning', summary: [], ...(plan.content ? { content: [] } : {}) },
      };
      const summary: Json[] = [];
      for (const [index, pieces] of plan.summary.entries()) {
        const at_summary = { ...base, summary_index: index };
        yield {
          type: 'response.reasoning_summary_part.added',
          ...at_summary,
          part: { type: 'summary_text', text: '' },
        };
        for (const delta of pieces)
          yield { type: 'response.reasoning_summary_text.delta', ...at_summary, delta };
        const whole = pieces.join('');
        yield { type: 'response.reasoning_summary_text.done', ...at_summary, text: whole };
        yield {
          type: 'response.reasoning_summary_part.done',
          ...at_summary,
          part: { type: 'summary_text', text: whole },
        };
        summary.push({ type: 'summary_text', text: whole });
      }
      const content: Json[] = [];
      for (const [index, pieces] of (plan.content ?? []).entries()) {
        const at_part = { ...base, content_index: index };
        yield { type: 'response.content_part.added', ...at_part, part: { type: 'reasoning_text', text: '' } };
        for (const delta of pieces) yield { type: 'response.reasoning_text.delta', ...at_part, delta };
        const whole = pieces.join('');
        yield { type: 'response.reasoning_text.done', ...at_part, text: whole };
        yield {
          type: 'response.content_part.done',
          ...at_part,
          part: { type: 'reasoning_text', text: whole },
        };
        content.push({ type: 'reasoning_text', text: whole });
      }
      return { id, type: 'reasoning', summary, ...(plan.content ? { content } : {}) };
    }
    case 'code_interpreter_call': {
      const item = {
        id,
        type: 'code_interpreter_call',
        status: 'in_progress',
        container_id: 'cntr_1',
        code: null,
        outputs: null,
      };
      yield { type: 'response.output_item.added', output_index: at, item };
      yield { type: 'response.code_interpreter_call.in_progress', ...base };
      for (const delta of plan.deltas)
        yield { type: 'response.code_interpreter_call_code.delta', ...base, delta };
      const code = plan.deltas.join('');
      yield { type: 'response.code_interpreter_call_code.done', ...base, code };
      yield { type: 'response.code_interpreter_call.interpreting', ...base };
      yield { type: 'response.code_interpreter_call.completed', ...base };
      return { ...item, status: 'completed', code, outputs: [{ type: 'logs', logs: 'ok' }] };
    }
    case 'web_search_call':
    case 'file_search_call': {
      const item =
        plan.type === 'web_search_call'
          ? { id, type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: 'q' } }
          : { id, type: 'file_search_call', status: 'in_progress', queries: ['q'], results: null };
      yield { type: 'response.output_item.added', output_index: at, item };
      for (const step of ['in_progress', 'searching', 'completed'])
        yield { type: `response.${plan.type}.${step}`, ...base };
      return { ...item, status: 'completed' };
    }
    case 'image_generation_call': {
      const item = { id, type: 'image_generation_call', status: 'in_progress', result: null };
      yield { type: 'response.output_item.added', output_index: at, item };
      yield { type: 'response.image_generation_call.in_progress', ...base };
      yield { type: 'response.image_generation_call.generating', ...base };
      for (let n = 0; n < plan.partials; n++) {
        yield {
          type: 'response.image_generation_call.partial_image',
          ...base,
          partial_image_index: n,
          partial_image_b64: 'iVBORw0',
        };
      }
      yield { type: 'response.image_generation_call.completed', ...base };
      return { ...item, status: 'completed', result: 'iVBORw0KGgo' };
    }
    case 'mcp_list_tools': {
      const item = { id, type: 'mcp_list_tools', server_label: 'docs', tools: [] };
      yield { type: 'response.output_item.added', output_index: at, item };
      yield { type: 'response.mcp_list_tools.in_progress', ...base };
      yield { type: 'response.mcp_list_tools.completed', ...base };
      return { ...item, tools: [{ name: 'search', input_schema: {} }] };
    }
    case 'computer_call': {
      const item = {
        id,
        type: 'computer_call',
        call_id: `call_${at}`,
        status: 'in_progress',
        pending_safety_checks: [],
        action: { type: 'screenshot' },
      };
      yield { type: 'response.output_item.added', output_index: at, item };
      return { ...item, status: 'completed' };
    }
    case 'local_shell_call': {
      const action = { type: 'exec', command: ['ls'], env: {} };
      const item = { id, type: 'local_shell_call', call_id: `call_${at}`, status: 'in_progress', action };
      yield { type: 'response.output_item.added', output_index: at, item };
      return { ...item, status: 'completed' };
    }
  }
}

/** The wire events of `plan`, numbered from 0 as the API numbers them. */
export function eventsOf(plan: StreamPlan): Json[] {
  const events: Json[] = [
    { type: 'response.created', response: responseObject(plan.queued ? 'queued' : 'in_progress', []) },
  ];
  if (plan.queued) events.push({ type: 'response.queued', response: responseObject('queued', []) });
  events.push({ type: 'response.in_progress', response: responseObject('in_progress', []) });
  const output: Json[] = [];
  for (const [at, item] of plan.items.entries()) {
    const run = itemEvents(item, at);
    for (let step = run.next(); ; step = run.next()) {
      if (step.done) {
        output.push(step.value);
        events.push({ type: 'response.output_item.done', output_index: at, item: step.value });
        break;
      }
      events.push(step.value);
    }
  }
  events.push({ type: `response.${plan.end}`, response: responseObject(plan.end, output, plan.end) });
  return events.map((event, n) => ({ ...event, sequence_number: n }));
}

/** The events as SSE text: with `event:` lines or without (servers differ), `[DONE]` or not. */
export function sseOf(
  events: readonly Json[],
  options: { eventLines?: boolean; done?: boolean } = {},
): string {
  const { eventLines = true, done = false } = options;
  const frames = events.map((e) => `${eventLines ? `event: ${e.type}\n` : ''}data: ${JSON.stringify(e)}\n\n`);
  return frames.join('') + (done ? 'data: [DONE]\n\n' : '');
}
