import type { Observable } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { Message } from '../types/message.js';
import type { MessageParam, ThreadCreateAndRunParams } from '../types/params.js';
import type { Run } from '../types/run.js';
import type { Metadata } from '../types/shared.js';
import type { Thread } from '../types/thread.js';
import type { RequestOptions } from './options.js';
import { threadPath } from './paths.js';
import { type EventsFor, settle, signalOf, withDeployment } from './runs.js';
import { streamCall } from './stream.js';
import type { CallSpec, Transport } from './transport.js';
import { validateMetadata, validateThreadAndRunParams } from './validate.js';

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
  /** `client.threads.messages`: add messages to a thread. */
  readonly messages: {
    create: (threadId: string, params: MessageParam, options?: RequestOptions) => Promise<Message>;
  };

  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
    this.messages = {
      create: async (threadId, params, options = {}) => {
        const path = `${threadPath(threadId)}/messages`;
        validateMetadata('metadata', params?.metadata);
        const body = params as unknown as Record<string, unknown>;
        return (await transport.json<Message>({ method: 'post', path, body }, options, signalOf(options)))
          .value;
      },
    };
  }

  /**
   * Creates an empty thread, or one with messages.
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
    return (
      await this.#transport.json<Thread>(
        { method: 'post', path: '/threads', body },
        options,
        signalOf(options),
      )
    ).value;
  }

  /**
   * Creates a thread and runs it, streaming the events (the first is `thread.created`).
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
   * @example
   * ```ts
   * const run = await client.threads.createAndRun({ assistant_id: 'asst_abc' });
   * ```
   */
  createAndRun<O extends RequestOptions | undefined = undefined>(
    params: ThreadCreateAndRunParams & { stream: true },
    options?: O,
  ): Observable<EventsFor<O>>;
  createAndRun(
    params: ThreadCreateAndRunParams & { stream?: false | null },
    options?: RequestOptions,
  ): Promise<Run>;
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
    const body = withDeployment(
      { ...validateThreadAndRunParams(params), stream },
      this.#transport.config.deployment,
    );
    return { method: 'post', path: '/threads/runs', body };
  }
}
