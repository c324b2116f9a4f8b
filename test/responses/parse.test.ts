import { readdirSync } from 'node:fs';
import OpenAI from 'openai';
import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ResponseFailedError, ResponseStreamInterruptedError } from '../../src/errors/response-stream.js';
import {
  RunStreamError,
  StreamInterruptedError,
  StreamParseError,
  ValidationError,
} from '../../src/errors.js';
import { finalResponse } from '../../src/responses/final-response.js';
import { parseResponseEvents } from '../../src/responses/parse.js';
import { snapshots } from '../../src/responses/snapshots.js';
import { textDeltas } from '../../src/responses/text-deltas.js';
import type { ResponseStreamEvent } from '../../src/types/responses/events.js';
import { fixtureText, framesOf, outcomeOf } from '../helpers/fixtures.js';

const FIXTURES = readdirSync(new URL('../fixtures/responses/', import.meta.url)).filter((f) =>
  f.endsWith('.sse'),
);
const fixture = (name: string) => fixtureText(`responses/${name}.sse`);

/** The wire objects of a transcript, as JSON.parse gives them, up to `[DONE]` or an error. */
function wireEvents(text: string): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (const frame of framesOf(text)) {
    if (frame.data === '[DONE]' || frame.event === 'error') break;
    events.push(JSON.parse(frame.data));
  }
  return events;
}

const frame = (event: Record<string, unknown>, name: string | undefined = event.type as string) =>
  `${name === undefined ? '' : `event: ${name}\n`}data: ${JSON.stringify(event)}\n\n`;
const created = {
  type: 'response.created',
  sequence_number: 0,
  response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] },
};
const completed = {
  type: 'response.completed',
  sequence_number: 9,
  response: { id: 'resp_1', object: 'response', status: 'completed', output: [] },
};

/** An SSE body that sends `text` and then stays open, as a server that forgets to close does. */
function openBody(text: string): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return new Promise<void>(() => undefined);
      sent = true;
      controller.enqueue(new TextEncoder().encode(text));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

describe('parseResponseEvents on the transcripts', () => {
  it.each(FIXTURES.filter((f) => f !== 'error-event.sse'))(
    'delivers every event of %s as the wire object, then completes',
    async (file) => {
      const text = fixtureText(`responses/${file}`);
      const outcome = await outcomeOf(parseResponseEvents(text));
      expect(outcome.error).toBeUndefined();
      expect(outcome.completed).toBe(true);
      expect(outcome.values).toEqual(wireEvents(text));
      expect(outcome.values.at(-1)?.type).toMatch(/^response\.(completed|incomplete|failed)$/);
    },
  );

  it('reads a stream without `event:` lines and with [DONE] like one with them', async () => {
    const text = fixture('no-event-lines-done');
    expect(text).not.toContain('event:');
    const events = await lastValueFrom(parseResponseEvents(text).pipe(toArray()));
    expect(events.map((e) => e.type)).toContain('response.mcp_call_arguments.delta');
    expect(events).toEqual(wireEvents(text));
  });

  it('takes the JSON type as the truth when the `event:` line says otherwise', async () => {
    const events = await lastValueFrom(
      parseResponseEvents(frame(created, 'message') + frame(completed, 'x')).pipe(toArray()),
    );
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
  });

  it('errors with RunStreamError carrying the code, message and param of an error event', async () => {
    const outcome = await outcomeOf(parseResponseEvents(fixture('error-event')));
    expect(outcome.values.map((e) => e.type)).toEqual(['response.created', 'response.in_progress']);
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect(outcome.error).toMatchObject({ code: 'rate_limit_exceeded', param: null });
    expect((outcome.error as Error).message).toContain('Slow down.');
  });

  it('reads an error frame without an `event:` line, and one wrapped as { error }', async () => {
    const bare = await outcomeOf(
      parseResponseEvents(
        `${frame(created)}data: {"type":"error","code":"c1","message":"m1","param":"p1"}\n\n`,
      ),
    );
    expect(bare.error).toMatchObject({ name: 'RunStreamError', code: 'c1', param: 'p1' });
    const wrapped = await outcomeOf(
      parseResponseEvents(`event: error\ndata: {"error":{"code":"c2","message":"m2"}}\n\n`),
    );
    expect(wrapped.error).toMatchObject({ name: 'RunStreamError', code: 'c2' });
  });

  it('skips unknown types by default and delivers them marked with unknownEvents: emit', async () => {
    const text =
      frame(created) +
      frame({ type: 'response.brand_new.delta', sequence_number: 1, x: 1 }) +
      'event: keepalive\ndata: {}\n\n' +
      frame(completed);
    const skipped = await lastValueFrom(parseResponseEvents(text).pipe(toArray()));
    expect(skipped.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
    const emitted = await lastValueFrom(parseResponseEvents(text, { unknownEvents: 'emit' }).pipe(toArray()));
    expect(emitted[1]).toEqual({ type: 'response.brand_new.delta', sequence_number: 1, x: 1, unknown: true });
    expect(emitted[2]).toEqual({ type: 'keepalive', data: {}, unknown: true });
  });
});

describe('parseResponseEvents at the boundary', () => {
  it.each([
    ['response.output_text.delta', { output_index: 0, content_index: 0, delta: 5 }, '`delta` is a number'],
    ['response.output_text.delta', { output_index: 0, delta: 'x' }, '`content_index` is missing'],
    [
      'response.output_text.delta',
      { output_index: null, content_index: 0, delta: 'x' },
      '`output_index` is null',
    ],
    ['response.function_call_arguments.delta', { output_index: 0 }, '`delta` is missing'],
    [
      'response.function_call_arguments.delta',
      { output_index: '0', delta: '{' },
      '`output_index` is a string',
    ],
    ['response.created', { response: null }, '`response` is null'],
    ['response.completed', { response: { id: 'r' } }, '`response.output` is missing'],
    ['response.output_item.added', { output_index: '0', item: {} }, '`output_index` is a string'],
    ['response.content_part.added', { output_index: 0, content_index: 0, part: [] }, '`part` is an array'],
  ])(
    'errors with StreamParseError naming %s when its data has the wrong shape',
    async (type, fields, reason) => {
      const outcome = await outcomeOf(
        parseResponseEvents(frame(created) + frame({ type, sequence_number: 1, ...fields })),
      );
      expect(outcome.values).toHaveLength(1);
      expect(outcome.error).toBeInstanceOf(StreamParseError);
      expect(outcome.error).toMatchObject({ event: type });
      expect((outcome.error as Error).message).toContain(reason);
    },
  );

  it('errors with StreamParseError on data that is not JSON, or a known event: without a type', async () => {
    const bad = await outcomeOf(
      parseResponseEvents(`${frame(created)}event: response.completed\ndata: {oops\n\n`),
    );
    expect(bad.error).toMatchObject({ name: 'StreamParseError', event: 'response.completed' });
    const untyped = await outcomeOf(
      parseResponseEvents(`${frame(created)}event: response.completed\ndata: [1]\n\n`),
    );
    expect(untyped.error).toMatchObject({ name: 'StreamParseError', event: 'response.completed' });
  });

  it('errors with a StreamInterruptedError that names the response and the last sequence_number on a cut', async () => {
    const text = fixture('text');
    const cut = text.slice(0, text.indexOf('event: response.output_text.done'));
    const outcome = await outcomeOf(parseResponseEvents(cut));
    const last = outcome.values.at(-1);
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(outcome.error).toBeInstanceOf(ResponseStreamInterruptedError);
    const error = outcome.error as ResponseStreamInterruptedError;
    expect(error.lastSequenceNumber).toBe(last?.sequence_number);
    expect(error.responseId).toBe('resp_0123456789abcdef0123456789abcdef');
    expect(error.lastEvent).toBe('response.output_text.delta');
    expect(error.message).toContain(`startingAfter: ${last?.sequence_number}`);
  });

  it('reads a last frame cut in the middle as a cut, not as bad JSON', async () => {
    const outcome = await outcomeOf(parseResponseEvents(`${frame(created)}data: {"type":"response.in_pro`));
    expect(outcome.error).toBeInstanceOf(ResponseStreamInterruptedError);
  });

  it('completes after a short silence when the server keeps the connection open after the terminal event, and releases it', async () => {
    const { body, cancelled } = openBody(frame(created) + frame(completed));
    const events = await lastValueFrom(parseResponseEvents(body, { terminalGrace: 20 }).pipe(toArray()));
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
    expect(cancelled()).toBe(true);
  });

  it('completes on [DONE] at once after the terminal event', async () => {
    const { body } = openBody(`${frame(created)}${frame(completed)}data: [DONE]\n\n`);
    const events = await lastValueFrom(
      parseResponseEvents(body, { terminalGrace: Number.POSITIVE_INFINITY }).pipe(toArray()),
    );
    expect(events).toHaveLength(2);
  });

  it('refuses a bad option before reading', async () => {
    const outcome = await outcomeOf(parseResponseEvents(frame(created), { maxFrameBytes: -1 }));
    expect(outcome.error).toBeInstanceOf(ValidationError);
    expect(outcome.error).toMatchObject({ field: 'maxFrameBytes' });
  });
});

describe('the Responses operators on the transcripts', () => {
  it('textDeltas gives the output text pieces, which join to the final output_text', async () => {
    const text = fixture('text');
    const pieces = await lastValueFrom(parseResponseEvents(text).pipe(textDeltas(), toArray()));
    const final = await lastValueFrom(parseResponseEvents(text).pipe(finalResponse()));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(final.output_text);
    expect(final.status).toBe('completed');
  });

  it('finalResponse gives what the official SDK finalResponse() gives on the same bytes', async () => {
    for (const name of [
      'text',
      'function-call',
      'reasoning',
      'web-search',
      'code-interpreter',
      'incomplete',
      'refusal',
    ]) {
      const text = fixture(name);
      const sdk = new OpenAI({
        apiKey: 'sk-test',
        baseURL: 'http://127.0.0.1:9/v1',
        fetch: async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
      });
      const reference = await sdk.responses.stream({ model: 'gpt-4.1-mini', input: 'Hi' }).finalResponse();
      const ours = await lastValueFrom(parseResponseEvents(text).pipe(finalResponse()));
      // The SDK also parses structured output (`output_parsed`, `parsed` on text parts,
      // `parsed_arguments` on calls: null without a schema); runstream leaves that to the caller.
      const plain = JSON.parse(JSON.stringify(reference), (key, value) =>
        ['parsed', 'output_parsed', 'parsed_arguments'].includes(key) ? undefined : value,
      );
      expect(JSON.parse(JSON.stringify(ours)), name).toEqual(plain);
      const last = await lastValueFrom(parseResponseEvents(text).pipe(snapshots()));
      expect(last.response.output_text, name).toBe(reference.output_text);
    }
  });

  it('finalResponse errors with ResponseFailedError naming the server error on response.failed', async () => {
    const outcome = await outcomeOf(parseResponseEvents(fixture('failed')).pipe(finalResponse()));
    expect(outcome.error).toBeInstanceOf(ResponseFailedError);
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect(outcome.error).toMatchObject({ code: 'server_error' });
    expect((outcome.error as ResponseFailedError).response.status).toBe('failed');
  });

  it('finalResponse errors when the events end before a terminal one', async () => {
    const outcome = await outcomeOf(of(created as ResponseStreamEvent).pipe(finalResponse()));
    expect(outcome.error).toBeInstanceOf(ResponseStreamInterruptedError);
  });

  it('snapshots errors with SnapshotError, not a TypeError, on an event for an item that is not there', async () => {
    const outcome = await outcomeOf(
      parseResponseEvents(
        frame(created) +
          frame({
            type: 'response.output_text.delta',
            sequence_number: 1,
            item_id: 'msg_9',
            output_index: 3,
            content_index: 0,
            delta: 'x',
          }),
      ).pipe(snapshots()),
    );
    expect(outcome.error).toMatchObject({
      name: 'SnapshotError',
      event: 'response.output_text.delta',
      id: 'msg_9',
    });
  });
});
