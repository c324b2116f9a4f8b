import { type Command, Option } from 'commander';
import { createClient } from '../../client/create-client.js';
import { REASONING_EFFORTS } from '../../responses/rules.js';
import { RESPONSE_SCENARIO_NAMES } from '../../simulator/responses/scenarios.js';
import type { ResponseCreateParams } from '../../types/responses/index.js';
import { type Action, type CliContext, formatOption, serverOptions, wholeNumber } from '../command.js';
import { Interrupted } from '../errors.js';
import { EXIT_CODES_HELP } from '../exit-codes.js';
import { defaultFormat, type FormatName } from '../format/index.js';
import { clientOptions, limitsOf, metadataPair } from './run.js';
import { showResponse } from './show-response.js';

/** Flags of `runstream respond`, as commander names them. */
interface RespondFlags {
  message: string;
  model?: string;
  instructions?: string;
  background?: boolean;
  previousResponseId?: string;
  reasoning?: string;
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

/** A model every OpenAI project can use; on Azure the deployment name is the model. */
const DEFAULT_MODEL = 'gpt-5-mini';
// The first Azure api-version with the Responses API at /openai/responses.
const AZURE_RESPONSES_API_VERSION = '2025-04-01-preview';
// For the calls made after the stream: the cancel of Ctrl-C, the status of a stream that ended early.
const FOLLOW_UP_TIMEOUT = 5_000;

export function registerRespond(
  program: Command,
  context: CliContext,
  schedule: (action: Action) => void,
): void {
  const server = serverOptions(
    'a Responses-compatible server',
    `Azure api-version (default: OPENAI_API_VERSION, else ${AZURE_RESPONSES_API_VERSION}; "v1" for the v1 API)`,
  );
  program
    .command('respond')
    .description('create a response (the Responses API) and show it live')
    .requiredOption('-m, --message <text>', 'the user input')
    .option(
      '--model <name>',
      `the model (default: OPENAI_MODEL, else ${DEFAULT_MODEL}; on Azure: a deployment)`,
    )
    .option('--instructions <text>', 'system instructions for this response')
    .option('--background', 'run in the background: a cut stream is resumed where it stopped')
    .option('--previous-response-id <id>', 'continue the conversation of an earlier response')
    .addOption(
      new Option('--reasoning <effort>', 'reasoning effort, with its summary shown').choices(
        REASONING_EFFORTS,
      ),
    )
    .option('--metadata <key=value>', 'response metadata; repeat for more pairs', metadataPair)
    .addOption(formatOption())
    .addOption(server.baseURL)
    .addOption(server.azureEndpoint)
    .addOption(server.apiVersion)
    .option('--simulator', 'respond from the built-in simulator: no key, no network')
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
      new Option(
        '--max-retries <n>',
        'retries before the first byte, and resumes of a cut background stream',
      ).argParser(wholeNumber),
    )
    .addHelpText(
      'after',
      `
The key is read only from OPENAI_API_KEY (AZURE_OPENAI_API_KEY with Azure) and never printed.

The simulator (--simulator) picks what a response does from --metadata scenario=NAME:
  ${RESPONSE_SCENARIO_NAMES.join(', ')}

Examples:
  runstream respond --simulator --message "Hello"
  runstream respond --simulator --metadata scenario=reasoning --message "Why is the sky blue?"
  runstream respond --message "Summarise RFC 9110" --background --format sse > response.sse
  runstream replay response.sse --format text

${EXIT_CODES_HELP}`,
    )
    .action((flags: RespondFlags) => schedule(() => respond(flags, context)));
}

async function respond(flags: RespondFlags, context: CliContext): Promise<number> {
  const format = flags.format ?? defaultFormat(context.terminal);
  const simulator = flags.simulator
    ? await (await import('../../simulator/index.js')).startSimulator({ port: 0 })
    : undefined;
  try {
    const apiVersion = flags.apiVersion ?? context.env.OPENAI_API_VERSION ?? AZURE_RESPONSES_API_VERSION;
    const options = clientOptions({ ...flags, apiVersion }, context.env, simulator?.url);
    const azureDeployment = options.azure ? context.env.AZURE_OPENAI_DEPLOYMENT : undefined;
    const client = createClient({
      ...options,
      ...(options.azure && azureDeployment
        ? { azure: { ...options.azure, deployment: azureDeployment } }
        : {}),
      ...limitsOf(flags),
    });
    const model =
      flags.model ?? context.env.OPENAI_MODEL ?? (client.config.deployment ? undefined : DEFAULT_MODEL);
    const params: ResponseCreateParams = {
      input: flags.message,
      ...(model !== undefined ? { model } : {}),
      ...(flags.instructions !== undefined ? { instructions: flags.instructions } : {}),
      ...(flags.background ? { background: true } : {}),
      ...(flags.previousResponseId !== undefined ? { previous_response_id: flags.previousResponseId } : {}),
      ...(flags.reasoning ? { reasoning: { effort: flags.reasoning, summary: 'auto' } } : {}),
      ...(flags.metadata ? { metadata: flags.metadata } : {}),
    } as ResponseCreateParams;
    // ndjson and sse keep events this version does not know, so logs and recordings lose nothing.
    const unknownEvents = format === 'ndjson' || format === 'sse' ? 'emit' : 'skip';
    const events$ = client.responses.stream(params, { unknownEvents });
    const { code, outcome } = await showResponse(events$, context, {
      format,
      timing: true,
      // A background response cancelled elsewhere ends its stream with no event saying so: ask.
      settle: (response) =>
        client.responses.retrieve(response.id, { timeout: FOLLOW_UP_TIMEOUT, maxRetries: 0 }),
    });
    const stopped = outcome.response;
    if (outcome.error instanceof Interrupted && stopped?.background && isRunning(stopped.status)) {
      // A background response goes on without us: Ctrl-C means stop it, best effort.
      await client.responses
        .cancel(stopped.id, { timeout: FOLLOW_UP_TIMEOUT, maxRetries: 0 })
        .catch(() => undefined);
    }
    return code;
  } finally {
    await simulator?.close();
  }
}

function isRunning(status: string | undefined): boolean {
  return status === 'queued' || status === 'in_progress';
}
