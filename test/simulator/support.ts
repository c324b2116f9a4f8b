import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';
import { framesOf } from '../helpers/fixtures.js';

const running: Simulator[] = [];

/** Starts a fast simulator that {@link closeSimulators} will close. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ tokenDelayMs: 0, pollAfterMs: 5, ...options });
  running.push(sim);
  return sim;
}

/** For `afterEach`: closes every simulator the test started. */
export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON
  json: any;
  text: string;
}

/** One raw request to the simulator, body as JSON. */
export async function call(
  sim: Simulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A thread holding one user message. */
export async function threadWith(sim: Simulator, content: string): Promise<string> {
  const answer = await call(sim, 'POST', '/threads', { messages: [{ role: 'user', content }] });
  return answer.json.id;
}

export interface Frame {
  event: string | undefined;
  data: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON
  json: any;
}

/** The frames of a whole SSE body, each with its data parsed when it is JSON. */
export function frames(text: string): Frame[] {
  return framesOf(text).map((frame) => {
    let json: unknown;
    try {
      json = JSON.parse(frame.data);
    } catch {
      json = undefined;
    }
    return { ...frame, json };
  });
}

/** Event names with each run of repeated names folded into one: the shape of a stream. */
export function shape(names: Array<string | undefined>): Array<string | undefined> {
  return names.filter((name, i) => name !== names[i - 1]);
}

/** Streams a run on a thread over raw HTTP and returns its frames. */
export async function streamRun(
  sim: Simulator,
  threadId: string,
  body: Record<string, unknown> = {},
): Promise<Frame[]> {
  const answer = await call(sim, 'POST', `/threads/${threadId}/runs`, {
    assistant_id: 'asst_test',
    stream: true,
    ...body,
  });
  if (answer.status !== 200) throw new Error(`stream answered ${answer.status}: ${answer.text}`);
  return frames(answer.text);
}

/** The text of a stream's message deltas, concatenated. */
export function deltaText(list: Frame[]): string {
  return list
    .filter((f) => f.event === 'thread.message.delta')
    .map((f) => f.json.delta.content.map((c: { text?: { value?: string } }) => c.text?.value ?? '').join(''))
    .join('');
}

/**
 * Re-checks `condition` on each turn of the event loop until it holds, for state that only a
 * server-side socket event changes (nothing to await); fails after `limit` turns.
 */
export async function eventually(condition: () => boolean, limit = 2000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition never held');
}

/** Polls a run (as a client would, honouring nothing) until it leaves the given statuses. */
export async function pollRun(
  sim: Simulator,
  threadId: string,
  runId: string,
  seen: string[] = [],
): Promise<string[]> {
  for (let i = 0; i < 2000; i++) {
    const answer = await call(sim, 'GET', `/threads/${threadId}/runs/${runId}`);
    const status: string = answer.json.status;
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (!['queued', 'in_progress', 'cancelling'].includes(status)) return seen;
    await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('openai-poll-after-ms'))));
  }
  throw new Error('run never settled');
}
