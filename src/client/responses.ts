import type { Observable } from 'rxjs';
import { ValidationError } from '../errors.js';
import { responseParamsError } from '../responses/rules.js';
import type {
  Response,
  ResponseCreateParams,
  ResponseInputItem,
  ResponseStreamEvent,
} from '../types/responses/index.js';
import { isAzureV1 } from './configuration.js';
import type { AzureOptions, RequestOptions } from './options.js';
import { pollResponse } from './response-fallback.js';
import { type ResponsePaths, responseStream } from './response-stream.js';
import type { Page } from './runs.js';
import { type CallSpec, signalOf, type Transport } from './transport.js';
import { validateId } from './validate.js';
import { validateRequestOptions } from './validate-options.js';

/**
 * Options of one `client.responses` call: those of every call, and how unknown body keys are treated.
 *
 * @example
 * ```ts
 * // A field newer than this version of runstream is sent as it is.
 * const options: ResponseRequestOptions = { allowUnknownKeys: true, idleTimeout: 30_000 };
 * client.responses.stream({ model: 'gpt-5', input: 'Hi', brand_new_field: true } as ResponseCreateParams, options);
 * ```
 */
export interface ResponseRequestOptions extends RequestOptions {
  /**
   * Send body keys the parameter table does not know instead of refusing them.
   *
   * @default false
   */
  allowUnknownKeys?: boolean;
}

/**
 * Where {@link Responses.resume} starts.
 *
 * @example
 * ```ts
 * const from: ResumeFrom = { startingAfter: 41 };
 * client.responses.resume('resp_abc', from).subscribe(console.log);
 * ```
 */
export interface ResumeFrom {
  /**
   * The last `sequence_number` already seen: the stream goes on after it.
   *
   * @default none: from the first event
   */
  startingAfter?: number;
}

/**
 * The query of {@link Responses.inputItems}.
 *
 * @example
 * ```ts
 * const query: InputItemsQuery = { order: 'asc', limit: 20 };
 * const page = await client.responses.inputItems('resp_abc', query);
 * ```
 */
export interface InputItemsQuery {
  /** Oldest first (`'asc'`) or newest first (`'desc'`, the API's default). */
  order?: 'asc' | 'desc';
  /** Items a page, 1 to 100 (the API's default: 20). */
  limit?: number;
  /** An item id: the page starts after it. */
  after?: string;
  /** An item id: the page ends before it. */
  before?: string;
}

/**
 * `client.responses`: the Responses API (`POST /responses`) on the same client as runs: same
 * retries, timeouts, Azure handling, errors and key redaction.
 *
 * @example
 * ```ts
 * client.responses
 *   .stream({ model: 'gpt-5', input: 'Say hello' })
 *   .pipe(textDeltas())
 *   .subscribe((text) => process.stdout.write(text));
 * ```
 */
export class Responses {
  readonly #transport: Transport;
  readonly #azure: AzureOptions | undefined;
  readonly #paths: ResponsePaths = {
    resume: (id, startingAfter) => this.resumeSpec(id, startingAfter),
    retrieve: (id) => ({ method: 'get', path: this.path(id) }),
  };

  /**
   * Made by {@link createClient}, as `client.responses`.
   *
   * @internal
   */
  constructor(transport: Transport, azure?: AzureOptions) {
    this.#transport = transport;
    this.#azure = azure;
  }

  /**
   * Creates a response and streams its events. Cold: each subscription is one request. A
   * background response (`background: true`) whose stream is cut rejoins by itself from the last
   * event delivered; a foreground one errors with `StreamInterruptedError` after every event that came.
   * A server that answers with the response as JSON (it ignored `stream: true`) still gives a
   * stream: a running response is polled to its end, then the events a stream would have ended
   * with are emitted (`response.created`, `response.in_progress`, each output item with a
   * message's text as one `response.output_text.delta`, the terminal event).
   *
   * @param params - The create-response body; checked before anything is sent.
   * @param options - The call's options: timeouts, retries, `signal`, `unknownEvents`, `allowUnknownKeys`.
   * @returns A cold observable of the response's events. It errors with a `ValidationError` (nothing
   *   sent) for a bad body, an `APIError` for an HTTP failure, `RunStreamError` for `event: error`.
   * @see https://platform.openai.com/docs/api-reference/responses/create
   *
   * @example
   * ```ts
   * client.responses
   *   .stream({ model: 'gpt-5', input: 'Write a haiku', background: true })
   *   .subscribe((event) => console.log(event.type, event.sequence_number));
   * ```
   */
  stream(
    params: ResponseCreateParams,
    options: ResponseRequestOptions = {},
  ): Observable<ResponseStreamEvent> {
    return responseStream(
      this.#transport,
      () => {
        const body = this.body(params, options, true);
        return { spec: { method: 'post', path: this.path(), body }, background: body.background === true };
      },
      this.#paths,
      options,
    );
  }

  /**
   * Creates a response. With `stream: true` it is {@link Responses.stream}; without, it resolves
   * with the response, and a background one is polled until it ends (honouring `openai-poll-after-ms`).
   *
   * @param params - The create-response body, with `stream: true`.
   * @param options - This call's options.
   * @returns The response's events, as {@link Responses.stream} gives them.
   * @see https://platform.openai.com/docs/api-reference/responses/create
   *
   * @example
   * ```ts
   * const response = await client.responses.create({ model: 'gpt-5', input: 'Hi', background: true });
   * console.log(response.status, response.usage?.total_tokens);
   * ```
   */
  create(
    params: ResponseCreateParams & { stream: true },
    options?: ResponseRequestOptions,
  ): Observable<ResponseStreamEvent>;
  /**
   * Creates a response without streaming and resolves with it; a background one is polled until
   * it ends (`pollInterval`, `openai-poll-after-ms`).
   *
   * @param params - The create-response body, without `stream` (or `stream: false`).
   * @param options - This call's options; `pollInterval` paces the polls.
   * @returns The response, in a terminal status when it ran in the background.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a bad body.
   * @see https://platform.openai.com/docs/api-reference/responses/create
   */
  create(
    params: ResponseCreateParams & { stream?: false | null },
    options?: ResponseRequestOptions,
  ): Promise<Response>;
  /**
   * Creates a response: its events with `stream: true`, else the response itself.
   *
   * @param params - The create-response body.
   * @param options - This call's options.
   * @returns The events with `stream: true`, else a Promise of the response.
   */
  create(
    params: ResponseCreateParams,
    options?: ResponseRequestOptions,
  ): Observable<ResponseStreamEvent> | Promise<Response>;
  create(
    params: ResponseCreateParams,
    options: ResponseRequestOptions = {},
  ): Observable<ResponseStreamEvent> | Promise<Response> {
    if (params?.stream === true) return this.stream(params, options);
    return this.settle(params, options);
  }

  /**
   * Joins the stream of a stored background response, from another process or after a restart:
   * `GET /responses/{id}?stream=true&starting_after=N`. Cuts are resumed as in {@link Responses.stream};
   * a response that is cancelled while it is followed completes the observable after its last
   * event (the API's stream has no event for a cancel).
   *
   * @param responseId - The background response to follow.
   * @param from - Where to start: after `startingAfter`, else from its first event.
   * @param options - This call's options.
   * @returns A cold observable of the response's events after `startingAfter`.
   * @see https://platform.openai.com/docs/api-reference/responses/get
   *
   * @example
   * ```ts
   * // Picks up after the last event this process saw before it restarted.
   * client.responses.resume('resp_abc', { startingAfter: 41 }).pipe(textDeltas()).subscribe(render);
   * ```
   */
  resume(
    responseId: string,
    from: ResumeFrom = {},
    options: ResponseRequestOptions = {},
  ): Observable<ResponseStreamEvent> {
    return responseStream(
      this.#transport,
      () => {
        const startingAfter = validateStartingAfter(from?.startingAfter);
        return {
          spec: this.resumeSpec(responseId, startingAfter),
          background: true,
          responseId,
          startingAfter,
        };
      },
      this.#paths,
      options,
    );
  }

  /**
   * Fetches a response as it is now.
   *
   * @param responseId - The response's id; checked like a thread id.
   * @param options - This call's options.
   * @returns The response.
   * @see https://platform.openai.com/docs/api-reference/responses/get
   *
   * @example
   * ```ts
   * const { status } = await client.responses.retrieve('resp_abc');
   * ```
   */
  async retrieve(responseId: string, options: RequestOptions = {}): Promise<Response> {
    return this.#transport.request<Response>({ method: 'get', path: this.path(responseId) }, options);
  }

  /**
   * Cancels a background response; resolves with it (status `cancelled`). Its streams, this
   * process's and other readers', end after the last event, with no terminal event: runstream's
   * observables then complete.
   *
   * @param responseId - The background response to cancel.
   * @param options - This call's options.
   * @returns The response, status `cancelled`.
   * @see https://platform.openai.com/docs/api-reference/responses/cancel
   *
   * @example
   * ```ts
   * await client.responses.cancel('resp_abc');
   * ```
   */
  async cancel(responseId: string, options: RequestOptions = {}): Promise<Response> {
    return this.#transport.request<Response>(
      { method: 'post', path: `${this.path(responseId)}/cancel` },
      options,
    );
  }

  /**
   * Deletes a stored response.
   *
   * @param responseId - The response to delete.
   * @param options - This call's options.
   * @returns The deletion's confirmation: `{ id, object: 'response.deleted', deleted: true }`.
   * @see https://platform.openai.com/docs/api-reference/responses/delete
   *
   * @example
   * ```ts
   * const { deleted } = await client.responses.delete('resp_abc');
   * ```
   */
  async delete(
    responseId: string,
    options: RequestOptions = {},
  ): Promise<{ id: string; object: string; deleted: boolean }> {
    return this.#transport.request({ method: 'delete', path: this.path(responseId) }, options);
  }

  /**
   * Lists the input items a response was created from.
   *
   * @param responseId - The response whose input is listed.
   * @param query - Order, page size and cursors; checked before sending.
   * @param options - This call's options.
   * @returns One page of input items.
   * @see https://platform.openai.com/docs/api-reference/responses/input-items
   *
   * @example
   * ```ts
   * const { data } = await client.responses.inputItems('resp_abc', { order: 'asc' });
   * ```
   */
  async inputItems(
    responseId: string,
    query: InputItemsQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<ResponseInputItem>> {
    const path = `${this.path(responseId)}/input_items`;
    return this.#transport.request({ method: 'get', path, query: listQuery(query) }, options);
  }

  /** The checked body: the Azure deployment as `model` when none is named, `stream` as asked. */
  private body(params: ResponseCreateParams, options: ResponseRequestOptions, stream: boolean) {
    const deployment = this.#transport.config.deployment;
    // As for runs: fields newer than this version go unchecked in `extra_body`, merged as they are.
    const { extra_body: extra, ...checked } = (params ?? {}) as ResponseCreateParams & {
      extra_body?: unknown;
    };
    if (extra !== undefined && (!extra || typeof extra !== 'object' || Array.isArray(extra))) {
      throw new ValidationError('extra_body', 'must be an object of fields to send unchecked', extra);
    }
    const error = responseParamsError(params === null || typeof params !== 'object' ? params : checked, {
      modelSupplied: deployment !== undefined,
      allowUnknownKeys: options.allowUnknownKeys === true,
    });
    if (error) throw error;
    const body: Record<string, unknown> = { ...checked, ...(extra as object | undefined), stream };
    if (deployment && (body.model === undefined || body.model === null)) body.model = deployment;
    return body;
  }

  private async settle(params: ResponseCreateParams, options: ResponseRequestOptions): Promise<Response> {
    validateRequestOptions(options);
    const body = this.body(params, options, false);
    const signal = signalOf(options);
    const { value: response, response: http } = await this.#transport.json<Response>(
      { method: 'post', path: this.path(), body },
      options,
      signal,
    );
    return pollResponse(this.#transport, { response, http }, this.#paths.retrieve, options, signal);
  }

  private resumeSpec(responseId: string, startingAfter: number | undefined): CallSpec {
    const query: Record<string, string> = { stream: 'true' };
    if (startingAfter !== undefined) query.starting_after = String(startingAfter);
    return { method: 'get', path: this.path(responseId), query };
  }

  /**
   * `/responses` or `/responses/{id}`, the id checked. Azure's v1 API (`apiVersion: 'v1'`,
   * `'preview'` or `'latest'`) lives under `/openai/v1`; dated api-versions use
   * `/openai/responses?api-version=…`.
   */
  private path(responseId?: string): string {
    const root = this.#azure && isAzureV1(this.#azure.apiVersion) ? '/v1/responses' : '/responses';
    return responseId === undefined
      ? root
      : `${root}/${encodeURIComponent(validateId('response_id', responseId))}`;
  }
}

function validateStartingAfter(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new ValidationError(
      'startingAfter',
      'must be a sequence_number: a whole number of at least 0',
      value,
    );
  }
  return value as number;
}

function listQuery(query: InputItemsQuery): Record<string, string> {
  if (!query || typeof query !== 'object') throw new ValidationError('query', 'must be an object', query);
  const result: Record<string, string> = {};
  if (query.order !== undefined) {
    if (query.order !== 'asc' && query.order !== 'desc') {
      throw new ValidationError('order', 'must be "asc" or "desc"', query.order);
    }
    result.order = query.order;
  }
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100) {
      throw new ValidationError('limit', 'must be a whole number from 1 to 100', query.limit);
    }
    result.limit = String(query.limit);
  }
  if (query.after !== undefined) result.after = validateId('after', query.after);
  if (query.before !== undefined) result.before = validateId('before', query.before);
  return result;
}
