import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { Clock } from './clock.js';
import type { SimContext } from './context.js';
import { FaultBook } from './faults.js';
import type { SimulatorRequest } from './request-log.js';
import { requestListener } from './server.js';
import { Store } from './store.js';

export type { SimulatorRequest } from './request-log.js';
export { RESPONSE_SCENARIO_NAMES, type ResponseScenarioName } from './responses/scenarios.js';
export { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';
export { CHUNKING_MODES, type ChunkingMode, FAULT_NAMES, type FaultName } from './settings.js';

/**
 * Options of {@link startSimulator}. Every field is optional; defaults are in `SIMULATOR_DEFAULTS`.
 *
 * @example
 * ```ts
 * import { type SimulatorOptions, startSimulator } from 'runstream/simulator';
 *
 * // A fixed port, no pause between events, and a key every request must carry.
 * const options: SimulatorOptions = { port: 4010, tokenDelayMs: 0, apiKey: 'sk-local' };
 * const sim = await startSimulator(options);
 * await sim.close();
 * ```
 */
export interface SimulatorOptions {
  /**
   * The port to listen on; `0` picks any free port (read it back from `port`).
   *
   * @default 0
   */
  port?: number;
  /**
   * The interface to listen on.
   *
   * @default `'127.0.0.1'`
   */
  host?: string;
  /**
   * Milliseconds between two events of a run (a run's `metadata.token_delay_ms` overrides it).
   *
   * @default 15
   */
  tokenDelayMs?: number;
  /**
   * The `openai-poll-after-ms` header sent with every run in JSON.
   *
   * @default 25
   */
  pollAfterMs?: number;
  /**
   * When set, every request must carry `Authorization: Bearer <apiKey>` or `api-key: <apiKey>`,
   * else 401.
   *
   * @default none: any key, or none, is accepted
   */
  apiKey?: string;
}

/**
 * A running simulator, as {@link startSimulator} resolves it.
 *
 * @example
 * ```ts
 * import { createClient } from 'runstream';
 * import { type Simulator, startSimulator } from 'runstream/simulator';
 *
 * const sim: Simulator = await startSimulator();
 * const client = createClient({ baseURL: sim.url, apiKey: 'sk-local' });
 * await client.threads.createAndRun({ assistant_id: 'asst_demo' });
 * console.log(sim.requests()); // [{ method: 'POST', path: '/v1/threads/runs', status: 200 }, …]
 * await sim.close();
 * ```
 */
export interface Simulator {
  /** The base URL to pass as `baseURL`, e.g. `http://127.0.0.1:43127/v1`. */
  readonly url: string;
  /** The origin to pass as `azure.endpoint` (routes under `/openai`, `api-version` required). */
  readonly endpoint: string;
  /** The port it listens on: the one asked for, or the free one it picked. */
  readonly port: number;
  /**
   * Sockets open right now (keep-alive ones included), for leak tests.
   *
   * @returns The number of open sockets.
   */
  connections(): number;
  /**
   * Streams being written right now; 0 once every client has finished or gone.
   *
   * @returns The number of streams in progress.
   */
  streams(): number;
  /**
   * Every request answered so far, oldest first, without headers or bodies.
   *
   * @returns A copy of the log: method, path and status of each request.
   */
  requests(): readonly SimulatorRequest[];
  /** Stops listening, destroys open sockets (stalled streams too) and clears every timer. */
  close(): Promise<void>;
}

/**
 * The defaults of {@link SimulatorOptions}, in one place.
 *
 * @example
 * ```ts
 * import { SIMULATOR_DEFAULTS, startSimulator } from 'runstream/simulator';
 *
 * // Ten times slower than the default pace, to watch a demo stream.
 * const sim = await startSimulator({ tokenDelayMs: SIMULATOR_DEFAULTS.tokenDelayMs * 10 });
 * await sim.close();
 * ```
 */
export const SIMULATOR_DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  tokenDelayMs: 15,
  pollAfterMs: 25,
} as const;

/**
 * Starts a local server that speaks the Assistants API wire format, for tests and demos: create,
 * retrieve and delete assistants; create threads and messages; create runs (also with a new
 * thread) streaming or not; retrieve, cancel, list steps, submit tool outputs. Runs move through
 * real statuses over time, so polling sees them change; a cancel takes effect at once. Routes
 * live under `/v1` and, Azure-style, under `/openai` (which requires an `api-version` query) and
 * `/openai/v1` (Azure's v1 API, which takes none).
 * State is in memory and gone on `close()`.
 *
 * **Scenarios**, chosen per run by the first of: the run's `metadata.scenario`, the assistant's
 * `metadata.scenario`, a `[scenario:NAME]` token in the last user message; default `text`:
 * `text` (a friendly echo of the user's message, streamed token by token), `function_call`
 * (`get_weather`, then `requires_action`; after the outputs, an answer quoting them),
 * `parallel_function_calls` (two calls in one step), `two_rounds` (requires action twice),
 * `code_interpreter` (code input and logs, then an answer), `file_search` (an answer with
 * `file_citation` annotations), `failed` (`last_error`), `incomplete` (`max_completion_tokens`).
 *
 * **Faults**, by the run's `metadata.fault` or a `[fault:NAME]` token: `http_429`, `http_500`,
 * `http_503` (a JSON error with `Retry-After: metadata.retry_after`, default 0), `reset` (the
 * socket is destroyed before any header): these refuse the first `metadata.fault_times`
 * (default 1) attempts of each request that starts or resumes the run (create run, create
 * thread and run, submit tool outputs; every route alike), so a client's retry, which sends the
 * same body to the same place, succeeds; once one gets through, an independent request, even
 * with the same text, suffers its own fault. In every stream that asks for them, after
 * `metadata.fault_after` events (default 8, always before the terminal one): `cut` (the
 * connection drops mid-event), `stall` (silence, socket kept open), `error_event` (an `event:
 * error` frame, then the end; the run fails). `json` answers a stream request with the run in
 * JSON. `metadata.chunking` (`one_byte`, `mid_char`, `random`) splits the bytes oddly;
 * `metadata.token_delay_ms` sets the pace.
 *
 * Tokens are matched case-insensitively (`[Scenario:Failed]` is `failed`). An unknown name, in
 * metadata or in a token, answers 400 naming the field or the token as typed.
 *
 * Unknown ids answer 404 and bad bodies 400 with the API's `{ error: { message, type, param,
 * code } }`; an assistant id starting with `asst_` that was never created (nor deleted) is a
 * default assistant.
 *
 * **The Responses API**, on the same server and port: `POST /responses` (stream or not;
 * `background: true` answers the queued response at once and runs on whether or not anyone
 * reads; `previous_response_id` continues the conversation, and a `function_call_output` for a
 * call of the previous response continues its tool scenario; `store: false` responses can be
 * neither retrieved nor chained), `GET /responses/{id}` (with `stream=true&starting_after=N`:
 * the stored events of a background response after N, then live until its terminal event),
 * `POST /responses/{id}/cancel` (background only, at once: status `cancelled`, its streams end
 * where they are), `GET /responses/{id}/input_items` (the whole conversation; `limit`, `order`,
 * `after`) and `DELETE /responses/{id}`. Events follow the API reference (`sequence_number` from
 * 0, `event:` equal to `type`, no `[DONE]`), so the official SDK works on it unchanged. Bodies
 * are checked with the client's own rule table. Scenarios ({@link RESPONSE_SCENARIO_NAMES}) come
 * from `metadata.scenario` or a `[scenario:NAME]` token in the input, and a continuation that
 * names none keeps its predecessor's. Faults are the runs' ones: HTTP faults refuse the first
 * `fault_times` attempts of a create and again of a resume; `cut`, `stall` and `error_event`
 * strike the first `fault_times` streams of a response (the creating one included), so a client
 * that resumes after a cut gets to the end.
 *
 * @param options - Port, host, pace and an optional required key; every field is optional.
 * @returns The running simulator, once it listens: its `url`, `endpoint`, counters and `close()`.
 * @see {@link SIMULATOR_DEFAULTS} for the defaults.
 *
 * @example
 * ```ts
 * import { createClient, textDeltas } from 'runstream';
 * import { startSimulator } from 'runstream/simulator';
 *
 * const sim = await startSimulator();
 * const client = createClient({ baseURL: sim.url, apiKey: 'sk-local' });
 * const thread = await client.threads.create({ messages: [{ role: 'user', content: 'Hello' }] });
 * client.runs.stream(thread.id, { assistant_id: 'asst_demo' })
 *   .pipe(textDeltas())
 *   .subscribe({ next: (text) => process.stdout.write(text), complete: () => sim.close() });
 * ```
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings = { ...SIMULATOR_DEFAULTS, ...definedOnly(options) };
  const sim: SimContext = {
    store: new Store(),
    clock: new Clock(),
    faults: new FaultBook(),
    runs: new Map(),
    streams: new Set(),
    tokenDelayMs: settings.tokenDelayMs,
    pollAfterMs: settings.pollAfterMs,
  };
  const log: SimulatorRequest[] = [];
  const server = createServer(requestListener(sim, options.apiKey, log));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, settings.port, settings.host);
  const origin = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/v1`,
    endpoint: origin,
    port,
    connections: () => sockets.size,
    streams: () => sim.streams.size,
    requests: () => [...log],
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        sim.clock.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
