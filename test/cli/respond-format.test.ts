import { describe, expect, it } from 'vitest';
import {
  type CliResponseEvent,
  responseFramedFormatter,
  responseTextFormatter,
} from '../../src/cli/format/response-formatter.js';
import { responsePrettyFormatter } from '../../src/cli/format/response-pretty.js';
import { captureTerminal, captureWriter } from './support.js';

const base = { id: 'resp_1', object: 'response', model: 'gpt-5', output: [], created_at: 1 };
let sequence = 0;
const ev = (event: Record<string, unknown>) =>
  ({ sequence_number: sequence++, ...event }) as unknown as CliResponseEvent;
const outcome = (response: Record<string, unknown> | undefined, error?: unknown) =>
  ({ response, error, startedAt: 0, firstTokenAt: 5, endedAt: 1_200 }) as never;

function pretty(events: CliResponseEvent[], end: Record<string, unknown> | undefined, timing = true) {
  const terminal = captureTerminal();
  const formatter = responsePrettyFormatter(terminal, { timing });
  for (const event of events) formatter.event(event);
  formatter.end(outcome(end));
  return terminal.out.text;
}

describe('the pretty Responses formatter', () => {
  it('shows a background response queued, its reasoning, refusal and the summary', () => {
    const text = pretty(
      [
        ev({ type: 'response.created', response: { ...base, status: 'queued', background: true } }),
        ev({ type: 'response.queued', response: { ...base, status: 'queued', background: true } }),
        ev({ type: 'response.in_progress', response: { ...base, status: 'in_progress', background: true } }),
        ev({
          type: 'response.reasoning_text.delta',
          item_id: 'rs_1',
          output_index: 0,
          content_index: 0,
          delta: 'Hmm.',
        }),
        ev({
          type: 'response.refusal.delta',
          item_id: 'msg_1',
          output_index: 1,
          content_index: 0,
          delta: 'I cannot help.',
        }),
        ev({ type: 'unknown.thing', unknown: true }),
      ],
      { ...base, status: 'incomplete', usage: { total_tokens: 7 } },
    );
    expect(text).toContain('◦ queued (background)');
    expect(text).toContain('◦ in progress (background)');
    expect(text).toContain('✻ Hmm.\n');
    expect(text).toContain('I cannot help.');
    expect(text).toContain('◼ incomplete · 7 tokens · first token 5 ms · 1.2 s');
  });

  it('shows each kind of tool call when its item is done', () => {
    const done = (item: Record<string, unknown>) =>
      ev({ type: 'response.output_item.done', output_index: 0, item });
    const text = pretty(
      [
        done({
          type: 'file_search_call',
          id: 'fs',
          queries: ['refund policy'],
          results: [{}, {}],
          status: 'completed',
        }),
        done({ type: 'file_search_call', id: 'fs2', queries: [], status: 'completed' }),
        done({ type: 'mcp_call', id: 'mcp', server_label: 'wiki', name: 'lookup', arguments: '{"q":"x"}' }),
        done({ type: 'image_generation_call', id: 'ig', status: 'completed' }),
        done({ type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'shell', input: 'ls -la' }),
        done({
          type: 'code_interpreter_call',
          id: 'ci',
          code: Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'),
          outputs: [{ type: 'image', url: 'https://img' }],
        }),
        done({ type: 'web_search_call', id: 'ws', status: 'completed' }),
      ],
      { ...base, status: 'failed' },
      false,
    );
    expect(text).toContain('⚙ file_search refund policy · 2 results');
    expect(text).toContain('⚙ file_search\n');
    expect(text).toContain('⚙ wiki.lookup({"q":"x"})');
    expect(text).toContain('⚙ image_generation completed');
    expect(text).toContain('⚙ shell(ls -la)');
    expect(text).toContain('… 9 more lines');
    expect(text).toContain('→ image https://img');
    expect(text).toContain('⚙ web_search\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ failed');
  });

  it('lists file citations after the message, and writes no summary for a stream that failed', () => {
    const terminal = captureTerminal();
    const formatter = responsePrettyFormatter(terminal, {});
    formatter.event(
      ev({
        type: 'response.output_text.delta',
        item_id: 'm',
        output_index: 0,
        content_index: 0,
        delta: 'See the file.',
      }),
    );
    formatter.event(
      ev({
        type: 'response.output_text.annotation.added',
        annotation: { type: 'file_citation', filename: 'policy.pdf' },
      }),
    );
    formatter.event(
      ev({ type: 'response.output_item.done', output_index: 0, item: { type: 'message', content: [] } }),
    );
    formatter.end(outcome({ ...base, status: 'completed' }, new Error('cut')));
    expect(terminal.out.text).toBe('See the file.\n  [1] policy.pdf\n');
  });
});

describe('the text and framed Responses formatters', () => {
  it('text writes answer and refusal deltas, one line per message', () => {
    const out = captureWriter();
    const formatter = responseTextFormatter(out);
    formatter.event(ev({ type: 'response.output_text.delta', delta: 'Hello' }));
    formatter.event(ev({ type: 'response.output_item.done', item: { type: 'message' } }));
    formatter.event(ev({ type: 'response.refusal.delta', delta: 'No.' }));
    formatter.end(outcome(undefined));
    expect(out.text).toBe('Hello\nNo.\n');
  });

  it('sse and ndjson end a failed stream with an error event, an interrupted one with nothing', () => {
    for (const format of ['sse', 'ndjson'] as const) {
      const out = captureWriter();
      const formatter = responseFramedFormatter(out, format);
      formatter.event(ev({ type: 'future.event', unknown: true, extra: 1 }));
      formatter.end(
        outcome(undefined, Object.assign(new Error('boom'), { code: 'server_error', param: 'input' })),
      );
      const frames =
        format === 'sse' ? out.text.split('\n\n').filter(Boolean) : out.text.trimEnd().split('\n');
      expect(frames).toHaveLength(2);
      expect(out.text).not.toContain('"unknown"');
      expect(out.text).toContain('"extra":1');
      expect(out.text).toContain('{"type":"error","code":"server_error","message":"boom","param":"input"}');
      const quiet = captureWriter();
      const interrupted = Object.assign(new Error('interrupted'), { name: 'Interrupted' });
      responseFramedFormatter(quiet, format).end(outcome(undefined, interrupted));
      expect(quiet.text).toBe('');
    }
  });
});
