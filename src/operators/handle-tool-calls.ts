import {
  catchError,
  concat,
  defer,
  EMPTY,
  forkJoin,
  isObservable,
  map,
  Observable,
  type OperatorFunction,
  type Subscription,
  switchMap,
  takeLast,
  tap,
  throwError,
  throwIfEmpty,
} from 'rxjs';
import type { RequestOptions } from '../client/options.js';
import type { Runs } from '../client/runs.js';
import { ToolCallError } from '../errors.js';
import type { RunStreamEvent } from '../types/events.js';
import type { ToolOutput } from '../types/params.js';
import type { RequiredActionFunctionToolCall, Run } from '../types/run.js';
import { isRunEvent } from './is-run-event.js';

/** What `handleToolCalls` needs of a client; `createClient()` returns one. */
export interface ToolCallClient {
  runs: Pick<Runs, 'submitToolOutputsStream' | 'cancel'>;
}

/** The third argument of a {@link ToolHandler}. */
export interface ToolCallContext {
  /** Aborts when the subscriber leaves or another call of the same round fails. */
  signal: AbortSignal;
}

/**
 * Produces the output of one function call from its parsed JSON arguments: a value, a Promise or
 * an Observable (its last value counts). A string is sent as it is, anything else as JSON.
 */
export type ToolHandler = {
  // Method syntax makes `args` bivariant, so a handler may declare the shape it expects,
  // `(args: { city: string }) => …`, while an unannotated one sees `unknown`.
  handle(args: unknown, call: RequiredActionFunctionToolCall, context: ToolCallContext): unknown;
}['handle'];

/**
 * Handlers by function name.
 *
 * @example
 * ```ts
 * const handlers: ToolHandlers = {
 *   get_weather: async ({ city }: { city: string }, call, { signal }) => fetchWeather(city, { signal }),
 * };
 * ```
 */
export type ToolHandlers = Readonly<Record<string, ToolHandler>>;

/**
 * Answers the run's function calls and follows the run to its end. On
 * `thread.run.requires_action` (passed through), it calls the handler of each function call,
 * concurrently, submits all outputs in one `submit_tool_outputs` request with `stream: true`, and
 * continues with that stream's events, as many rounds as the run needs. A missing handler,
 * arguments that are not JSON or a failing handler cancel the run and error with
 * {@link ToolCallError}. Unsubscribing aborts the round in progress. `options` apply to the
 * submit and cancel requests.
 *
 * @example
 * ```ts
 * client.runs.stream('thread_abc', { assistant_id: 'asst_abc' })
 *   .pipe(
 *     handleToolCalls(client, {
 *       get_weather: async ({ city }: { city: string }) => ({ city, celsius: 21 }),
 *     }),
 *     textDeltas(),
 *   )
 *   .subscribe((text) => process.stdout.write(text));
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
          tap((event) => {
            if (isRunEvent(event))
              waiting = event.event === 'thread.run.requires_action' ? event.data : undefined;
          }),
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
    catchError((error: unknown) => cancelThenFail(client, run, options, error)),
    switchMap((outputs) =>
      client.runs.submitToolOutputsStream(run.thread_id, run.id, { tool_outputs: outputs }, options),
    ),
  );
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
        failure(`its arguments are not valid JSON: ${excerpt(call.function.arguments)}`, cause),
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
      const { tool, callId, detail, cause } = error;
      return throwError(() => new ToolCallError(tool, callId, detail, { cause, runCancelled: false }));
    }),
  );
}

/**
 * A cold observable of `call`: a plain value or a Promise emits once, an Observable is followed.
 * Unsubscribing aborts the signal `call` received.
 */
function abortable<T>(call: (signal: AbortSignal) => T | PromiseLike<T> | Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let inner: Subscription | undefined;
    try {
      const result = call(controller.signal);
      if (isObservable(result)) {
        inner = result.subscribe(subscriber);
      } else {
        Promise.resolve(result).then(
          (value) => {
            subscriber.next(value);
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
      }
    } catch (error) {
      subscriber.error(error);
    }
    return () => {
      inner?.unsubscribe();
      controller.abort();
    };
  });
}

function serialise(result: unknown, failure: (detail: string, cause?: unknown) => ToolCallError): string {
  if (typeof result === 'string') return result;
  // A handler that returns nothing (a side effect) still owes the run an output.
  if (result === undefined) return '';
  try {
    // `JSON.stringify` gives undefined for a function or a symbol.
    return JSON.stringify(result) ?? String(result);
  } catch (cause) {
    throw failure(`its result cannot be sent as JSON: ${messageOf(cause)}`, cause);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
