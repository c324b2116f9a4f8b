import type { Observable } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { RunCreateParams, SubmitToolOutputsParams } from '../types/params.js';
import type { Run } from '../types/run.js';
import type { RunStep } from '../types/step.js';

export type { Page } from './list.js';

import { allPages, type ListQuery, listQueryOf, type Page, queryAndOptions } from './list.js';
import type { RequestOptions } from './options.js';
import { runPath, threadPath } from './paths.js';
import { pollRun } from './poll.js';
import { answeredRun, streamCall } from './stream.js';
import { type CallSpec, signalOf, type Transport } from './transport.js';
import { validateId, validateRunParams, validateToolOutputs } from './validate.js';
import { validateRequestOptions } from './validate-options.js';

/**
 * The events a call emits: with `unknownEvents: 'emit'`, unknown ones too.
 *
 * @example
 * ```ts
 * const all$: Observable<EventsFor<{ unknownEvents: 'emit' }>> = client.runs.stream(
 *   threadId,
 *   { assistant_id: assistantId },
 *   { unknownEvents: 'emit' },
 * );
 * ```
 */
export type EventsFor<O extends RequestOptions | undefined> = O extends { unknownEvents: 'emit' }
  ? RunStreamEvent | UnknownRunStreamEvent
  : RunStreamEvent;

/**
 * The query of "list run steps": a {@link ListQuery} and the extra fields to `include`.
 *
 * @example
 * ```ts
 * const query: StepListQuery = { include: ['step_details.tool_calls[*].file_search.results[*].content'] };
 * const { data: steps } = await client.runs.listSteps(threadId, runId, query);
 * ```
 */
export interface StepListQuery extends ListQuery {
  /** Fields the API leaves out unless asked, e.g. `'step_details.tool_calls[*].file_search.results[*].content'`. */
  include?: string[];
}

/**
 * `client.runs`: create, stream, submit tool outputs, retrieve and cancel runs.
 *
 * @example
 * ```ts
 * const run = await lastValueFrom(client.runs.stream('thread_abc', { assistant_id: 'asst_abc' }).pipe(finalRun()));
 * ```
 */
export class Runs {
  readonly #transport: Transport;

  /**
   * Made by {@link createClient}, as `client.runs`.
   *
   * @internal
   */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts a run on a thread and streams its events. Cold: each subscription is one request.
   *
   * @param threadId - The thread to run.
   * @param params - The run's parameters; `assistant_id` is required.
   * @param options - This call's options; `unknownEvents: 'emit'` widens the event type.
   * @returns A cold Observable of the run's events, completing after `[DONE]`. It errors with a
   *   `ValidationError` on subscription, before any request, when an id or a parameter breaks a
   *   rule, and otherwise with one of runstream's errors (`APIError`, `StreamInterruptedError`…).
   * @see https://platform.openai.com/docs/api-reference/runs/createRun
   *
   * @example
   * ```ts
   * client.runs.stream('thread_abc', { assistant_id: 'asst_abc' })
   *   .pipe(textDeltas())
   *   .subscribe((text) => process.stdout.write(text));
   * ```
   */
  stream<O extends RequestOptions | undefined = undefined>(
    threadId: string,
    params: RunCreateParams,
    options?: O,
  ): Observable<EventsFor<O>> {
    return streamCall(this.#transport, () => this.createSpec(threadId, params, true), options) as Observable<
      EventsFor<O>
    >;
  }

  /**
   * Creates a run. With `stream: true` it is {@link Runs.stream}; without, it resolves with the
   * run once it reaches a terminal status or `requires_action`, polling as needed.
   *
   * @param threadId - The thread to run.
   * @param params - The run's parameters, with `stream: true`.
   * @param options - This call's options.
   * @returns The run's events, as {@link Runs.stream} gives them.
   * @see https://platform.openai.com/docs/api-reference/runs/createRun
   *
   * @example
   * ```ts
   * const run = await client.runs.create('thread_abc', { assistant_id: 'asst_abc' });
   * console.log(run.status);
   * ```
   */
  create<O extends RequestOptions | undefined = undefined>(
    threadId: string,
    params: RunCreateParams & { stream: true },
    options?: O,
  ): Observable<EventsFor<O>>;
  /**
   * Creates a run and resolves with it once it reaches a terminal status or `requires_action`.
   *
   * @param threadId - The thread to run.
   * @param params - The run's parameters, without `stream` (or `stream: false`).
   * @param options - This call's options; `pollInterval` paces the polls.
   * @returns The settled run.
   * @throws {@link ValidationError} (the Promise rejects, before any request) when an id or a
   *   parameter breaks a rule.
   */
  create(
    threadId: string,
    params: RunCreateParams & { stream?: false | null },
    options?: RequestOptions,
  ): Promise<Run>;
  // `stream` known only at run time (a `RunCreateParams` variable, `{ stream: flag }`): either.
  /**
   * Creates a run, streaming or not as `params.stream` says at run time.
   *
   * @param threadId - The thread to run.
   * @param params - The run's parameters.
   * @param options - This call's options.
   * @returns The events with `stream: true`, else the settled run.
   */
  create<O extends RequestOptions | undefined = undefined>(
    threadId: string,
    params: RunCreateParams,
    options?: O,
  ): Observable<EventsFor<O>> | Promise<Run>;
  create(
    threadId: string,
    params: RunCreateParams,
    options?: RequestOptions,
  ): Observable<RunStreamEvent | UnknownRunStreamEvent> | Promise<Run> {
    if (params?.stream === true) return this.stream(threadId, params, options);
    return settle(this.#transport, () => this.createSpec(threadId, params, false), options);
  }

  /**
   * Sends the outputs of a run's tool calls and streams the rest of the run.
   *
   * @param threadId - The run's thread.
   * @param runId - The run, in `requires_action`.
   * @param params - `tool_outputs`: one `{ tool_call_id, output }` for every call of the round.
   * @param options - This call's options.
   * @returns A cold Observable of the rest of the run's events; it errors with a
   *   `ValidationError` on subscription, before any request, when an id or an output breaks a rule.
   * @see {@link handleToolCalls}, which answers the calls and submits for you.
   * @see https://platform.openai.com/docs/api-reference/runs/submitToolOutputs
   *
   * @example
   * ```ts
   * client.runs.submitToolOutputsStream('thread_abc', 'run_abc', {
   *   tool_outputs: [{ tool_call_id: 'call_1', output: '21°C' }],
   * }).subscribe(console.log);
   * ```
   */
  submitToolOutputsStream<O extends RequestOptions | undefined = undefined>(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams,
    options?: O,
  ): Observable<EventsFor<O>> {
    return streamCall(
      this.#transport,
      () => this.submitSpec(threadId, runId, params, true),
      options,
    ) as Observable<EventsFor<O>>;
  }

  /**
   * Sends the outputs of a run's tool calls. With `stream: true` it streams the rest of the run;
   * without, it resolves with the run once it settles again.
   *
   * @param threadId - The run's thread.
   * @param runId - The run, in `requires_action`.
   * @param params - `tool_outputs`, with `stream: true`.
   * @param options - This call's options.
   * @returns The rest of the run's events, as {@link Runs.submitToolOutputsStream} gives them.
   * @see https://platform.openai.com/docs/api-reference/runs/submitToolOutputs
   *
   * @example
   * ```ts
   * const run = await client.runs.submitToolOutputs('thread_abc', 'run_abc', {
   *   tool_outputs: [{ tool_call_id: 'call_1', output: '21°C' }],
   * });
   * ```
   */
  submitToolOutputs<O extends RequestOptions | undefined = undefined>(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams & { stream: true },
    options?: O,
  ): Observable<EventsFor<O>>;
  /**
   * Sends the outputs of a run's tool calls and resolves with the run once it settles again.
   *
   * @param threadId - The run's thread.
   * @param runId - The run, in `requires_action`.
   * @param params - `tool_outputs`, without `stream` (or `stream: false`).
   * @param options - This call's options.
   * @returns The run, settled again (terminal, or `requires_action` for another round).
   * @throws {@link ValidationError} (the Promise rejects, before any request) when an id or an
   *   output breaks a rule.
   */
  submitToolOutputs(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams & { stream?: false | null },
    options?: RequestOptions,
  ): Promise<Run>;
  /**
   * Sends the outputs of a run's tool calls, streaming or not as `params.stream` says at run time.
   *
   * @param threadId - The run's thread.
   * @param runId - The run, in `requires_action`.
   * @param params - `tool_outputs`, and `stream`.
   * @param options - This call's options.
   * @returns The events with `stream: true`, else the settled run.
   */
  submitToolOutputs<O extends RequestOptions | undefined = undefined>(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams,
    options?: O,
  ): Observable<EventsFor<O>> | Promise<Run>;
  submitToolOutputs(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams,
    options?: RequestOptions,
  ): Observable<RunStreamEvent | UnknownRunStreamEvent> | Promise<Run> {
    if (params?.stream === true) return this.submitToolOutputsStream(threadId, runId, params, options);
    return settle(this.#transport, () => this.submitSpec(threadId, runId, params, false), options);
  }

  /**
   * Fetches a run as it is now.
   *
   * @param threadId - The run's thread.
   * @param runId - The run.
   * @param options - This call's options.
   * @returns The run.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id.
   * @see https://platform.openai.com/docs/api-reference/runs/getRun
   *
   * @example
   * ```ts
   * const run = await client.runs.retrieve('thread_abc', 'run_abc');
   * ```
   */
  async retrieve(threadId: string, runId: string, options: RequestOptions = {}): Promise<Run> {
    const path = runPath(threadId, runId);
    return this.#transport.request<Run>({ method: 'get', path }, options);
  }

  /**
   * Asks the server to cancel a run; resolves with the run (usually `cancelling`).
   *
   * @param threadId - The run's thread.
   * @param runId - The run to cancel.
   * @param options - This call's options.
   * @returns The run as the server answered, usually `cancelling`.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id.
   * @see https://platform.openai.com/docs/api-reference/runs/cancelRun
   *
   * @example
   * ```ts
   * await client.runs.cancel('thread_abc', 'run_abc');
   * ```
   */
  async cancel(threadId: string, runId: string, options: RequestOptions = {}): Promise<Run> {
    const path = `${runPath(threadId, runId)}/cancel`;
    return this.#transport.request<Run>({ method: 'post', path }, options);
  }

  /**
   * Lists one page of a run's steps, oldest first unless `order: 'desc'`; `include` asks for
   * fields the API leaves out by default (file-search result content). `listAllSteps` walks
   * every page. The older `listSteps(threadId, runId, options)` still works.
   *
   * @param threadId - The run's thread.
   * @param runId - The run.
   * @param query - `limit`, `order`, `after`, `before`, `include`; or, the older form, the call's options.
   * @param options - This call's options.
   * @returns One page of steps, with `has_more` and `last_id` for the next.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id or query.
   * @see https://platform.openai.com/docs/api-reference/run-steps/listRunSteps
   *
   * @example
   * ```ts
   * const { data: steps, has_more } = await client.runs.listSteps('thread_abc', 'run_abc', { limit: 100 });
   * ```
   */
  async listSteps(
    threadId: string,
    runId: string,
    query?: StepListQuery | RequestOptions,
    options?: RequestOptions,
  ): Promise<Page<RunStep>> {
    const [stepQuery, requestOptions] = queryAndOptions<StepListQuery>(query, options);
    const path = `${runPath(threadId, runId)}/steps`;
    const params = listQueryOf({ order: 'asc', ...stepQuery });
    return this.#transport.request<Page<RunStep>>({ method: 'get', path, query: params }, requestOptions);
  }

  /**
   * Every step of a run, page after page, as an async iterable.
   *
   * @param threadId - The run's thread.
   * @param runId - The run.
   * @param query - As for {@link Runs.listSteps}; `after` starts after that step.
   * @param options - The options of every page's request.
   * @returns The steps, fetched a page at a time as the loop asks for them.
   * @throws {@link ValidationError} at once, before any request, for a malformed query.
   *
   * @example
   * ```ts
   * for await (const step of client.runs.listAllSteps('thread_abc', 'run_abc')) console.log(step.id, step.status);
   * ```
   */
  listAllSteps(
    threadId: string,
    runId: string,
    query: StepListQuery = {},
    options: RequestOptions = {},
  ): AsyncGenerator<RunStep, void, undefined> {
    listQueryOf(query);
    return allPages((after) => this.listSteps(threadId, runId, { ...query, after }, options), query.after);
  }

  /**
   * Fetches one step of a run; `include` as for {@link Runs.listSteps}.
   *
   * @param threadId - The run's thread.
   * @param runId - The run.
   * @param stepId - The step.
   * @param query - `include`: fields the API leaves out unless asked.
   * @param options - This call's options.
   * @returns The step.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id.
   * @see https://platform.openai.com/docs/api-reference/run-steps/getRunStep
   *
   * @example
   * ```ts
   * const step = await client.runs.retrieveStep('thread_abc', 'run_abc', 'step_abc');
   * ```
   */
  async retrieveStep(
    threadId: string,
    runId: string,
    stepId: string,
    query: { include?: string[] } = {},
    options: RequestOptions = {},
  ): Promise<RunStep> {
    const path = `${runPath(threadId, runId)}/steps/${encodeURIComponent(validateId('step_id', stepId))}`;
    return this.#transport.request<RunStep>(
      { method: 'get', path, query: listQueryOf({ include: query.include }) },
      options,
    );
  }

  /**
   * Lists one page of a thread's runs, newest first unless `order: 'asc'`.
   *
   * @param threadId - The thread.
   * @param query - `limit` (1 to 100), `order`, `after`, `before`.
   * @param options - This call's options.
   * @returns One page of runs.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id or query.
   * @see https://platform.openai.com/docs/api-reference/runs/listRuns
   *
   * @example
   * ```ts
   * const { data: runs } = await client.runs.list('thread_abc', { limit: 5 });
   * ```
   */
  async list(threadId: string, query: ListQuery = {}, options: RequestOptions = {}): Promise<Page<Run>> {
    const path = `${threadPath(threadId)}/runs`;
    return this.#transport.request<Page<Run>>({ method: 'get', path, query: listQueryOf(query) }, options);
  }

  private createSpec(threadId: string, params: RunCreateParams, stream: boolean): CallSpec {
    const path = `${threadPath(threadId)}/runs`;
    const { include, ...rest } = validateRunParams(params);
    const body = withDeployment({ ...rest, stream }, this.#transport.config.deployment);
    return {
      method: 'post',
      path,
      body,
      threadId,
      ...(include ? { query: { 'include[]': include as string[] } } : {}),
    };
  }

  private submitSpec(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams,
    stream: boolean,
  ): CallSpec {
    const path = `${runPath(threadId, runId)}/submit_tool_outputs`;
    return { method: 'post', path, body: { ...validateToolOutputs(params), stream }, threadId };
  }
}

/** Sends a non-stream call that answers with a run, then polls it until it settles. */
export async function settle(
  transport: Transport,
  prepare: () => CallSpec,
  options: RequestOptions = {},
): Promise<Run> {
  validateRequestOptions(options);
  const spec = prepare();
  const signal = signalOf(options);
  return pollRun(transport, await answeredRun(transport, spec, options, signal), options, signal);
}

/** Adds the Azure deployment as `model` when the params name none. */
export function withDeployment(
  body: Record<string, unknown>,
  deployment: string | undefined,
): Record<string, unknown> {
  return deployment && (body.model === undefined || body.model === null)
    ? { ...body, model: deployment }
    : body;
}
