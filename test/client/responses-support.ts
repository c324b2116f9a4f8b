// Responses streams for the client's tests, built in the API's shape (sequence_number from 0).

/** A Response object in the API's shape. */
export function responseJSON(
  id: string,
  status: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: 1765000000,
    status,
    background: false,
    model: 'gpt-5',
    output: [],
    store: true,
    usage: null,
    metadata: {},
    ...overrides,
  };
}

/** The events of a text response: created, in_progress, one delta per word, completed. */
export function textResponseEvents(
  id: string,
  words: readonly string[],
  overrides: Record<string, unknown> = {},
): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  const push = (event: Record<string, unknown>) => events.push({ ...event, sequence_number: events.length });
  const item = { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  push({ type: 'response.created', response: responseJSON(id, 'in_progress', overrides) });
  push({ type: 'response.in_progress', response: responseJSON(id, 'in_progress', overrides) });
  push({ type: 'response.output_item.added', output_index: 0, item });
  for (const word of words) {
    push({
      type: 'response.output_text.delta',
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      delta: word,
    });
  }
  const text = words.join('');
  const done = { ...item, status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  push({ type: 'response.output_item.done', output_index: 0, item: done });
  push({
    type: 'response.completed',
    response: responseJSON(id, 'completed', { ...overrides, output: [done] }),
  });
  return events;
}

/** Events as server-sent events, `event:` = `type`, as the API writes them. */
export function sse(events: ReadonlyArray<Record<string, unknown>>): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}
