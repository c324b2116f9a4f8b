// What every example needs before it can stream a run: a client (a real server when a key is
// set, else the built-in simulator), an assistant, and a tidy one-line error at the end.
import { pathToFileURL } from 'node:url';
import { assistantsAPIMissing } from '../src/cli/failure.js';
import { type AssistantTool, CLIENT_DEFAULTS, createClient, type RunstreamClient } from '../src/index.js';
import { startSimulator } from '../src/simulator/index.js';

/** What makes an example's assistant; the model comes from the environment. */
export interface AssistantParams {
  name: string;
  instructions: string;
  tools?: AssistantTool[];
}

/** A client and what goes with it. */
export interface Connection {
  readonly client: RunstreamClient;
  /** True when no key was set and the examples talk to the built-in simulator. */
  readonly simulated: boolean;
  /**
   * The assistant to run: `OPENAI_ASSISTANT_ID` if set, else a throwaway one made from `params`
   * (model: `OPENAI_MODEL`, else gpt-4o-mini; on Azure the deployment).
   */
  assistant(params: AssistantParams): Promise<string>;
  /** Deletes the throwaway assistants (best effort) and stops the simulator, if any. */
  close(): Promise<void>;
}

/**
 * Connects the way the examples document: with `OPENAI_API_KEY` (or Azure's key and
 * `AZURE_OPENAI_ENDPOINT`) to `OPENAI_BASE_URL` or Azure; without a key to a simulator started
 * here, saying so in one line on stderr (stdout stays the example's own).
 */
export async function connect(
  options: { tokenDelayMs?: number; azureApiVersion?: string } = {},
): Promise<Connection> {
  const env = process.env;
  const endpoint = env.AZURE_OPENAI_ENDPOINT;
  const hasKey = Boolean(env.OPENAI_API_KEY || (endpoint && env.AZURE_OPENAI_API_KEY));
  if (!hasKey) {
    process.stderr.write('No OPENAI_API_KEY: using the built-in simulator (set it to use a real server).\n');
    const simulator = await startSimulator({
      port: 0,
      ...(options.tokenDelayMs !== undefined ? { tokenDelayMs: options.tokenDelayMs } : {}),
    });
    // An empty key sends no auth header.
    const client = createClient({ baseURL: simulator.url, apiKey: '' });
    return {
      client,
      simulated: true,
      assistant: async (params) => (await client.assistants.create({ ...params, model: 'gpt-4o-mini' })).id,
      close: () => simulator.close(),
    };
  }
  const deployment = env.AZURE_OPENAI_DEPLOYMENT;
  const client = createClient(
    endpoint
      ? {
          azure: {
            endpoint,
            // The Responses API needs a newer api-version than the Assistants API's.
            apiVersion: env.OPENAI_API_VERSION ?? options.azureApiVersion ?? '2024-05-01-preview',
            ...(deployment ? { deployment } : {}),
          },
        }
      : {},
  );
  // The throwaway assistants this connection made, to delete on close: a real server keeps them.
  const made: string[] = [];
  return {
    client,
    simulated: false,
    assistant: async (params) => {
      if (env.OPENAI_ASSISTANT_ID) return env.OPENAI_ASSISTANT_ID;
      const model = env.OPENAI_MODEL ?? deployment ?? 'gpt-4o-mini';
      const { id } = await client.assistants.create({ ...params, model });
      made.push(id);
      return id;
    },
    close: async () => {
      // Best effort and brief: a failed or slow delete must not hide the example's own outcome.
      const deletes = made
        .splice(0)
        .map((id) => client.assistants.delete(id, { maxRetries: 0, timeout: 5_000 }));
      await Promise.allSettled(deletes);
    },
  };
}

/**
 * One line for an error, never a stack. A 404 that means the server has no Assistants API at all
 * (the command line's rule) says so; the library's other messages say what to do.
 */
export function explain(error: unknown): string {
  const server = process.env.AZURE_OPENAI_ENDPOINT || process.env.OPENAI_BASE_URL || CLIENT_DEFAULTS.baseURL;
  if (assistantsAPIMissing(error, server)) {
    return `The Assistants API is not served at ${server} (OpenAI removed it on 2026-08-26). Set OPENAI_BASE_URL to an Assistants-compatible server (Azure, a local one), or unset OPENAI_API_KEY to use the simulator.`;
  }
  return error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error);
}

/** Runs `main` when the file is the script Node was started with (not when a test imports it). */
export function runAsScript(meta: ImportMeta, main: () => Promise<void>): void {
  const script = process.argv[1];
  if (!script || meta.url !== pathToFileURL(script).href) return;
  main().catch((error: unknown) => {
    process.stderr.write(`${explain(error)}\n`);
    process.exitCode = 1;
  });
}
