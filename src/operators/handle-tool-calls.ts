import {
  catchError,
  concat,
  defer,
  EMPTY,
  forkJoin,
  map,
  type Observable,
  type OperatorFunction,
  switchMap,
  takeLast,
  tap,
  throwError,
  throwIfEmpty,
} from 'rxjs';
import type { RequestOptions } from '../client/options.js';
import type { Runs } from '../client/runs.js';
import { APIError, ToolCallError } from '../errors.js';
import { runEventShapeFailure } from '../sse/run-event-shape.js';
import { excerpt } from '../truncate.js';
import type { RunStreamEvent } from '../types/events.js';
import { isRunEvent } from '../types/is-run-event.js';
import type { ToolOutput } from '../types/params.js';
import type { RequiredActionFunctionToolCall, Run } from '../types/run.js';
import { abortable } from './abortable.js';
import { operate } from './operate.js';
import { messageOf, serialise } from './tool-output.js';

/**
 * What `handleToolCalls` needs of a client; `createClient()` returns one.
 *
 * @example
 * ```ts
 * // A client that logs every run handleToolCalls cancels.
 * const logging: ToolCallClient = {
 *   runs: {
 *     submitToolOutputsStream: client.runs.submitToolOutputsStream.bind(client.runs),
 *     cancel: (thread, run, options) => {
 *       console.warn(`cancelling ${run}`);
 *       return client.runs.cancel(thread, run, options);
 *     },
 *   },
 * };
 * events$.pipe(handleToolCalls(logging, { get_time: () => new Date().toISOString() })).subscribe();
 * ```
 */
export interface ToolCallClient {
  /** The two calls it makes: {@link Runs.submitToolOutputsStream} and {@link Runs.cancel}. */
  runs: Pick<Runs, 'submitToolOutputsStream' | 'cancel'>;
}

/**
 * The third argument of a {@link ToolHandler}.
 *
 * @example
 * ```ts
 * // Passing the signal on stops the lookup when the subscriber leaves.
 * const search = async ({ query }: { query: string }, _call: unknown, { signal }: ToolCallContext) =>
 *   (await fetch(`https://search.example/?q=${encodeURIComponent(query)}`, { signal })).json();
 * events$.pipe(handleToolCalls(client, { search })).subscribe();
 * ```
 */
export interface ToolCallContext {
  /** Aborts when the subscriber leaves or another call of the same round fails. */
  signal: AbortSignal;
}

/**
 * Produces the output of one function call from its parsed JSON arguments: a value, a Promise or
 * an Observable (its last value counts). A string is sent as it is, anything else as JSON.
 *
 * @example
 * ```ts
 * // An Observable's last value is the output: here `{"echo":…,"call":"call_…"}`, after 100 ms.
 * const echo: ToolHandler = (args, call) => timer(100).pipe(map(() => ({ echo: args, call: call.id })));
 * ```
 */
export type ToolHandler = {
  // Method syntax makes `args` bivariant, so a handler may declare the shape it expects,
  // `(args: { city: string }) => …`, while an unannotated one sees `unknown`.
  /**
   * Produces the output of one function call.
   *
   * @param args - The call's `arguments`, parsed from JSON.
   * @param call - The whole tool call: `id`, `function.name`, `function.arguments`.
   * @param context - `signal`, which aborts when the subscriber leaves or the round fails.
   * @returns The output: a value, a Promise of one or an Observable; a throw or an error fails the call.
   */
  handle(args: unknown, call: RequiredActionFunctionToolCall, context: ToolCallContext): unknown;
}['handle'];

/**
 * Handlers by function name.
 *
 * @example
 * ```ts
 * const handlers: ToolHandlers = {
 *   get_weather: ({ city }: { city: string }) => ({ city, celsius: 21 }),
 *   get_time: () => new Date().toISOString(),
 * };
 * events$.pipe(handleToolCalls(client, handlers)).subscribe();
 * ```
 */
export type ToolHandlers = Readonly<Record<string, ToolHandler>>;

/**
 * Answers the run's function calls and follows the run to its end. On
 * `thread.run.requires_action` (passed through), it calls the handler of each function call,
 * concurrently, submits all outputs in one `submit_tool_outputs` request with `stream: true`, and
 * continues with that stream's events, as many rounds as the run needs. A missing handler,
 * arguments that are not JSON, a failing handler or a failed `submit_tool_outputs` request (which
 * names every call of its round) cancel the run and error with {@link ToolCallError}.
 * Unsubscribing aborts the round in progress; before its outputs were submitted, it also asks the
 * server to cancel the run, without waiting for the answer, as the run would otherwise wait in
 * `requires_action` until it expires. `options` apply to the submit and cancel requests, but
 * their `signal` aborts the submit only.
 *
 * @param client - What submits outputs and cancels runs: the client `createClient` returned.
 * @param handlers - A {@link ToolHandler} for each function name the assistant may call.
 * @param options - The options of the submit and cancel requests.
 * @returns An operator that passes every event through, those of later rounds included.
 * @see https://platform.openai.com/docs/api-reference/runs/submitToolOutputs
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, { assistant_id: assistantId })
 *   .pipe(
 *     handleToolCalls(client, {
 *       get_weather: async ({ city }: { city: string }) => ({ city, celsius: 21 }),
 *     }),
 *     textDeltas(),
 *   )
 *   .subscribe((text) => render(text));
 * ```
 */
export function handleToolCalls(
  client: ToolCallClient,
  handlers: ToolHandlers,
  options?: RequestOptions,
): OperatorFunction<RunStreamEvent, RunStreamEvent> {
  const follow = (events: Observable<RunStreamEvent>): Observable<RunStreamEvent> =>
    defer(() => {
      let waiting: Run | undefined;
      // `concat` starts the next round only when this stream has ended, so its `[DONE]` does not
      // complete the whole while outputs are still to be submitted.
      return concat(
        events.pipe(
          operate<RunStreamEvent, RunStreamEvent>(() => ({
            next(event, subscriber) {
              if (isRunEvent(event)) {
                // A requires_action with no run in it would end the stream as if nothing were asked.
                const failure = runEventShapeFailure(event.event, event.data);
                if (failure) throw failure;
                waiting = event.event === 'thread.run.requires_action' ? event.data : undefined;
              }
              subscriber.next(event);
            },
          })),
        ),
        defer(() => (waiting ? follow(submitRound(client, handlers, waiting, options)) : EMPTY)),
      );
    });
  return follow;
}

/** Runs the handlers of one round, then streams the submission of their outputs. */
function submitRound(
  client: ToolCallClient,
  handlers: ToolHandlers,
  run: Run,
  options: RequestOptions | undefined,
): Observable<RunStreamEvent> {
  const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
  // A requirement with no function call leaves nothing to answer.
  if (calls.length === 0) return EMPTY;
  return forkJoin(calls.map((call) => outputOf(handlers, call))).pipe(
    // Left before its outputs went out, the run would wait in requires_action until it expires.
    tap({ unsubscribe: () => cancelInBackground(client, run, options) }),
    catchError((error: unknown) => cancelThenFail(client, run, options, error)),
    switchMap((outputs) => submitOutputs(client, run, calls, outputs, options)),
  );
}

/** Streams the submission of a round's outputs; a request that fails cancels the run, as a failed call does. */
function submitOutputs(
  client: ToolCallClient,
  run: Run,
  calls: readonly RequiredActionFunctionToolCall[],
  outputs: ToolOutput[],
  options: RequestOptions | undefined,
): Observable<RunStreamEvent> {
  return defer(() => {
    // Once an event came, the outputs were accepted: a later error is the stream's, not the submission's.
    let accepted = false;
    return client.runs
      .submitToolOutputsStream(run.thread_id, run.id, { tool_outputs: outputs }, options)
      .pipe(
        tap(() => {
          accepted = true;
        }),
        catchError((cause: unknown) =>
          accepted
            ? throwError(() => cause)
            : cancelThenFail(client, run, options, submitFailure(calls, cause)),
        ),
      );
  });
}

/** The error of a round whose outputs could not be sent: it names every call of the round. */
function submitFailure(calls: readonly RequiredActionFunctionToolCall[], cause: unknown): ToolCallError {
  const named = calls.map((call) => ({ tool: call.function.name, callId: call.id }));
  // The status and the server's words say what went wrong; the request's URL stays in the cause.
  const reason =
    cause instanceof APIError
      ? `the server answered ${cause.status}${cause.error?.message ? `: ${cause.error.message}` : ''}`
      : messageOf(cause);
  const what = calls.length === 1 ? 'its output' : 'their outputs';
  const join = (key: 'tool' | 'callId') => named.map((call) => call[key]).join(', ');
  return new ToolCallError(join('tool'), join('callId'), `${what} could not be submitted (${reason})`, {
    cause,
    calls: named,
  });
}

function outputOf(handlers: ToolHandlers, call: RequiredActionFunctionToolCall): Observable<ToolOutput> {
  const name = call.function.name;
  const failure = (detail: string, cause?: unknown) => new ToolCallError(name, call.id, detail, { cause });
  return defer(() => {
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (typeof handler !== 'function') {
      const known = Object.keys(handlers).join(', ') || 'none';
      return throwError(() => failure(`no handler has that name (handlers: ${known})`));
    }
    let args: unknown;
    try {
      args = JSON.parse(call.function.arguments);
    } catch (cause) {
      return throwError(() =>
        failure(
          `its arguments are not valid JSON: ${JSON.stringify(excerpt(call.function.arguments, 80))}`,
          cause,
        ),
      );
    }
    return abortable((signal) => handler(args, call, { signal })).pipe(
      catchError((cause: unknown) =>
        throwError(() => failure(`the handler threw: ${messageOf(cause)}`, cause)),
      ),
      takeLast(1),
      throwIfEmpty(() => failure('the handler returned an Observable that completed without a value')),
      map((result) => ({ tool_call_id: call.id, output: serialise(result, failure) })),
    );
  });
}

/** Cancels the run (so it does not wait in `requires_action` until it expires), then errors. */
function cancelThenFail(
  client: ToolCallClient,
  run: Run,
  options: RequestOptions | undefined,
  error: unknown,
): Observable<never> {
  // Only unsubscribing aborts the cancel request: the caller's own signal may be what failed the round.
  return abortable((signal) => client.runs.cancel(run.thread_id, run.id, { ...options, signal })).pipe(
    map(() => true),
    catchError(() => [false]),
    switchMap((cancelled) => {
      if (cancelled || !(error instanceof ToolCallError)) return throwError(() => error);
      const { tool, callId, detail, cause, calls } = error;
      return throwError(() => new ToolCallError(tool, callId, detail, { cause, calls, runCancelled: false }));
    }),
  );
}

/**
 * Asks the server to cancel the run without waiting for the answer, for a subscriber that has
 * left: there is nobody to tell whether it worked, so a failure is dropped.
 */
function cancelInBackground(client: ToolCallClient, run: Run, options: RequestOptions | undefined): void {
  // Not the caller's signal: a caller that leaves may abort it at the same moment. `then` also
  // catches a client whose `cancel` throws instead of rejecting.
  Promise.resolve()
    .then(() => client.runs.cancel(run.thread_id, run.id, { ...options, signal: undefined }))
    .catch(() => undefined);
}
