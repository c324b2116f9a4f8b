import type { Observable } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { Message } from '../types/message.js';
import type { MessageParam, ThreadCreateAndRunParams } from '../types/params.js';
import type { Run } from '../types/run.js';
import type { Metadata } from '../types/shared.js';
import type { Thread } from '../types/thread.js';
import { allPages, type ListQuery, listQueryOf } from './list.js';
import type { RequestOptions } from './options.js';
import { threadPath } from './paths.js';
import { type EventsFor, type Page, settle, withDeployment } from './runs.js';
import { streamCall } from './stream.js';
import type { CallSpec, Transport } from './transport.js';
import { validateMetadata, validateThreadAndRunParams } from './validate.js';

/**
 * The query of "list messages": newest first unless `order: 'asc'`; `run_id` keeps one run's.
 *
 * @example
 * ```ts
 * const query: MessageListQuery = { run_id: runId, order: 'asc', limit: 20 };
 * const { data } = await client.threads.messages.list(threadId, query);
 * ```
 */
export interface MessageListQuery extends ListQuery {
  /** Only the messages this run wrote. */
  run_id?: string;
}

/**
 * `client.threads`: create threads and messages, and create a thread and run it in one call.
 *
 * @example
 * ```ts
 * const thread = await client.threads.create();
 * await client.threads.messages.create(thread.id, { role: 'user', content: 'Hello' });
 * ```
 */
export class Threads {
  /**
   * `client.threads.messages`: add messages to a thread, and list them (`run_id` keeps the
   * messages one run wrote: the answer of a run followed without a stream, say).
   */
  readonly messages: {
    /**
     * Adds a message to a thread.
     *
     * @param threadId - The thread.
     * @param params - The message: `role`, `content`, and optionally `attachments` and `metadata`.
     * @param options - This call's options.
     * @returns The message as the server stored it.
     * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed
     *   id or `metadata`.
     * @see https://platform.openai.com/docs/api-reference/messages/createMessage
     */
    create: (threadId: string, params: MessageParam, options?: RequestOptions) => Promise<Message>;
    /**
     * Lists one page of a thread's messages, newest first unless `order: 'asc'`.
     *
     * @param threadId - The thread.
     * @param query - `limit`, `order`, `after`, `before`, `run_id`.
     * @param options - This call's options.
     * @returns One page of messages.
     * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id or query.
     * @see https://platform.openai.com/docs/api-reference/messages/listMessages
     */
    list: (threadId: string, query?: MessageListQuery, options?: RequestOptions) => Promise<Page<Message>>;
    /**
     * Every message of the thread (that `query` selects), page after page, as an async iterable.
     *
     * @param threadId - The thread.
     * @param query - As for `list`; `after` starts after that message.
     * @param options - The options of every page's request.
     * @returns The messages, fetched a page at a time as the loop asks for them.
     * @throws {@link ValidationError} at once, before any request, for a malformed query.
     */
    listAll: (
      threadId: string,
      query?: MessageListQuery,
      options?: RequestOptions,
    ) => AsyncGenerator<Message, void, undefined>;
  };

  readonly #transport: Transport;

  /**
   * Made by {@link createClient}, as `client.threads`.
   *
   * @internal
   */
  constructor(transport: Transport) {
    this.#transport = transport;
    this.messages = {
      create: async (threadId, params, options = {}) => {
        const path = `${threadPath(threadId)}/messages`;
        validateMetadata('metadata', params?.metadata);
        const body = params as unknown as Record<string, unknown>;
        return transport.request<Message>({ method: 'post', path, body }, options);
      },
      list: async (threadId, query = {}, options = {}) => {
        const path = `${threadPath(threadId)}/messages`;
        return transport.request<Page<Message>>({ method: 'get', path, query: listQueryOf(query) }, options);
      },
      listAll: (threadId, query = {}, options = {}) => {
        listQueryOf(query);
        return allPages((after) => this.messages.list(threadId, { ...query, after }, options), query.after);
      },
    };
  }

  /**
   * Creates an empty thread, or one with messages.
   *
   * @param params - `messages` to start with, and `metadata`.
   * @param options - This call's options.
   * @returns The new thread.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for malformed `metadata`.
   * @see https://platform.openai.com/docs/api-reference/threads/createThread
   *
   * @example
   * ```ts
   * const thread = await client.threads.create({ messages: [{ role: 'user', content: 'Hi' }] });
   * ```
   */
  async create(
    params: { messages?: MessageParam[]; metadata?: Metadata | null } = {},
    options: RequestOptions = {},
  ): Promise<Thread> {
    validateMetadata('metadata', params.metadata);
    const body = params as Record<string, unknown>;
    return this.#transport.request<Thread>({ method: 'post', path: '/threads', body }, options);
  }

  /**
   * Creates a thread and runs it, streaming the events (the first is `thread.created`).
   *
   * @param params - The run's parameters (`assistant_id` is required) and the new `thread`.
   * @param options - This call's options; `unknownEvents: 'emit'` widens the event type.
   * @returns A cold Observable of the events, completing after `[DONE]`; it errors with a
   *   `ValidationError` on subscription, before any request, when a parameter breaks a rule.
   * @see https://platform.openai.com/docs/api-reference/runs/createThreadAndRun
   *
   * @example
   * ```ts
   * client.threads.createAndRunStream({
   *   assistant_id: 'asst_abc',
   *   thread: { messages: [{ role: 'user', content: 'Hello' }] },
   * }).subscribe((e) => console.log(e.event));
   * ```
   */
  createAndRunStream<O extends RequestOptions | undefined = undefined>(
    params: ThreadCreateAndRunParams,
    options?: O,
  ): Observable<EventsFor<O>> {
    return streamCall(this.#transport, () => this.spec(params, true), options) as Observable<EventsFor<O>>;
  }

  /**
   * Creates a thread and runs it. With `stream: true` it streams; without, it resolves with the
   * run once it settles.
   *
   * @param params - The run's parameters and the new `thread`, with `stream: true`.
   * @param options - This call's options.
   * @returns The events, as {@link Threads.createAndRunStream} gives them.
   * @see https://platform.openai.com/docs/api-reference/runs/createThreadAndRun
   *
   * @example
   * ```ts
   * const run = await client.threads.createAndRun({ assistant_id: 'asst_abc' });
   * ```
   */
  createAndRun<O extends RequestOptions | undefined = undefined>(
    params: ThreadCreateAndRunParams & { stream: true },
    options?: O,
  ): Observable<EventsFor<O>>;
  /**
   * Creates a thread and runs it; resolves with the run once it reaches a terminal status or
   * `requires_action`.
   *
   * @param params - The run's parameters and the new `thread`, without `stream` (or `stream: false`).
   * @param options - This call's options; `pollInterval` paces the polls.
   * @returns The settled run; its `thread_id` names the new thread.
   * @throws {@link ValidationError} (the Promise rejects, before any request) when a parameter
   *   breaks a rule.
   */
  createAndRun(
    params: ThreadCreateAndRunParams & { stream?: false | null },
    options?: RequestOptions,
  ): Promise<Run>;
  /**
   * Creates a thread and runs it, streaming or not as `params.stream` says at run time.
   *
   * @param params - The run's parameters and the new `thread`.
   * @param options - This call's options.
   * @returns The events with `stream: true`, else the settled run.
   */
  createAndRun<O extends RequestOptions | undefined = undefined>(
    params: ThreadCreateAndRunParams,
    options?: O,
  ): Observable<EventsFor<O>> | Promise<Run>;
  createAndRun(
    params: ThreadCreateAndRunParams,
    options?: RequestOptions,
  ): Observable<RunStreamEvent | UnknownRunStreamEvent> | Promise<Run> {
    if (params?.stream === true) return this.createAndRunStream(params, options);
    return settle(this.#transport, () => this.spec(params, false), options);
  }

  private spec(params: ThreadCreateAndRunParams, stream: boolean): CallSpec {
    // `include` is a query parameter, as on create-run; the body holds only the endpoint's fields.
    const { include, ...rest } = validateThreadAndRunParams(params);
    const body = withDeployment({ ...rest, stream }, this.#transport.config.deployment);
    return {
      method: 'post',
      path: '/threads/runs',
      body,
      ...(include ? { query: { 'include[]': include as string[] } } : {}),
    };
  }
}
