import { Assistants } from './assistants.js';
import type { ClientOptions } from './options.js';
import { Responses } from './responses.js';
import { Runs } from './runs.js';
import { Threads } from './threads.js';
import { type ClientConfig, Transport } from './transport.js';

/**
 * What {@link createClient} returns.
 *
 * @example
 * ```ts
 * const local: RunstreamClient = createClient({ baseURL: 'http://127.0.0.1:4010/v1' });
 * console.log(local.config.baseURL);
 * ```
 */
export interface RunstreamClient {
  /** Runs of the Assistants API: create, stream, submit tool outputs, retrieve, cancel, list, steps. */
  readonly runs: Runs;
  /** Threads and their messages, and a thread created and run in one call. */
  readonly threads: Threads;
  /** Just enough of assistants to make one for a run and delete it after. */
  readonly assistants: Assistants;
  /** The Responses API (`POST /responses`): stream, create, resume, retrieve, cancel. */
  readonly responses: Responses;
  /** The resolved settings (the key is not among them). */
  readonly config: ClientConfig;
}

/**
 * Creates a client for an Assistants-compatible server: OpenAI-style (`baseURL`) or Azure (`azure`).
 * Nothing is sent until a call is made.
 *
 * @param options - The server, the key and the defaults of every call; every field is optional
 *   and falls back to the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`…) and `CLIENT_DEFAULTS`.
 * @returns The client: `runs`, `threads`, `assistants`, `responses`, and the resolved `config`.
 * @throws {@link ValidationError} naming the option (or environment variable) that breaks a rule.
 * @see {@link ClientOptions} for each option and its default.
 *
 * @example
 * ```ts
 * import { createClient, textDeltas } from 'runstream';
 *
 * const client = createClient({ baseURL: 'http://127.0.0.1:4010/v1', apiKey: 'sk-local' });
 * client.runs.stream('thread_abc', { assistant_id: 'asst_abc' })
 *   .pipe(textDeltas())
 *   .subscribe((text) => process.stdout.write(text));
 * ```
 */
export function createClient(options: ClientOptions = {}): RunstreamClient {
  const transport = new Transport(options);
  return {
    runs: new Runs(transport),
    threads: new Threads(transport),
    assistants: new Assistants(transport),
    responses: new Responses(transport, options.azure),
    config: Object.freeze({ ...transport.config }),
  };
}
