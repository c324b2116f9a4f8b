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
import type { ResponseRequestOptions, Responses } from '../client/responses.js';
import { ToolCallError } from '../errors.js';
import { abortable } from '../operators/abortable.js';
import { messageOf, serialise } from '../operators/tool-output.js';
import type {
  Response,
  ResponseCreateParams,
  ResponseFunctionCallOutput,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseStreamEvent,
} from '../types/responses/index.js';

/**
 * What the Responses `handleToolCalls` needs of a client; `createClient()` returns one.
 *
 * @example
 * ```ts
 * // A client that logs every continuation the tool loop sends.
 * const logging: ResponseToolCallClient = {
 *   responses: {
 *     stream: (params, options) => {
 *       console.log('continuing', params.previous_response_id);
 *       return client.responses.stream(params, options);
 *     },
 *   },
 * };
 * ```
 */
export interface ResponseToolCallClient {
  /** The one call it makes: {@link Responses.stream}, once per round. */
  responses: Pick<Responses, 'stream'>;
}

/**
 * The third argument of a {@link ResponseToolHandler}.
 *
 * @example
 * ```ts
 * const lookup: ResponseToolHandler = async ({ url }: { url: string }, _call, { signal }: ResponseToolCallContext) =>
 *   (await fetch(url, { signal })).text();
 * ```
 */
export interface ResponseToolCallContext {
  /** Aborts when the subscriber leaves or another call of the same round fails. */
  signal: AbortSignal;
}

/**
 * Produces the output of one `function_call` item from its parsed JSON arguments: a value, a
 * Promise or an Observable (its last value counts). A string is sent as it is, anything else as JSON.
 *
 * @example
 * ```ts
 * const getWeather: ResponseToolHandler = ({ city }: { city: string }, call) => ({ city, celsius: 21, call: call.call_id });
 * ```
 */
export type ResponseToolHandler = {
  // Method syntax makes `args` bivariant, so a handler may declare the shape it expects.
  /**
   * Produces the output of one `function_call` item.
   *
   * @param args - The item's `arguments`, parsed from JSON.
   * @param call - The whole `function_call` item: `call_id`, `name`, `arguments`.
   * @param context - `signal`, which aborts when the subscriber leaves or the round fails.
   * @returns The output: a value, a Promise of one or an Observable; a throw or an error fails the call.
   */
  handle(args: unknown, call: ResponseFunctionToolCall, context: ResponseToolCallContext): unknown;
}['handle'];

/**
 * Options of the Responses `handleToolCalls`: those of the continuation requests, and for a
 * server that keeps no state, the input the conversation started with.
 *
 * @example
 * ```ts
 * // Ollama keeps no responses: the whole conversation is sent back each round.
 * const input = 'What time is it in Paris?';
 * const tools: ResponseTool[] = [{ type: 'function', name: 'get_time', parameters: {}, strict: false }];
 * client.responses
 *   .stream({ model: 'llama3.2', input, tools, store: false })
 *   .pipe(handleToolCalls(client, { get_time: () => new Date().toISOString() }, { input }))
 *   .subscribe();
 * ```
 */
export interface ResponseToolCallOptions extends ResponseRequestOptions {
  /**
   * The original `input`. Given, each round sends it with every output item and every output so
   * far, instead of `previous_response_id` (for `store: false` servers).
   *
   * @default none: each round continues with `previous_response_id`
   */
  input?: string | ResponseInputItem[];
}

// The settings of a response that the next round carries on, as the API reference lists them.
const CARRIED = [
  'model',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'reasoning',
  'max_output_tokens',
  'temperature',
  'top_p',
  'store',
  'background',
  'metadata',
] as const;

/**
 * Answers a response's function calls and follows the conversation to its end, on one observable.
 * When a response completes with `function_call` items, it calls the handler named by each
 * (concurrently), then streams one `POST /responses` with `previous_response_id` and a
 * `function_call_output` per call, carrying the settings of the response it continues (model,
 * instructions, tools, tool_choice, parallel_tool_calls, text, reasoning, max_output_tokens,
 * temperature, top_p, store, background, and metadata), as many rounds as the model asks for. With
 * `options.input`, it sends the input, the output items and the outputs instead (servers with
 * `store: false`). A missing handler, arguments that are not JSON, a failing handler or a
 * continuation that cannot be sent error with {@link ToolCallError} naming the tool.
 *
 * @param client - What streams the continuations: the client `createClient` returned.
 * @param handlers - A {@link ResponseToolHandler} for each function name the model may call.
 * @param options - The options of the continuation requests, and `input` for a server that keeps no state.
 * @returns An operator that passes every event through, those of later rounds included.
 * @see https://platform.openai.com/docs/guides/function-calling
 *
 * @example
 * ```ts
 * const getWeatherTool: ResponseTool = { type: 'function', name: 'get_weather', parameters: {}, strict: false };
 * client.responses
 *   .stream({ model: 'gpt-5', input: 'Weather in Paris?', tools: [getWeatherTool] })
 *   .pipe(
 *     handleToolCalls(client, { get_weather: async ({ city }: { city: string }) => ({ city, celsius: 21 }) }),
 *     textDeltas(),
 *   )
 *   .subscribe((text) => process.stdout.write(text));
 * ```
 */
export function handleToolCalls(
  client: ResponseToolCallClient,
  handlers: Readonly<Record<string, ResponseToolHandler>>,
  options: ResponseToolCallOptions = {},
): OperatorFunction<ResponseStreamEvent, ResponseStreamEvent> {
  const { input, ...requestOptions } = options;
  const follow = (events: Observable<ResponseStreamEvent>, history: ResponseInputItem[]) =>
    defer((): Observable<ResponseStreamEvent> => {
      let completed: Response | undefined;
      // `concat` starts the next round only when this stream has ended.
      return concat(
        events.pipe(
          tap((event) => {
            if (event.type === 'response.completed') completed = event.response;
          }),
        ),
        defer(() => {
          const calls = (completed?.output ?? []).filter(
            (item): item is ResponseFunctionToolCall => item.type === 'function_call',
          );
          if (!completed || calls.length === 0) return EMPTY;
          const response = completed;
          return forkJoin(calls.map((call) => outputOf(handlers, call))).pipe(
            switchMap((outputs) => {
              const next =
                input === undefined
                  ? []
                  : [...history, ...(response.output as ResponseInputItem[]), ...outputs];
              const params = continuation(response, outputs, input === undefined ? undefined : next);
              return follow(sendRound(client, params, calls, requestOptions), next);
            }),
          );
        }),
      );
    });
  return (source) => follow(source, input === undefined ? [] : initialInput(input));
}

/** The body of the next round: the outputs, the settings carried on, and either the chain or the whole input. */
function continuation(
  response: Response,
  outputs: ResponseFunctionCallOutput[],
  stateless: ResponseInputItem[] | undefined,
): ResponseCreateParams {
  const params: Record<string, unknown> = {};
  for (const key of CARRIED) {
    const value = response[key];
    if (value !== undefined && value !== null) params[key] = value;
  }
  // A prompt's instructions come back as items; only plain instructions can be sent again.
  if (typeof response.instructions === 'string') params.instructions = response.instructions;
  if (stateless) params.input = stateless;
  else {
    params.previous_response_id = response.id;
    params.input = outputs;
  }
  return params as ResponseCreateParams;
}

/** Streams one round; a request refused before any event names every call whose output it carried. */
function sendRound(
  client: ResponseToolCallClient,
  params: ResponseCreateParams,
  calls: readonly ResponseFunctionToolCall[],
  options: ResponseRequestOptions,
): Observable<ResponseStreamEvent> {
  return defer(() => {
    let accepted = false;
    return client.responses.stream(params, options).pipe(
      tap(() => {
        accepted = true;
      }),
      catchError((cause: unknown) => {
        if (accepted) return throwError(() => cause);
        const named = calls.map((call) => ({ tool: call.name, callId: call.call_id }));
        const join = (key: 'tool' | 'callId') => named.map((call) => call[key]).join(', ');
        const what = calls.length === 1 ? 'its output' : 'their outputs';
        return throwError(() =>
          toolCallError(join('tool'), join('callId'), `${what} could not be sent (${messageOf(cause)})`, {
            cause,
            calls: named,
          }),
        );
      }),
    );
  });
}

function outputOf(
  handlers: Readonly<Record<string, ResponseToolHandler>>,
  call: ResponseFunctionToolCall,
): Observable<ResponseFunctionCallOutput> {
  const failure = (detail: string, cause?: unknown) =>
    toolCallError(call.name, call.call_id, detail, cause === undefined ? {} : { cause });
  return defer(() => {
    const handler = Object.hasOwn(handlers, call.name) ? handlers[call.name] : undefined;
    if (typeof handler !== 'function') {
      const known = Object.keys(handlers).join(', ') || 'none';
      return throwError(() => failure(`no handler has that name (handlers: ${known})`));
    }
    let args: unknown;
    try {
      args = call.arguments === '' ? {} : JSON.parse(call.arguments);
    } catch (cause) {
      return throwError(() =>
        failure(`its arguments are not valid JSON: ${JSON.stringify(call.arguments.slice(0, 80))}`, cause),
      );
    }
    return abortable((signal) => handler(args, call, { signal })).pipe(
      catchError((cause: unknown) =>
        throwError(() => failure(`the handler threw: ${messageOf(cause)}`, cause)),
      ),
      takeLast(1),
      throwIfEmpty(() => failure('the handler returned an Observable that completed without a value')),
      map((result) => ({
        type: 'function_call_output' as const,
        call_id: call.call_id,
        output: serialise(result, failure),
      })),
    );
  });
}

/**
 * A ToolCallError for the Responses API, whose message says what is true here: the response it
 * answers is complete, nothing waits on the server, so nothing had to be cancelled.
 */
function toolCallError(
  tool: string,
  callId: string,
  detail: string,
  options: ErrorOptions & { calls?: ReadonlyArray<{ tool: string; callId: string }> },
): ToolCallError {
  const error = new ToolCallError(tool, callId, detail, { ...options, runCancelled: false });
  const which = error.calls.map((call) => `${call.callId} to "${call.tool}"`).join(', ');
  error.message = `Tool call${error.calls.length === 1 ? '' : 's'} ${which} failed: ${detail}. The response it answers is complete; nothing waits on the server.`;
  return error;
}

function initialInput(input: string | ResponseInputItem[]): ResponseInputItem[] {
  return typeof input === 'string' ? [{ role: 'user', content: input } as ResponseInputItem] : [...input];
}
