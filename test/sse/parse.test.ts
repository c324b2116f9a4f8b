import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  IdleTimeoutError,
  RunStreamError,
  StreamInterruptedError,
  StreamParseError,
  ValidationError,
} from '../../src/errors.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { RUN_STREAM_EVENT_NAMES } from '../../src/types/events.js';
import { expectedEvents, fixtureBytes, fixtureText, outcomeOf, trackedStream } from '../helpers/fixtures.js';

const encoder = new TextEncoder();

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

/** A stream that serves `first` and then stays silent until cancelled. */
function stalledStream(first: string) {
  let onCancel: (reason: unknown) => void = () => undefined;
  const cancelled = new Promise<unknown>((resolve) => {
    onCancel = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(first));
    },
    cancel: (reason) => onCancel(reason),
  });
  return { stream, cancelled };
}

const RUN = JSON.stringify({ id: 'run_1', object: 'thread.run', status: 'in_progress' });
const COMPLETED = JSON.stringify({ id: 'run_1', object: 'thread.run', status: 'completed' });
const frame = (event: string, data: string) => `event: ${event}\ndata: ${data}\n\n`;

describe('parseRunEvents on the transcripts', () => {
  it.each(['text.sse', 'function-call.sse', 'failed.sse', 'every-event.sse', 'crlf-keepalive.sse'])(
    'emits every event of %s in order and completes on [DONE] without emitting it',
    async (name) => {
      const outcome = await outcomeOf(parseRunEvents(chunks(fixtureBytes(name))));
      expect(outcome.error).toBeUndefined();
      expect(outcome.completed).toBe(true);
      expect(outcome.values).toEqual(expectedEvents(fixtureText(name)));
      expect(outcome.values.some((e) => (e.event as string) === 'done' || String(e.data) === '[DONE]')).toBe(
        false,
      );
    },
  );

  it('knows all 23 data events of the API', async () => {
    const outcome = await outcomeOf(parseRunEvents(fixtureText('every-event.sse')));
    const names = new Set(outcome.values.map((e) => e.event));
    expect(RUN_STREAM_EVENT_NAMES).toHaveLength(23);
    expect(names).toEqual(new Set(RUN_STREAM_EVENT_NAMES));
  });
});

describe('parseRunEvents framing', () => {
  const text = fixtureText('text.sse');

  it('reads LF, CRLF and CR line endings alike', async () => {
    const lf = await outcomeOf(parseRunEvents(text));
    const crlf = await outcomeOf(parseRunEvents(text.replace(/\n/g, '\r\n')));
    const cr = await outcomeOf(parseRunEvents(text.replace(/\n/g, '\r')));
    expect(lf.values.length).toBeGreaterThan(0);
    expect(crlf).toEqual(lf);
    expect(cr).toEqual(lf);
  });

  it('skips a UTF-8 byte order mark, even split across chunks', async () => {
    const plain = await outcomeOf(parseRunEvents(text));
    const bytes = fixtureBytes('text.sse');
    const whole = await outcomeOf(parseRunEvents(chunks(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))));
    const split = await outcomeOf(
      parseRunEvents(chunks(new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), bytes)),
    );
    expect(whole).toEqual(plain);
    expect(split).toEqual(plain);
  });

  it('skips a U+FEFF at the start of a string source', async () => {
    const plain = await outcomeOf(parseRunEvents(text));
    expect(await outcomeOf(parseRunEvents(`\uFEFF${text}`))).toEqual(plain);
    expect(await outcomeOf(parseRunEvents(chunks('', '\uFEFF', text)))).toEqual(plain);
  });

  it('ignores comments, also inside a frame', async () => {
    const outcome = await outcomeOf(
      parseRunEvents(
        `: hello\n\nevent: thread.run.created\n: keep-alive\ndata: ${RUN}\n\n: ping\n\n${frame('thread.run.completed', COMPLETED)}`,
      ),
    );
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.completed']);
    expect(outcome.completed).toBe(true);
  });

  it('joins multi-line data with newlines before parsing it', async () => {
    const outcome = await outcomeOf(
      parseRunEvents(
        'event: thread.run.created\ndata: {"id":"run_1",\ndata: "status":"queued"}\n\n' +
          'event: x.custom\ndata: line one\ndata: line two\n\n' +
          frame('thread.run.completed', COMPLETED),
        { unknownEvents: 'emit' },
      ),
    );
    expect(outcome.values[0]).toEqual({
      event: 'thread.run.created',
      data: { id: 'run_1', status: 'queued' },
    });
    expect(outcome.values[1]).toEqual({ event: 'x.custom', data: 'line one\nline two', unknown: true });
  });

  it('ignores id: and retry: fields', async () => {
    const outcome = await outcomeOf(
      parseRunEvents(
        `retry: 10\n\nid: 7\nevent: thread.run.created\nretry: 20\ndata: ${RUN}\n\n${frame('done', '[DONE]')}`,
      ),
    );
    expect(outcome).toEqual({
      values: [{ event: 'thread.run.created', data: JSON.parse(RUN) }],
      completed: true,
    });
  });

  it('completes on a nameless data: [DONE] and reads nothing after it', async () => {
    const outcome = await outcomeOf(
      parseRunEvents(
        `${frame('thread.run.created', RUN)}data: [DONE]\n\n${frame('thread.run.in_progress', RUN)}`,
      ),
    );
    expect(outcome).toEqual({
      values: [{ event: 'thread.run.created', data: JSON.parse(RUN) }],
      completed: true,
    });
  });

  it('delivers a last frame written without its blank line', async () => {
    const outcome = await outcomeOf(
      parseRunEvents(`${frame('thread.run.created', RUN)}event: thread.run.completed\ndata: ${COMPLETED}`),
    );
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.completed']);
    expect(outcome.completed).toBe(true);
  });

  it('reads async iterables of strings, of bytes, and whole strings alike', async () => {
    const whole = await outcomeOf(parseRunEvents(text));
    const lines = text.split(/(?<=\n)/);
    expect(await outcomeOf(parseRunEvents(chunks(...lines)))).toEqual(whole);
    expect(await outcomeOf(parseRunEvents(chunks(...lines.map((l) => encoder.encode(l)))))).toEqual(whole);
  });
});

describe('parseRunEvents endings', () => {
  it('tolerates a missing [DONE] after a terminal run event', async () => {
    const withoutDone = fixtureText('function-call.sse').replace(/event: done\ndata: \[DONE\]\n\n$/, '');
    expect(withoutDone).not.toContain('[DONE]');
    const outcome = await outcomeOf(parseRunEvents(withoutDone));
    expect(outcome.completed).toBe(true);
    expect(outcome.values.at(-1)?.event).toBe('thread.run.requires_action');
  });

  it('errors with StreamInterruptedError when the stream ends before any terminal run event', async () => {
    const outcome = await outcomeOf(
      parseRunEvents(frame('thread.run.created', RUN) + frame('thread.run.in_progress', RUN)),
    );
    expect(outcome.values).toHaveLength(2);
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect((outcome.error as StreamInterruptedError).lastEvent).toBe('thread.run.in_progress');
  });

  it('errors with StreamInterruptedError, not a parse error, when cut inside a frame', async () => {
    const text = fixtureText('text.sse');
    const cut = text.indexOf('"value":"Paris"');
    const outcome = await outcomeOf(parseRunEvents(chunks(text.slice(0, cut))));
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect((outcome.error as Error).message).toContain('cut short');
    const whole = text.slice(0, text.lastIndexOf('\n\n', cut) + 2);
    expect(outcome.values).toEqual(expectedEvents(whole));
    expect((outcome.error as StreamInterruptedError).lastEvent).toBe(outcome.values.at(-1)?.event);
  });

  it('errors with StreamInterruptedError carrying the cause when the source fails mid-way', async () => {
    const reset = new TypeError('terminated', { cause: new Error('other side closed') });
    async function* failing() {
      yield frame('thread.run.created', RUN);
      throw reset;
    }
    const outcome = await outcomeOf(parseRunEvents(failing()));
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created']);
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect((outcome.error as Error).cause).toBe(reset);
    expect((outcome.error as Error).message).toContain('other side closed');
  });

  it('completes when the source fails after a terminal run event', async () => {
    async function* failing() {
      yield frame('thread.run.completed', COMPLETED);
      throw new TypeError('terminated');
    }
    const outcome = await outcomeOf(parseRunEvents(failing()));
    expect(outcome).toEqual({
      values: [{ event: 'thread.run.completed', data: JSON.parse(COMPLETED) }],
      completed: true,
    });
  });

  it('errors with StreamParseError naming the event and an excerpt, after delivering earlier events', async () => {
    const bad = `{"id":"msg_1", broken ${'x'.repeat(200)}`;
    const outcome = await outcomeOf(
      parseRunEvents(
        frame('thread.run.created', RUN) +
          frame('thread.message.delta', bad) +
          frame('thread.run.completed', COMPLETED),
      ),
    );
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created']);
    const error = outcome.error as StreamParseError;
    expect(error).toBeInstanceOf(StreamParseError);
    expect(error.event).toBe('thread.message.delta');
    expect(error.excerpt.startsWith('{"id":"msg_1", broken')).toBe(true);
    expect(error.excerpt.length).toBeLessThan(100);
    expect(error.message).toContain('thread.message.delta');
  });

  it('errors with RunStreamError carrying the message, code and type of event: error', async () => {
    const outcome = await outcomeOf(parseRunEvents(chunks(fixtureBytes('error-event.sse'))));
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.in_progress']);
    const error = outcome.error as RunStreamError;
    expect(error).toBeInstanceOf(RunStreamError);
    expect(error.message).toContain('The server had an error while processing your request.');
    expect(error.code).toBe('server_error');
    expect(error.type).toBe('server_error');
    expect(error.error.message).toBe('The server had an error while processing your request.');
  });

  it('reads an event: error whose object is wrapped in { error }, or is plain text', async () => {
    const wrapped = await outcomeOf(
      parseRunEvents(frame('error', '{"error":{"message":"quota","code":"rate_limit_exceeded"}}')),
    );
    expect((wrapped.error as RunStreamError).code).toBe('rate_limit_exceeded');
    expect((wrapped.error as RunStreamError).message).toContain('quota');
    const text = await outcomeOf(parseRunEvents(frame('error', 'upstream went away')));
    expect((text.error as RunStreamError).message).toContain('upstream went away');
  });
});

describe('parseRunEvents unknown events', () => {
  const source = `${frame('thread.run.created', RUN)}${frame('thread.run.future_thing', '{"x":1}')}data: plain\n\n${frame('thread.run.completed', COMPLETED)}`;

  it('skips events it does not know by default and goes on', async () => {
    const outcome = await outcomeOf(parseRunEvents(source));
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.completed']);
    expect(outcome.completed).toBe(true);
  });

  it("delivers them, marked unknown, with unknownEvents: 'emit'", async () => {
    const outcome = await outcomeOf(parseRunEvents(source, { unknownEvents: 'emit' }));
    expect(outcome.values).toEqual([
      { event: 'thread.run.created', data: JSON.parse(RUN) },
      { event: 'thread.run.future_thing', data: { x: 1 }, unknown: true },
      { event: 'message', data: 'plain', unknown: true },
      { event: 'thread.run.completed', data: JSON.parse(COMPLETED) },
    ]);
  });
});

describe('parseRunEvents subscription', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is cold: nothing is read before subscription, and each subscription reads on its own', async () => {
    const tracked = trackedStream([frame('thread.run.completed', COMPLETED)]);
    const events$ = parseRunEvents(tracked.stream);
    await Promise.resolve();
    expect(tracked.pulls()).toBe(0);
    const outcome = await outcomeOf(events$);
    expect(tracked.pulls()).toBeGreaterThan(0);
    expect(outcome.values).toHaveLength(1);
    const again = await outcomeOf(parseRunEvents(chunks(frame('thread.run.completed', COMPLETED))));
    expect(again).toEqual(outcome);
  });

  it('cancels the reader when the subscriber unsubscribes', async () => {
    const { stream, cancelled } = stalledStream(frame('thread.run.created', RUN));
    const first = new Promise<void>((resolve) => {
      const subscription = parseRunEvents(stream).subscribe(() => {
        subscription.unsubscribe();
        resolve();
      });
    });
    await first;
    await expect(cancelled).resolves.toBeUndefined();
  });

  it('errors with the abort reason and cancels the reader when the signal aborts', async () => {
    const { stream, cancelled } = stalledStream(frame('thread.run.created', RUN));
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const done = outcomeOf(parseRunEvents(stream, { signal: controller.signal }));
    controller.abort(reason);
    const outcome = await done;
    expect(outcome.error).toBe(reason);
    await cancelled;
  });

  it('reads nothing when the signal is already aborted', async () => {
    const tracked = trackedStream([frame('thread.run.completed', COMPLETED)]);
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const outcome = await outcomeOf(parseRunEvents(tracked.stream, { signal: controller.signal }));
    expect((outcome.error as Error).message).toBe('too late');
    expect(tracked.pulls()).toBe(0);
  });

  it('errors with IdleTimeoutError after idleTimeout ms of silence and cancels the reader', async () => {
    vi.useFakeTimers();
    let push: (text: string) => void = () => undefined;
    let onCancel: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => {
      onCancel = resolve;
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => controller.enqueue(encoder.encode(text));
      },
      cancel: () => onCancel(),
    });
    const outcome = outcomeOf(parseRunEvents(stream, { idleTimeout: 1_000 }));
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    // Chunks 600 ms apart keep it alive, though 1 200 ms pass in all.
    push(frame('thread.run.created', RUN));
    await vi.advanceTimersByTimeAsync(600);
    push(frame('thread.run.in_progress', RUN));
    await vi.advanceTimersByTimeAsync(600);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    const result = await outcome;
    expect(result.values).toHaveLength(2);
    expect(result.error).toBeInstanceOf(IdleTimeoutError);
    expect((result.error as IdleTimeoutError).idleTimeout).toBe(1_000);
    await cancelled;
  });

  it('waits out an idleTimeout longer than a timer can hold, and none at all with Infinity', async () => {
    vi.useFakeTimers();
    const silent = () => new ReadableStream<Uint8Array>({ start() {} });
    const long = outcomeOf(parseRunEvents(silent(), { idleTimeout: 3e9 }));
    const never = parseRunEvents(silent(), { idleTimeout: Number.POSITIVE_INFINITY }).subscribe({
      error: () => expect.unreachable('Infinity means no idle timeout'),
    });
    let settled = false;
    void long.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(3e9 - 2 ** 31 + 1);
    expect((await long).error).toBeInstanceOf(IdleTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
    never.unsubscribe();
  });

  it.each([-1, Number.NaN, '5'])(
    'errors with ValidationError for an idleTimeout of %j',
    async (idleTimeout) => {
      const { error } = await outcomeOf(parseRunEvents('', { idleTimeout: idleTimeout as number }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('idleTimeout');
    },
  );
});
