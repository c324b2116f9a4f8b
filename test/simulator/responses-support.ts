import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { type Answer, call, type Frame, frames } from './support.js';

/** Creates a response over raw HTTP with `stream: true` and returns its frames. */
export async function streamResponse(sim: Simulator, body: Record<string, unknown>): Promise<Frame[]> {
  const answer = await call(sim, 'POST', '/responses', { model: 'gpt-4.1-mini', stream: true, ...body });
  if (answer.status !== 200) throw new Error(`stream answered ${answer.status}: ${answer.text}`);
  expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return frames(answer.text);
}

/**
 * Reads the frames of an SSE response as they arrive, so a test can act in the middle of a
 * stream (cancel it, check that it is live). Naive on purpose: blank-line frames, one `event:`
 * and one `data:` line each, which is how the simulator writes them.
 */
export async function* liveFrames(response: Response): AsyncGenerator<Frame> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        yield* frames(buffer.slice(0, end + 2));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Opens a raw streaming request to the simulator. */
export function open(
  sim: Simulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface OpenItem {
  id: string;
  type: string;
  parts: Map<number, { text: string; done: boolean }>;
  summaries: Map<number, { text: string; done: boolean }>;
}

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed'];

/** The `event:` line of every frame is its `type`, and sequence numbers run on from `first` without a gap. */
export function checkNumbering(list: Frame[], first: number): void {
  for (const [i, frame] of list.entries()) {
    expect(frame.event, `frame ${i}`).toBe(frame.json?.type);
    expect(frame.json.sequence_number, `frame ${i} (${frame.event})`).toBe(first + i);
  }
}

/**
 * Holds a whole stream (from its first event) to the API reference, failing the test at the
 * first break: numbering as {@link checkNumbering} from 0; `response.created` (then
 * `response.queued` for a background one) and `response.in_progress` first; items added at the
 * next output index, parts and summary parts at the next content or summary index, deltas only
 * into open ones, adding up to their `.done` text; every part done before its item, every item
 * before the terminal event, which is last and carries the output items as they were done. The
 * official SDK's accumulator reads every event without an error and ends on the terminal
 * event's response.
 */
export function checkStream(list: Frame[], background = false): void {
  expect(list.length).toBeGreaterThan(0);
  checkNumbering(list, 0);
  const opening = background
    ? ['response.created', 'response.queued', 'response.in_progress']
    : ['response.created', 'response.in_progress'];
  expect(list.slice(0, opening.length).map((f) => f.event)).toEqual(opening);
  expect(list[0]?.json.response.status).toBe(background ? 'queued' : 'in_progress');
  const items = new Map<number, OpenItem>();
  const done = new Map<number, unknown>();
  let terminal: Frame | undefined;
  for (const frame of list) {
    const e = frame.json;
    expect(terminal, `${e.type} after the terminal event`).toBeUndefined();
    if (TERMINAL.includes(e.type)) {
      terminal = frame;
      continue;
    }
    if (e.type === 'response.output_item.added') {
      expect(e.output_index).toBe(items.size + done.size);
      items.set(e.output_index, { id: e.item.id, type: e.item.type, parts: new Map(), summaries: new Map() });
      continue;
    }
    if (['response.created', 'response.queued', 'response.in_progress'].includes(e.type)) continue;
    const item = items.get(e.output_index);
    expect(item, `${e.type} for output ${e.output_index}, which is not open`).toBeDefined();
    if (!item) return;
    if (e.item_id !== undefined) expect(e.item_id).toBe(item.id);
    if (e.type === 'response.output_item.done') {
      expect(e.item.id).toBe(item.id);
      for (const part of [...item.parts.values(), ...item.summaries.values()]) expect(part.done).toBe(true);
      items.delete(e.output_index);
      done.set(e.output_index, e.item);
    } else if (e.type === 'response.content_part.added') {
      expect(e.content_index).toBe(item.parts.size);
      item.parts.set(e.content_index, { text: '', done: false });
    } else if (e.type === 'response.reasoning_summary_part.added') {
      expect(e.summary_index).toBe(item.summaries.size);
      item.summaries.set(e.summary_index, { text: '', done: false });
    } else {
      checkInside(item, e);
    }
  }
  if (terminal && terminal.json.type !== 'response.failed') {
    expect(items.size, 'items still open at the terminal event').toBe(0);
    expect(terminal.json.response.output).toEqual([...done.keys()].sort().map((k) => done.get(k)));
  }
  let snapshot: ReturnType<typeof accumulateResponse> | undefined;
  for (const frame of list) snapshot = accumulateResponse(frame.json as ResponseStreamEvent, snapshot);
  if (terminal) {
    expect({ ...snapshot, output_text: undefined }).toEqual({
      ...terminal.json.response,
      output_text: undefined,
    });
  }
}

/** Deltas and `.done`s inside an open item: they go to an open part and add up to its text. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON of every event type
function checkInside(item: OpenItem, e: any): void {
  const part =
    e.summary_index !== undefined ? item.summaries.get(e.summary_index) : item.parts.get(e.content_index);
  const needsPart = e.content_index !== undefined || e.summary_index !== undefined;
  if (needsPart) {
    expect(part, `${e.type}: no open part`).toBeDefined();
    expect(part?.done, `${e.type} after its part was done`).toBe(false);
  }
  if (!part) return;
  if (e.type.endsWith('.delta')) part.text += e.delta;
  else if (e.type === 'response.output_text.done' || e.type === 'response.reasoning_summary_text.done') {
    expect(e.text).toBe(part.text);
  } else if (e.type === 'response.refusal.done') {
    expect(e.refusal).toBe(part.text);
  } else if (e.type === 'response.content_part.done' || e.type === 'response.reasoning_summary_part.done') {
    expect(e.part.text ?? e.part.refusal).toBe(part.text);
    part.done = true;
  }
}

/** The text of a stream's `response.output_text.delta`s, concatenated. */
export function outputText(list: Frame[]): string {
  return list
    .filter((f) => f.event === 'response.output_text.delta')
    .map((f) => f.json.delta)
    .join('');
}

/** The JSON of a stream's last frame (the terminal event, when the stream ended well). */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON
export function last(list: Frame[]): any {
  const frame = list.at(-1);
  if (!frame) throw new Error('the stream had no frames');
  return frame.json;
}

/** Polls a response (as a client would) until it leaves queued and in_progress. */
export async function settled(sim: Simulator, id: string): Promise<Answer> {
  for (let i = 0; i < 2000; i++) {
    const answer = await call(sim, 'GET', `/responses/${id}`);
    if (!['queued', 'in_progress'].includes(answer.json.status)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the response never settled');
}
