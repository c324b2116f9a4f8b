import fc from 'fast-check';
import OpenAI from 'openai';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { type RunSnapshot, snapshots } from '../../src/operators/snapshots.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { Message } from '../../src/types/message.js';
import { transcripts } from './arbitraries.js';
import { fixture, fixtureNames, outcomeOf, toSSE } from './support.js';

// The official SDK (openai@6, `AssistantStream`) reads the same bytes with its own SSE parser
// and accumulator; our snapshots must agree with it. The SDK differs from us by design in a few
// places, each normalised below where it shows:
// 1. A content part the SDK creates from a delta has only the fields that delta carried; ours
//    starts from the empty shape of the server's object, so a text part always has
//    `annotations` (the API's deltas usually carry `annotations: []`, some servers' do not).
// 2. On `thread.message.completed | incomplete` the SDK keeps its accumulated message (status
//    still `in_progress`, parts with `index`); we take the server's object, as the API
//    documents it as final. Their final messages are compared by id, role and content.
// 3. The SDK follows one message at a time: an `in_progress`/terminal message event for a
//    message it has not seen created makes it throw; we add the server's object.
// 4. The SDK replaces a step on `step.in_progress` and adds numbers of repeated delta fields
//    (a step's `usage` sent twice is summed; we keep the last); the API sends `in_progress`
//    before any delta and each number once, so no transcript here exercises either.
// 5. The SDK appends every string of a step delta but `index` and `type`, so a function `name`
//    sent in pieces is concatenated; we append only the streamed fields (`arguments`, `input`,
//    …) and keep the last `name`. The API sends a name whole, in the call's first delta.
// 6. The SDK orders a message's content parts by `index`; we keep them in the order they were
//    created, as our spec asks. The API creates parts in index order, so both orders agree.

interface SdkRecord {
  /** A copy of the SDK's snapshot after each delta event, in order. */
  deltas: Array<{ id: string; snapshot: unknown }>;
  ok: boolean;
  error?: unknown;
  run?: unknown;
  steps?: unknown[];
  messages?: Message[];
}

async function readWithSdk(sse: string): Promise<SdkRecord> {
  const bytes = new TextEncoder().encode(sse);
  const sdk = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://sdk.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const stream = sdk.beta.threads.runs.stream('thread_sdk', { assistant_id: 'asst_sdk' });
  const record: SdkRecord = { deltas: [], ok: false };
  // The SDK mutates its snapshots in place: copy each one when it is reported.
  stream.on('messageDelta', (_delta, snapshot) =>
    record.deltas.push({ id: snapshot.id, snapshot: structuredClone(snapshot) }),
  );
  stream.on('runStepDelta', (_delta, snapshot) =>
    record.deltas.push({ id: snapshot.id, snapshot: structuredClone(snapshot) }),
  );
  try {
    await stream.done();
    record.ok = true;
    record.run = stream.currentRun();
    record.steps = await stream.finalRunSteps();
    record.messages = (await stream.finalMessages()) as unknown as Message[];
  } catch (error) {
    record.error = error;
  }
  return record;
}

async function readWithSnapshots(sse: string) {
  return outcomeOf(parseRunEvents(sse).pipe(snapshots()));
}

/** Difference 1: fills the `annotations` the SDK leaves out of a text part made from a delta. */
function withAnnotations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withAnnotations) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, withAnnotations(inner)]);
  const copy = Object.fromEntries(entries) as Record<string, unknown>;
  const text = copy.text as Record<string, unknown> | undefined;
  if (copy.type === 'text' && text && typeof text === 'object' && !('annotations' in text)) {
    copy.text = { ...text, annotations: [] };
  }
  return copy as T;
}

/** Difference 2: the parts of a message both sides hold final, without the delta `index`. */
function finalContent(message: Message) {
  const strip = <T extends { index?: number }>({ index: _, ...rest }: T) => rest;
  return {
    id: message.id,
    role: message.role,
    content: withAnnotations(message.content).map((part) =>
      part.type === 'text'
        ? strip({ ...part, text: { ...part.text, annotations: part.text.annotations.map(strip) } })
        : strip(part),
    ),
  };
}

/** Difference 3: a message event for an id whose `created` never came, which the SDK cannot follow. */
function hasMessageWithoutCreated(events: readonly RunStreamEvent[]): boolean {
  const created = new Set<string>();
  return events.some((event) => {
    if (event.event === 'thread.message.created') created.add(event.data.id);
    return event.event.startsWith('thread.message.') && !created.has(event.data.id);
  });
}

async function expectAgreement(sse: string, events: readonly RunStreamEvent[]): Promise<SdkRecord> {
  const [ours, sdk] = await Promise.all([readWithSnapshots(sse), readWithSdk(sse)]);

  const ourDeltas = ours.values.filter(
    (s) => s.event.event === 'thread.message.delta' || s.event.event === 'thread.run.step.delta',
  );
  // Every delta the SDK applied, ours applied too, to the same result.
  expect(ourDeltas.length).toBeGreaterThanOrEqual(sdk.deltas.length);
  sdk.deltas.forEach(({ id, snapshot }, n) => {
    const mine = ourDeltas[n] as RunSnapshot;
    const object = [...mine.messages, ...mine.steps].find((o) => o.id === id);
    expect(object).toEqual(withAnnotations(snapshot));
  });

  if (!sdk.ok && ours.completed) {
    expect(hasMessageWithoutCreated(events)).toBe(true);
    return sdk;
  }
  expect(ours.completed).toBe(sdk.ok);
  if (!sdk.ok) return sdk;
  const last = ours.values.at(-1);
  expect(last?.run).toEqual(sdk.run);
  expect(last?.steps).toEqual(withAnnotations(sdk.steps));
  expect(last?.messages.map(finalContent)).toEqual(sdk.messages?.map(finalContent));
  return sdk;
}

describe('snapshots agree with the official SDK', () => {
  it.each(fixtureNames())('on %s', async (name) => {
    const sse = fixture(name);
    const events = await lastValueFrom(parseRunEvents(sse).pipe(toArray())).catch(() => []);
    await expectAgreement(sse, events);
  });

  it('on generated transcripts', async () => {
    await fc.assert(
      fc.asyncProperty(transcripts({ sdkCompatible: true }), async (transcript) => {
        const sdk = await expectAgreement(toSSE(transcript.events), transcript.events);
        expect(sdk.ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  describe('on the bytes the simulator streams', () => {
    let simulator: Simulator | undefined;
    afterEach(async () => {
      await simulator?.close();
      simulator = undefined;
    });

    it.each([
      'text',
      'function_call',
      'parallel_function_calls',
      'code_interpreter',
      'file_search',
      'incomplete',
    ])('%s', async (scenario) => {
      simulator = await startSimulator({ port: 0, tokenDelayMs: 0 });
      const thread = await createClient({ baseURL: simulator.url, apiKey: 'sk-e2e' }).threads.create({
        messages: [{ role: 'user', content: 'Weather in Paris? Ça va ?' }],
      });
      const response = await fetch(`${simulator.url}/threads/${thread.id}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ assistant_id: 'asst_sdk', stream: true, metadata: { scenario } }),
      });
      const sse = await response.text();
      const events = await lastValueFrom(parseRunEvents(sse).pipe(toArray()));
      expect(events.length).toBeGreaterThan(3);
      await expectAgreement(sse, events);
    });
  });
});
