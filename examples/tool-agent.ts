// A tool-calling agent: `handleToolCalls` answers each function call the run asks for — as many
// rounds as it takes — and the same observable carries on with the rest of the run.
//
//   npx tsx examples/tool-agent.ts "Compare the weather in Paris and Tokyo"
import { forkJoin, from, lastValueFrom, map, reduce, share, tap } from 'rxjs';
import {
  finalRun,
  handleToolCalls,
  type Run,
  type RunStreamEvent,
  type ToolHandlers,
  textDeltas,
} from '../src/index.js';
import { connect, runAsScript } from './connect.js';

const FORECASTS: Record<string, { celsius: number; sky: string }> = {
  Paris: { celsius: 21, sky: 'sunny' },
  Tokyo: { celsius: 27, sky: 'humid, light rain' },
};

/**
 * The agent's tools, by function name. A handler gets the parsed arguments and may return a
 * value, a Promise or an Observable; objects are sent to the run as JSON.
 */
const tools: ToolHandlers = {
  // A Promise: what a call to a weather service would give.
  get_weather: async ({ location }: { location: string }) =>
    FORECASTS[location]
      ? { location, ...FORECASTS[location] }
      : { location, error: 'no forecast for this city' },
  // An Observable: its last value is the output.
  get_time: ({ timezone }: { timezone: string }) =>
    from([new Date()]).pipe(map((now) => now.toLocaleTimeString('en-GB', { timeZone: timezone }))),
};

const TOOL_DEFINITIONS = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'Current weather in a city',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'get_time',
      description: 'Current time in an IANA timezone',
      parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
    },
  },
];

export async function main(
  question = process.argv[2] ?? 'Compare the weather in Paris and Tokyo.',
): Promise<void> {
  const { client, simulated, assistant, close } = await connect({ tokenDelayMs: 5 });
  try {
    const assistantId = await assistant({
      name: 'runstream tool agent',
      instructions: 'Answer with the tools; call get_weather once per city.',
      tools: TOOL_DEFINITIONS,
    });
    const thread = await client.threads.create({ messages: [{ role: 'user', content: question }] });
    console.log(`? ${question}`);
    let rounds = 0;
    const onEvent = (event: RunStreamEvent) => {
      if (event.event !== 'thread.run.requires_action') return;
      rounds++;
      logToolCalls(event.data);
    };
    const events$ = client.runs
      .stream(thread.id, {
        assistant_id: assistantId,
        // The simulator asks for get_weather twice, in two rounds; a real model decides for itself.
        ...(simulated ? { metadata: { scenario: 'two_rounds' } } : {}),
      })
      // share(): the two readers below get the same events from one request.
      .pipe(handleToolCalls(client, tools), tap(onEvent), share());
    const [answer, run] = await lastValueFrom(
      forkJoin([
        events$.pipe(
          textDeltas(),
          reduce((text, delta) => text + delta, ''),
        ),
        events$.pipe(finalRun()),
      ]),
    );
    console.log(`= ${answer}`);
    console.log(`${run.status} after ${rounds} round${rounds === 1 ? '' : 's'} of tool calls`);
    if (run.status !== 'completed') process.exitCode = 1;
  } finally {
    await close();
  }
}

/** One line per round of calls, as the run asks for them. */
function logToolCalls(run: Run): void {
  const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
  console.log(`⚙ ${calls.map((call) => `${call.function.name}(${call.function.arguments})`).join(', ')}`);
}

runAsScript(import.meta, () => main());
