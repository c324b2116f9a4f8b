// `npm start -- --assistants` (or RUNSTREAM_API=assistants npm start): the quick start on the
// Assistants API: one run, streamed live — the text as it is written, the tool call and the
// status changes as they happen — then a one-line summary.
//
//   npm start -- --assistants                                     # the built-in simulator
//   OPENAI_API_KEY=… OPENAI_BASE_URL=… npm start -- --assistants  # an Assistants-compatible server
//
// Also read: OPENAI_ASSISTANT_ID (else a throwaway assistant), OPENAI_MODEL, and for Azure
// AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_DEPLOYMENT, OPENAI_API_VERSION.
import { lastValueFrom, tap } from 'rxjs';
import { finalRun, handleToolCalls, type Run, type RunStreamEvent } from '../src/index.js';
import { connect } from './connect.js';

const GET_WEATHER_FUNCTION = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The current weather in a city.',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location'],
    },
  },
};

/** Our side of the tool: a real app would call a weather service here. */
export async function getWeather({ location, unit = 'celsius' }: { location: string; unit?: string }) {
  return { location, unit, temperature: unit === 'fahrenheit' ? 70 : 21, sky: 'sunny' };
}

/** The Assistants run of the quick start. */
export async function runAssistants(): Promise<void> {
  const { client, simulated, assistant, close } = await connect();
  try {
    const assistantId = await assistant({
      name: 'runstream quickstart',
      instructions: 'You are a cheerful weather assistant. Use get_weather, then answer in one sentence.',
      tools: [GET_WEATHER_FUNCTION],
    });
    const thread = await client.threads.create();
    const screen = new Screen();
    const run = await lastValueFrom(
      client.runs
        .stream(thread.id, {
          assistant_id: assistantId,
          additional_messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
          // The simulator picks what the run does from metadata; a real model decides for itself.
          ...(simulated ? { metadata: { scenario: 'function_call' } } : {}),
        })
        .pipe(
          handleToolCalls(client, { get_weather: getWeather }),
          tap((event) => screen.show(event)),
          finalRun(),
        ),
    );
    screen.summary(run);
    if (run.status !== 'completed') process.exitCode = 1;
  } finally {
    await close();
  }
}

/** Writes each event as it arrives: text inline, everything else on a line of its own. */
class Screen {
  private readonly startedAt = performance.now();
  private firstTokenAt: number | undefined;
  private status = '';
  private midLine = false;

  show(event: RunStreamEvent): void {
    // `switch` on the event name narrows `event.data` to the right type.
    switch (event.event) {
      case 'thread.message.delta':
        for (const part of event.data.delta.content ?? []) {
          if (part.type !== 'text' || !part.text?.value) continue;
          this.firstTokenAt ??= performance.now();
          process.stdout.write(part.text.value);
          this.midLine = true;
        }
        break;
      case 'thread.run.requires_action':
        for (const call of event.data.required_action?.submit_tool_outputs.tool_calls ?? []) {
          this.line(`→ ${call.function.name}(${call.function.arguments})`);
        }
        break;
      case 'thread.run.queued':
      case 'thread.run.in_progress':
        if (event.data.status !== this.status) this.line(`· ${event.data.status.replace('_', ' ')}`);
        this.status = event.data.status;
        break;
      case 'thread.message.completed':
        this.endLine();
        break;
    }
  }

  /** `completed · 123 tokens · first token 45 ms · 0.8 s` */
  summary(run: Run): void {
    const facts: string[] = [run.status];
    if (run.usage) facts.push(`${run.usage.total_tokens} tokens`);
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
