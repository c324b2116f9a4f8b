// A tool loop on the Responses API: `handleToolCalls` answers each function call the model asks
// for — every call of a round concurrently, as many rounds as it takes — and the same observable
// carries on with the next response (over `previous_response_id`). For a server that keeps no
// state (`store: false`, Ollama), pass the input as the operator's third argument:
// `handleToolCalls(client, tools, { input })` sends the conversation back each round instead.
//
//   npx tsx examples/responses-tool-loop.ts "Compare the weather in Paris and Tokyo"
//   npx tsx examples/responses-tool-loop.ts --stateless "Compare the weather in Paris and Tokyo"
import { forkJoin, lastValueFrom, reduce, share, tap } from 'rxjs';
import {
  finalResponse,
  handleToolCalls,
  type ResponseTool,
  type ResponseToolHandler,
  textDeltas,
} from '../src/responses/index.js';
import { connect, runAsScript } from './connect.js';

const FORECASTS: Record<string, { celsius: number; sky: string }> = {
  Paris: { celsius: 21, sky: 'sunny' },
  Tokyo: { celsius: 27, sky: 'humid, light rain' },
};

/** The tools, by function name: a handler gets the parsed arguments; objects are sent as JSON. */
const tools: Record<string, ResponseToolHandler> = {
  get_weather: async ({ location }: { location: string }) =>
    FORECASTS[location]
      ? { location, ...FORECASTS[location] }
      : { location, error: 'no forecast for this city' },
};

const TOOL_DEFINITIONS: ResponseTool[] = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'The current weather in a city.',
    strict: false,
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
];

export async function main(args = process.argv.slice(2)): Promise<void> {
  const stateless = args.includes('--stateless');
  const question =
    args.filter((arg) => arg !== '--stateless')[0] ?? 'Compare the weather in Paris and Tokyo.';
  const { client, simulated, close } = await connect({
    tokenDelayMs: 1,
    azureApiVersion: '2025-04-01-preview',
  });
  try {
    console.log(`? ${question}`);
    let rounds = 0;
    const events$ = client.responses
      .stream({
        ...(client.config.deployment ? {} : { model: process.env.OPENAI_MODEL ?? 'gpt-5-mini' }),
        input: question,
        tools: TOOL_DEFINITIONS,
        ...(stateless ? { store: false } : {}),
        ...(simulated ? { metadata: { scenario: 'parallel_function_calls' } } : {}),
      })
      .pipe(
        handleToolCalls(client, tools, stateless ? { input: question } : {}),
        tap((event) => {
          if (event.type === 'response.output_item.done' && event.item.type === 'function_call') {
            console.log(`⚙ ${event.item.name}(${event.item.arguments})`);
          }
          if (event.type === 'response.created' && event.response.previous_response_id) rounds++;
        }),
        share(),
      );
    const [answer, response] = await lastValueFrom(
      forkJoin([
        events$.pipe(
          textDeltas(),
          reduce((text, delta) => text + delta, ''),
        ),
        events$.pipe(finalResponse()),
      ]),
    );
    console.log(`= ${answer}`);
    console.log(
      `${response.status} after ${stateless ? 'a stateless loop' : `${rounds} round${rounds === 1 ? '' : 's'} of tool calls`}`,
    );
    if (response.status !== 'completed') process.exitCode = 1;
  } finally {
    await close();
  }
}

runAsScript(import.meta, () => main());
