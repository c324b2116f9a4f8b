import { type Command, InvalidArgumentError, Option } from 'commander';
import { tap } from 'rxjs';
import { createClient, type RunstreamClient } from '../../client/create-client.js';
import { resolveEnvironment } from '../../client/environment.js';
import { CLIENT_DEFAULTS, type ClientOptions, type RequestOptions } from '../../client/options.js';
import { SCENARIO_NAMES, SCENARIOS } from '../../simulator/scenarios.js';
import type { MessageParam, RunCreateParams } from '../../types/params.js';
import { TERMINAL_RUN_STATUSES } from '../../types/run.js';
import { type Action, type CliContext, formatOption, serverOptions, wholeNumber } from '../command.js';
import { Interrupted, UsageError } from '../errors.js';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes.js';
import { hostOf } from '../failure.js';
import { defaultFormat, type FormatName } from '../format/index.js';
import { showRun } from './show.js';

/** Flags of `runstream run`, as commander names them. */
interface RunFlags {
  thread?: string;
  assistant?: string;
  message?: string;
  instructions?: string;
  model?: string;
  metadata?: Record<string, string>;
  baseUrl?: string;
  azureEndpoint?: string;
  apiVersion?: string;
  format?: FormatName;
  simulator?: boolean;
  timeout?: number;
  idleTimeout?: number;
  maxRetries?: number;
}

const AZURE_API_VERSION = '2024-05-01-preview';
const CANCEL_TIMEOUT = 5_000;

/**
 * Said when a server answered the stream request with JSON and the run's messages could not be
 * listed afterwards: polling yields the run's statuses, not its text.
 */
const NOT_STREAMED =
  'the server answered with JSON instead of a stream, so only the run status was followed and no text was shown';

export function registerRun(program: Command, context: CliContext, schedule: (action: Action) => void): void {
  const server = serverOptions(
    'an Assistants-compatible server',
    `Azure api-version (default: OPENAI_API_VERSION, else ${AZURE_API_VERSION})`,
  );
  program
    .command('run')
    .description('start a run and show its events live')
    .option('-t, --thread <id>', 'the thread to run (default: a new thread holding --message)')
    .option(
      '-a, --assistant <id>',
      'the assistant to run (default: OPENAI_ASSISTANT_ID; with --simulator, a new one)',
    )
    .option('-m, --message <text>', 'a user message added to the thread before the run')
    .option('--instructions <text>', "replaces the assistant's instructions for this run")
    .option('--model <name>', "overrides the assistant's model (on Azure: a deployment)")
    .option('--metadata <key=value>', 'run metadata; repeat for more pairs', metadataPair)
    .addOption(formatOption())
    .addOption(server.baseURL)
    .addOption(server.azureEndpoint)
    .addOption(server.apiVersion)
    .option('--simulator', 'run against the built-in simulator: no key, no network')
    .addOption(
      new Option('--timeout <ms>', 'milliseconds to wait for response headers').argParser(wholeNumber),
    )
    .addOption(
      new Option(
        '--idle-timeout <ms>',
        'milliseconds of silence inside the stream before giving up',
      ).argParser(wholeNumber),
    )
    .addOption(
      new Option('--max-retries <n>', 'retries before the first byte (429, 5xx, network)').argParser(
        wholeNumber,
      ),
    )
    .addHelpText(
      'after',
      ({ command }) => `
The key is read only from OPENAI_API_KEY (AZURE_OPENAI_API_KEY with Azure) and never printed.
Without --thread, the run starts on a new thread (the first event is thread.created).

The simulator (--simulator) picks what a run does from --metadata scenario=NAME:
${scenarioList(command)}

Examples:
  runstream run --simulator --message "Hello"
  runstream run --simulator --metadata scenario=function_call --format ndjson
  runstream run --thread thread_abc --assistant asst_abc --message "Summarise" --format sse > run.sse
  runstream run --assistant asst_abc -m "Hi" --format ndjson | jq -r 'select(.event == "thread.run.completed") | .data.usage.total_tokens'

${EXIT_CODES_HELP}`,
    )
    .action((flags: RunFlags) => schedule(() => run(flags, context)));
}

async function run(flags: RunFlags, context: CliContext): Promise<number> {
  const format = flags.format ?? defaultFormat(context.terminal);
  const assistant = flags.assistant ?? context.env.OPENAI_ASSISTANT_ID;
  if (!assistant && !flags.simulator) {
    throw new UsageError('--assistant <id> is required (or set OPENAI_ASSISTANT_ID, or try --simulator)');
  }
  // Loaded only when asked for: most runs go to a real server.
  const simulator = flags.simulator
    ? await (await import('../../simulator/index.js')).startSimulator({ port: 0 })
    : undefined;
  try {
    const client = createClient({ ...clientOptions(flags, context.env, simulator?.url), ...limitsOf(flags) });
    const baseURL = client.config.baseURL;
    const assistantId =
      assistant ?? (await client.assistants.create({ model: 'gpt-4o', name: 'runstream cli' })).id;
    // ndjson and sse keep events this version does not know, so logs and recordings lose nothing.
    const options: RequestOptions = {
      unknownEvents: format === 'ndjson' || format === 'sse' ? 'emit' : 'skip',
    };
    // Only a stream has `thread.run.created`: the polling fallback emits the statuses alone.
    let streamed = false;
    const events$ = runEvents(client, assistantId, flags, options).pipe(
      tap((event) => {
        streamed ||= event.event === 'thread.run.created';
      }),
    );
    const { code, outcome } = await showRun(events$, context, { format, timing: true, baseURL });
    // Polling followed the run without its text: fetch the answer once it is there. A run that
    // failed already has its one line on stderr.
    const finished = outcome.run;
    if (!streamed && finished && code === EXIT.completed && (format === 'text' || format === 'pretty')) {
      const text = await answerOf(client, flags.thread ?? finished.thread_id, finished.id);
      if (text) context.terminal.out.write(`${text}\n`);
      else context.terminal.err.write(`runstream: ${NOT_STREAMED}\n`);
    }
    const stopped = outcome.run;
    if (outcome.error instanceof Interrupted && stopped && !TERMINAL_RUN_STATUSES.has(stopped.status)) {
      // Leaving it running would spend tokens until it expires; cancelling is best effort.
      await client.runs
        .cancel(stopped.thread_id, stopped.id, { timeout: CANCEL_TIMEOUT, maxRetries: 0 })
        .catch(() => undefined);
    }
    return code;
  } finally {
    await simulator?.close();
  }
}

/** The text of the assistant messages a run wrote, oldest first; empty when they cannot be listed. */
async function answerOf(client: RunstreamClient, threadId: string, runId: string): Promise<string> {
  const page = await client.threads.messages
    .list(threadId, { run_id: runId, order: 'asc', limit: 100 }, { timeout: CANCEL_TIMEOUT })
    .catch(() => undefined);
  const parts = (page?.data ?? [])
    .filter((message) => message.role === 'assistant')
    .flatMap((m) => m.content);
  return parts.map((part) => (part.type === 'text' ? part.text.value : '')).join('');
}

/** `--thread` runs an existing thread; without it a new thread holds the message. */
function runEvents(client: RunstreamClient, assistantId: string, flags: RunFlags, options: RequestOptions) {
  const params: RunCreateParams = {
    assistant_id: assistantId,
    ...(flags.model !== undefined ? { model: flags.model } : {}),
    ...(flags.instructions !== undefined ? { instructions: flags.instructions } : {}),
    ...(flags.metadata ? { metadata: flags.metadata } : {}),
  };
  const messages: MessageParam[] =
    flags.message !== undefined ? [{ role: 'user', content: flags.message }] : [];
  if (flags.thread === undefined)
    return client.threads.createAndRunStream({ ...params, thread: { messages } }, options);
  return client.runs.stream(
    flags.thread,
    messages.length > 0 ? { ...params, additional_messages: messages } : params,
    options,
  );
}

/** The client's settings: the simulator, Azure, or an OpenAI-style server; the key only from the environment. */
export function clientOptions(
  flags: RunFlags,
  env: CliContext['env'],
  simulatorURL: string | undefined,
): ClientOptions {
  // An empty key sends no auth header: the user's real key has no business reaching the simulator.
  if (simulatorURL) return { baseURL: simulatorURL, apiKey: '' };
  const fromEnv = resolveEnvironment(env, flags.azureEndpoint !== undefined ? true : undefined);
  const azureEndpoint = flags.azureEndpoint ?? fromEnv.azureEndpoint;
  const apiKey = fromEnv.apiKey ?? '';
  const baseURL = azureEndpoint ?? flags.baseUrl ?? fromEnv.baseURL ?? CLIENT_DEFAULTS.baseURL;
  if (!apiKey && !isLocal(baseURL)) {
    throw new UsageError(
      `no API key for ${baseURL}: export OPENAI_API_KEY${azureEndpoint ? ' (or AZURE_OPENAI_API_KEY)' : ''}, or try --simulator`,
    );
  }
  if (azureEndpoint) {
    const apiVersion = flags.apiVersion ?? fromEnv.apiVersion ?? AZURE_API_VERSION;
    return { apiKey, azure: { endpoint: azureEndpoint, apiVersion } };
  }
  return { apiKey, baseURL };
}

/** `--timeout`, `--idle-timeout` and `--max-retries`, for every request of the command. */
export function limitsOf(flags: RunFlags): ClientOptions {
  return {
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags.idleTimeout !== undefined ? { idleTimeout: flags.idleTimeout } : {}),
    ...(flags.maxRetries !== undefined ? { maxRetries: flags.maxRetries } : {}),
  };
}

/** A server on this machine may well need no key (a local simulator or proxy). */
function isLocal(url: string): boolean {
  const host = hostOf(url);
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    host?.endsWith('.localhost') === true ||
    /^127\./.test(host ?? '')
  );
}

/** The scenarios, each with its summary, wrapped and aligned like the options above them. */
function scenarioList(command: Command): string {
  const help = command.createHelp();
  const width = Math.max(...SCENARIO_NAMES.map((name) => name.length));
  return SCENARIO_NAMES.map((name) =>
    // The summaries are Markdown for the docs; a terminal shows the backticks as they are.
    help.formatItem(name, width, SCENARIOS[name].summary.replaceAll('`', ''), help),
  ).join('\n');
}

export function metadataPair(
  value: string,
  pairs: Record<string, string> | undefined,
): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected key=value, like scenario=function_call.');
  return { ...pairs, [value.slice(0, at)]: value.slice(at + 1) };
}
