import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RunstreamClient } from '../../src/client/create-client.js';
import { StreamInterruptedError } from '../../src/errors.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { type Outcome, outcomeOf } from '../helpers/fixtures.js';
import { type ServerResponses, watchServerResponses } from '../helpers/server-responses.js';
import { namesOf } from './helpers/events.js';

const STREAMS = 200;

let sim: Simulator;
let responses: ServerResponses;
let client: RunstreamClient;
/** The event names of one run streamed alone: what every concurrent run must repeat. */
let alone: string[];

/** A new thread whose message names stream `i` with the same number of tokens for every `i`. */
function params(i: number, metadata?: Record<string, string>) {
  return {
    assistant_id: 'asst_load',
    thread: { messages: [{ role: 'user' as const, content: `stream ${String(i).padStart(3, '0')}` }] },
    ...(metadata ? { metadata } : {}),
  };
}

/** The ids an event belongs to, so that one stream's events can be told from another's. */
function owner(event: RunStreamEvent): { thread?: string; message?: string } {
  if (event.event === 'thread.created') return { thread: event.data.id };
  if (event.event === 'thread.message.delta') return { message: event.data.id };
  if (event.event.startsWith('thread.message.')) {
    const data = event.data as { id: string; thread_id: string };
    return { thread: data.thread_id, message: data.id };
  }
  return { thread: (event.data as { thread_id: string }).thread_id };
}

/** Checks that every event of `values` belongs to one thread and its one message. */
function expectOneRun(values: RunStreamEvent[], i: number): void {
  const thread = values[0]?.event === 'thread.created' ? values[0].data.id : undefined;
  expect(thread).toBeDefined();
  const created = values.find((e) => e.event === 'thread.message.created');
  const message = created?.event === 'thread.message.created' ? created.data.id : undefined;
  for (const event of values) {
    const ids = owner(event);
    if (ids.thread !== undefined) expect(ids.thread).toBe(thread);
    if (ids.message !== undefined) expect(ids.message).toBe(message);
  }
  const text = values
    .flatMap((e) => (e.event === 'thread.message.delta' ? (e.data.delta.content ?? []) : []))
    .map((part) => (part.type === 'text' ? (part.text?.value ?? '') : ''))
    .join('');
  const completed = values.find((e) => e.event === 'thread.message.completed');
  if (completed?.event === 'thread.message.completed') {
    const final = completed.data.content[0];
    expect(final?.type === 'text' ? final.text.value : undefined).toBe(text);
    expect(text).toContain(`stream ${String(i).padStart(3, '0')}`);
  }
}

beforeAll(async () => {
  responses = watchServerResponses();
  sim = await startSimulator({ port: 0, tokenDelayMs: 2 });
  client = createClient({ baseURL: sim.url, apiKey: 'sk-reliability-load-0123456789' });
  alone = namesOf(await lastValueFrom(client.threads.createAndRunStream(params(0)).pipe(toArray())));
});

afterAll(async () => {
  responses.stop();
  await sim.close();
});

describe(`${STREAMS} concurrent streams through one client`, () => {
  it('all complete, each with every event of its own run, in order', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: STREAMS }, (_, i) => outcomeOf(client.threads.createAndRunStream(params(i)))),
    );
    outcomes.forEach((outcome, i) => {
      expect(outcome.error).toBeUndefined();
      expect(outcome.completed).toBe(true);
      expect(namesOf(outcome.values)).toEqual(alone);
      expectOneRun(outcome.values, i);
    });
    // The server counts a stream until its response closes, a moment after the client saw [DONE].
    await responses.allClosed();
    expect(sim.streams()).toBe(0);
  }, 60_000);

  it('keep their events apart when every fifth one is cut mid-stream', async () => {
    const cut = { fault: 'cut', fault_after: '6' };
    const outcomes: Array<Outcome<RunStreamEvent>> = await Promise.all(
      Array.from({ length: STREAMS }, (_, i) =>
        outcomeOf(client.threads.createAndRunStream(params(i, i % 5 === 0 ? cut : undefined))),
      ),
    );
    outcomes.forEach((outcome, i) => {
      if (i % 5 === 0) {
        expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
        expect(namesOf(outcome.values)).toEqual(alone.slice(0, 6));
      } else {
        expect(outcome.completed).toBe(true);
        expect(namesOf(outcome.values)).toEqual(alone);
      }
      expectOneRun(outcome.values, i);
    });
    // The server counts a stream until its response closes, a moment after the client saw [DONE].
    await responses.allClosed();
    expect(sim.streams()).toBe(0);
  }, 60_000);
});
