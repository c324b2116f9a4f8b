import { Observable } from 'rxjs';
import { UnexpectedResponseError, ValidationError } from '../errors.js';
import type {
  Response,
  ResponseMessageContent,
  ResponseOutputItem,
  ResponseStreamEvent,
} from '../types/responses/index.js';
import { followSignal } from './follow-signal.js';
import type { RequestOptions } from './options.js';
import { pollDelay, sleep } from './poll.js';
import { type CallSpec, excerpt, type Transport } from './transport.js';

// Some compatible servers and proxies ignore `stream: true` and answer with the response as JSON.
// Runs fall back to polling (`pollRunEvents`); a response does the same here, and then tells its
// end as the events a stream would have ended with, so every operator works on it unchanged.

const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'incomplete', 'cancelled']);

/**
 * Whether a response's status is final: `completed`, `failed`, `incomplete` or `cancelled`.
 *
 * @param status - A response's `status`.
 * @returns `true` when the response will not change any more.
 */
function isTerminalStatus(status: unknown): boolean {
  return typeof status === 'string' && TERMINAL_STATUSES.has(status);
}

/** The response a call answered, and the HTTP response it came in (for `openai-poll-after-ms`). */
export interface AnsweredResponse {
  response: Response;
  http: globalThis.Response;
}

/** How the response with a given id is fetched: `GET /responses/{id}` (the id checked). */
export type RetrieveSpec = (responseId: string) => CallSpec;

/**
 * Reads `text` as a Response object (`object: "response"` with a string `id`), or says what came
 * instead as an {@link UnexpectedResponseError}.
 *
 * @param text - The body, with the key already scrubbed.
 * @param http - The response it came in, for the error's status and content type.
 * @returns The response the JSON holds.
 * @throws UnexpectedResponseError naming what the JSON was, when it is not a response.
 */
export function parseResponseJSON(text: string, http: globalThis.Response): Response {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  if (record?.object === 'response' && typeof record.id === 'string') return record as unknown as Response;
  const what =
    record === undefined
      ? 'a body that is not JSON'
      : `JSON that is not a response (${typeof record.object === 'string' ? `object "${record.object}"` : 'no "object" field'})`;
  throw new UnexpectedResponseError(
    http.status,
    http.headers.get('content-type'),
    `${what} where a stream of a response was asked for: ${excerpt(text) || '(empty body)'}`,
  );
}

/**
 * Polls `GET /responses/{id}` until the response reaches a terminal status, waiting
 * `openai-poll-after-ms` when the server gives it, else `pollInterval`; yields the response each
 * time its status changes, starting with the first answer.
 */
async function* pollStatuses(
  transport: Transport,
  first: AnsweredResponse,
  retrieve: RetrieveSpec,
  options: RequestOptions,
  signal: AbortSignal,
): AsyncGenerator<Response> {
  let { response, http } = first;
  checkStatus(transport, response, http);
  yield response;
  if (isTerminalStatus(response.status)) return;
  const spec = pollSpec(first, retrieve);
  const interval = options.pollInterval ?? transport.config.pollInterval;
  while (!isTerminalStatus(response.status)) {
    await sleep(pollDelay(http, interval), signal);
    const next = await transport.json<Response>(spec, options, signal);
    const changed = next.value?.status !== response.status;
    ({ value: response, response: http } = next);
    checkStatus(transport, response, http);
    if (changed) yield response;
  }
}

/** A response polled to its end must say its status, or the polling could never stop. */
function checkStatus(transport: Transport, response: Response, http: globalThis.Response): void {
  if (typeof response?.status !== 'string') {
    // What the server sent may quote the key back: scrubbed before it reaches the message.
    const sent = excerpt(transport.scrub(JSON.stringify(response) ?? '')) || '(empty)';
    throw new UnexpectedResponseError(
      http.status,
      http.headers.get('content-type'),
      `a response without a status, which cannot be followed to its end: ${sent}`,
    );
  }
}

/**
 * Polls a response until it ends (see {@link pollStatuses}) and resolves with its last state:
 * what non-stream `create` of a background response resolves with.
 *
 * @param transport - The client's transport.
 * @param first - The response the create call answered.
 * @param retrieve - How the response is fetched by id.
 * @param options - The call's options (`pollInterval`, timeouts, retries).
 * @param signal - Aborts the wait and the polls.
 * @returns The response in its terminal status.
 */
export async function pollResponse(
  transport: Transport,
  first: AnsweredResponse,
  retrieve: RetrieveSpec,
  options: RequestOptions,
  signal: AbortSignal,
): Promise<Response> {
  let last = first.response;
  for await (const response of pollStatuses(transport, first, retrieve, options, signal)) last = response;
  return last;
}

/**
 * The stream fallback: a stream request was answered with a response as JSON. Emits
 * `response.created` at once, polls a `queued` or `in_progress` response until it ends, and
 * then emits the events a stream would have ended with, numbered on from the opening ones, and
 * completes: for each output item `response.output_item.added` and `.done`, with, inside a
 * message, each content part as `response.content_part.added`, its text as one
 * `response.output_text.delta` and `.done` (a refusal as `response.refusal.delta` and `.done`)
 * and `response.content_part.done`; then the terminal event `response.completed`,
 * `response.incomplete` or `response.failed` carrying the response as the server sent it. A
 * `cancelled` response ends after its last item: the API's stream has no event for a cancel.
 *
 * @param transport - The client's transport.
 * @param first - The JSON response and the HTTP response it came in.
 * @param retrieve - How the response is polled by id.
 * @param options - The call's options.
 * @param signal - The stream's signal: unsubscribing aborts the polls.
 * @returns A cold observable of the response's events.
 */
export function pollResponseEvents(
  transport: Transport,
  first: AnsweredResponse,
  retrieve: RetrieveSpec,
  options: RequestOptions,
  signal: AbortSignal,
): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    const controller = new AbortController();
    const unfollow = followSignal(signal, controller);
    const events = new EventNumbering();
    (async () => {
      let opened = false;
      for await (const response of pollStatuses(transport, first, retrieve, options, controller.signal)) {
        if (subscriber.closed) return;
        const out = opened ? events.statusChange(response) : events.opening(response);
        opened = true;
        if (isTerminalStatus(response.status)) out.push(...events.ending(response));
        for (const event of out) subscriber.next(event);
      }
      subscriber.complete();
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      controller.abort();
      unfollow();
    };
  });
}

// `Omit` over each member of the union, so that a literal still narrows on `type`.
type Unnumbered<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;

/** Numbers the events it makes from 0, in the order they are made. */
class EventNumbering {
  #next = 0;

  /** `response.created`, then the lifecycle event of the status the response is in. */
  opening(response: Response): ResponseStreamEvent[] {
    const open = isTerminalStatus(response.status) ? inProgress(response) : response;
    return [this.#stamp({ type: 'response.created', response: open }), ...this.statusChange(open)];
  }

  /** `response.queued` or `response.in_progress` for a response that reached one of them. */
  statusChange(response: Response): ResponseStreamEvent[] {
    if (response.status === 'queued') return [this.#stamp({ type: 'response.queued', response })];
    if (response.status === 'in_progress') return [this.#stamp({ type: 'response.in_progress', response })];
    return [];
  }

  /** The output items, then the terminal event (none for `cancelled`). */
  ending(response: Response): ResponseStreamEvent[] {
    const out: ResponseStreamEvent[] = [];
    const items = Array.isArray(response.output) ? response.output : [];
    items.forEach((item, index) => {
      out.push(...this.#item(item, index));
    });
    const status = response.status;
    if (status === 'completed' || status === 'incomplete' || status === 'failed') {
      out.push(this.#stamp({ type: `response.${status}`, response }));
    }
    return out;
  }

  #item(item: ResponseOutputItem, output_index: number): ResponseStreamEvent[] {
    if (item?.type !== 'message' || !Array.isArray(item.content)) {
      return [
        this.#stamp({ type: 'response.output_item.added', output_index, item }),
        this.#stamp({ type: 'response.output_item.done', output_index, item }),
      ];
    }
    // The message opens empty and its text comes as deltas, as on a stream: an accumulator that
    // appends the deltas to the added item ends with the text once, not twice.
    const opened = { ...item, status: 'in_progress' as const, content: [] };
    const out = [this.#stamp({ type: 'response.output_item.added', output_index, item: opened })];
    item.content.forEach((part, content_index) => {
      out.push(...this.#part(part, { item_id: item.id ?? '', output_index, content_index }));
    });
    out.push(this.#stamp({ type: 'response.output_item.done', output_index, item }));
    return out;
  }

  #part(
    part: ResponseMessageContent,
    at: { item_id: string; output_index: number; content_index: number },
  ): ResponseStreamEvent[] {
    const out: ResponseStreamEvent[] = [];
    if (part?.type === 'output_text') {
      const text = typeof part.text === 'string' ? part.text : '';
      out.push(
        this.#stamp({
          type: 'response.content_part.added',
          ...at,
          part: { type: 'output_text', text: '', annotations: [] },
        }),
        this.#stamp({ type: 'response.output_text.delta', ...at, delta: text }),
        this.#stamp({ type: 'response.output_text.done', ...at, text }),
      );
    } else if (part?.type === 'refusal') {
      const refusal = typeof part.refusal === 'string' ? part.refusal : '';
      out.push(
        this.#stamp({ type: 'response.content_part.added', ...at, part: { type: 'refusal', refusal: '' } }),
        this.#stamp({ type: 'response.refusal.delta', ...at, delta: refusal }),
        this.#stamp({ type: 'response.refusal.done', ...at, refusal }),
      );
    } else {
      out.push(this.#stamp({ type: 'response.content_part.added', ...at, part }));
    }
    out.push(this.#stamp({ type: 'response.content_part.done', ...at, part }));
    return out;
  }

  #stamp(event: Unnumbered<ResponseStreamEvent>): ResponseStreamEvent {
    return { ...event, sequence_number: this.#next++ } as ResponseStreamEvent;
  }
}

/** The response as it was while it ran: in progress, no output, no usage or outcome yet. */
function inProgress(response: Response): Response {
  const { output_text: _joined, ...rest } = response;
  const open: Response = { ...rest, status: 'in_progress', output: [] };
  for (const key of ['usage', 'error', 'incomplete_details'] as const) {
    if (key in open) (open as unknown as Record<string, unknown>)[key] = null;
  }
  return open;
}

/** Where a response is polled; one whose id cannot make a path is the server's fault, said so. */
function pollSpec({ response, http }: AnsweredResponse, retrieve: RetrieveSpec): CallSpec {
  try {
    return retrieve(response?.id ?? '');
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new UnexpectedResponseError(
      http.status,
      http.headers.get('content-type'),
      'a response without a usable id, which cannot be polled',
    );
  }
}
