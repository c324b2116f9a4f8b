// `npm start`: one response of the Responses API, streamed live — the tool call, the text as it
// is written and the status as it changes — then a one-line summary.
//
//   npm start                                     # the built-in simulator, no key needed
//   OPENAI_API_KEY=… npm start                    # api.openai.com (model: OPENAI_MODEL, else gpt-5-mini)
//   OPENAI_API_KEY=… OPENAI_BASE_URL=… npm start  # any Responses-compatible server (vLLM, Ollama, LiteLLM…)
//   npm start -- --assistants                     # the same on the Assistants API (or RUNSTREAM_API=assistants)
//
// For Azure: AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_DEPLOYMENT and
// OPENAI_API_VERSION (default 2025-04-01-preview; "v1" for the v1 API).
import { lastValueFrom, tap } from 'rxjs';
import { CLIENT_DEFAULTS, NotFoundError } from '../src/index.js';
import {
  finalResponse,
  handleToolCalls,
  type Response,
  type ResponseStreamEvent,
} from '../src/responses/index.js';
import { connect, runAsScript } from './connect.js';
import { getWeather, runAssistants } from './quickstart-assistants.js';

const GET_WEATHER = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'The current weather in a city.',
  strict: false,
  parameters: {
    type: 'object',
    properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['location'],
  },
};

export async function main(): Promise<void> {
  if (process.argv.includes('--assistants') || process.env.RUNSTREAM_API === 'assistants')
    return runAssistants();
  const { client, simulated, close } = await connect({ azureApiVersion: '2025-04-01-preview' });
  try {
    const screen = new Screen();
    const response = await lastValueFrom(
      client.responses
        .stream({
          // On Azure the deployment is the model, filled in by the client.
          ...(client.config.deployment ? {} : { model: process.env.OPENAI_MODEL ?? 'gpt-5-mini' }),
          instructions: 'You are a cheerful weather assistant. Use get_weather, then answer in one sentence.',
          input: 'What is the weather in Paris right now?',
          tools: [GET_WEATHER],
          // The simulator picks what the response does from metadata; a real model decides for itself.
          ...(simulated ? { metadata: { scenario: 'function_call' } } : {}),
        })
        .pipe(
          handleToolCalls(client, { get_weather: getWeather }),
          tap((event) => screen.show(event)),
          finalResponse(),
        ),
    ).catch((error: unknown) => {
      throw error instanceof NotFoundError && !simulated ? noResponsesAPI(error) : error;
    });
    screen.summary(response);
    if (response.status !== 'completed') process.exitCode = 1;
  } finally {
    await close();
  }
}

/** A 404 on POST /responses: the server does not speak the Responses API. */
function noResponsesAPI(cause: NotFoundError): Error {
  const server = process.env.AZURE_OPENAI_ENDPOINT || process.env.OPENAI_BASE_URL || CLIENT_DEFAULTS.baseURL;
  return new Error(
    `The Responses API is not served at ${server} (${cause.message}). Point OPENAI_BASE_URL at a server that has it, or run npm start -- --assistants for an Assistants-compatible one.`,
    { cause },
  );
}

/** Writes each event as it arrives: text inline, everything else on a line of its own. */
class Screen {
  private readonly startedAt = performance.now();
  private firstTokenAt: number | undefined;
  private status = '';
  private midLine = false;

  show(event: ResponseStreamEvent): void {
    // `switch` on the event type narrows the event to its own shape.
    switch (event.type) {
      case 'response.output_text.delta':
        this.firstTokenAt ??= performance.now();
        process.stdout.write(event.delta);
        this.midLine = true;
        break;
      case 'response.output_item.done':
        if (event.item.type === 'function_call') this.line(`→ ${event.item.name}(${event.item.arguments})`);
        else if (event.item.type === 'message') this.endLine();
        break;
      case 'response.queued':
      case 'response.in_progress': {
        const status = event.response.status ?? '';
        if (status !== this.status) this.line(`· ${status.replace('_', ' ')}`);
        this.status = status;
        break;
      }
    }
  }

  /** `completed · 123 tokens · first token 45 ms · 0.8 s` */
  summary(response: Response): void {
    const facts: string[] = [response.status ?? 'completed'];
    if (response.usage) facts.push(`${response.usage.total_tokens} tokens`);
    if (this.firstTokenAt !== undefined)
      facts.push(`first token ${Math.round(this.firstTokenAt - this.startedAt)} ms`);
    facts.push(`${((performance.now() - this.startedAt) / 1000).toFixed(1)} s`);
    this.line(facts.join(' · '));
  }

  private line(text: string): void {
    this.endLine();
    process.stdout.write(`${text}\n`);
  }

  private endLine(): void {
    if (this.midLine) process.stdout.write('\n');
    this.midLine = false;
  }
}

runAsScript(import.meta, main);
