import { truncate } from '../truncate.js';
import type { LastError } from '../types/shared.js';
import type { FileSearchResult } from '../types/step.js';

/**
 * The behaviours a simulated run can have, listed in {@link SCENARIO_NAMES}; `startSimulator`
 * (and `runstream run --help`) says what each does.
 *
 * @example
 * ```ts
 * import type { ScenarioName } from 'runstream/simulator';
 *
 * const scenario: ScenarioName = 'function_call';
 * client.runs.stream(threadId, { assistant_id: 'asst_demo', metadata: { scenario } });
 * ```
 */
export type ScenarioName =
  | 'text'
  | 'function_call'
  | 'parallel_function_calls'
  | 'two_rounds'
  | 'code_interpreter'
  | 'file_search'
  | 'failed'
  | 'incomplete';

/** A file citation inside streamed text: its marker text and the file it points at. */
export interface Citation {
  cite: string;
  fileId: string;
}

/**
 * One thing a run does, in the order it does it. The engine turns each beat into the events
 * and state changes the real API would produce; scenarios only say what happens.
 */
export type Beat =
  | { type: 'message'; tokens: Array<string | Citation>; incomplete?: boolean }
  | { type: 'function_calls'; calls: Array<{ name: string; arguments: string }> }
  | { type: 'code_interpreter'; input: string; logs: string }
  | { type: 'file_search'; results: FileSearchResult[] }
  | { type: 'fail'; error: LastError };

/** What a scenario knows when it plans a segment of a run. */
export interface ScenarioContext {
  /** The last user message, without simulator tokens; '' when there is none. */
  userText: string;
  /** 0 for a new run, n after the n-th submit_tool_outputs. */
  round: number;
  /** Every tool output submitted so far, oldest first. */
  outputs: string[];
}

interface Scenario {
  /** What the run does, in a sentence of Markdown: `runstream run --help` lists it. */
  summary: string;
  /** The beats of one segment: up to `requires_action` or to the end of the run. */
  plan(context: ScenarioContext): Beat[];
}

const weather = (location: string) => ({
  name: 'get_weather',
  arguments: JSON.stringify({ location, unit: 'celsius' }),
});

function answerWithOutputs(outputs: string[]): Beat {
  return { type: 'message', tokens: words(`Here is what I found: ${outputs.join('; ')}. Bonne journée ☀️`) };
}

/** Every scenario, by name, with its summary for `runstream run --help`. */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  text: {
    summary:
      "A short, friendly answer that echoes the user's message, streamed token by token (with an emoji and accents).",
    plan: ({ userText }) => [{ type: 'message', tokens: words(friendlyEcho(userText)) }],
  },
  function_call: {
    summary:
      'Calls `get_weather` once (arguments streamed in pieces) and stops at `requires_action`; after the outputs it streams an answer quoting them.',
    plan: ({ round, outputs }) =>
      round === 0 ? [{ type: 'function_calls', calls: [weather('Paris')] }] : [answerWithOutputs(outputs)],
  },
  parallel_function_calls: {
    summary:
      'Calls `get_weather` twice (Paris and Tokyo) in one step; after the outputs it answers with both.',
    plan: ({ round, outputs }) =>
      round === 0
        ? [{ type: 'function_calls', calls: [weather('Paris'), weather('Tokyo')] }]
        : [answerWithOutputs(outputs)],
  },
  two_rounds: {
    summary:
      'Requires action twice (`get_weather` for Paris, then for Tokyo) before answering with both outputs.',
    plan: ({ round, outputs }) =>
      round < 2
        ? [{ type: 'function_calls', calls: [weather(round === 0 ? 'Paris' : 'Tokyo')] }]
        : [answerWithOutputs(outputs)],
  },
  code_interpreter: {
    summary: 'A code interpreter step that streams its code input, then its logs output; then a text answer.',
    plan: () => [
      { type: 'code_interpreter', input: 'import math\nprint(math.sqrt(2))\n', logs: '1.4142135623730951\n' },
      { type: 'message', tokens: words('The square root of 2 is about 1.4142 ✅.') },
    ],
  },
  file_search: {
    summary:
      'A file search step, then an answer whose citations arrive as `file_citation` annotations in the deltas.',
    plan: () => [
      {
        type: 'file_search',
        results: [
          {
            file_id: 'file_sim_manual',
            file_name: 'manual.pdf',
            score: 0.92,
            content: [{ type: 'text', text: 'Warranty: two years.' }],
          },
          {
            file_id: 'file_sim_returns',
            file_name: 'returns.md',
            score: 0.81,
            content: [{ type: 'text', text: 'Returns within 30 days.' }],
          },
        ],
      },
      {
        type: 'message',
        tokens: [
          ...words('According to the manual, the warranty lasts two years'),
          { cite: '【4:0†manual.pdf】', fileId: 'file_sim_manual' },
          ...words('. Returns are accepted within 30 days'),
          { cite: '【4:1†returns.md】', fileId: 'file_sim_returns' },
          '.',
        ],
      },
    ],
  },
  failed: {
    summary: 'The run fails with `last_error` `{ code: "server_error" }`, without any step.',
    plan: () => [{ type: 'fail', error: { code: 'server_error', message: 'Something went wrong.' } }],
  },
  incomplete: {
    summary:
      'The answer stops short: the message ends `incomplete` and the run ends `incomplete` with `incomplete_details.reason` `max_completion_tokens`.',
    plan: () => [
      {
        type: 'message',
        tokens: words('Here is the beginning of a long answer, but I ran out of'),
        incomplete: true,
      },
    ],
  },
};

/**
 * The scenario names, in documentation order.
 *
 * @example
 * ```ts
 * import { createClient } from 'runstream';
 * import { SCENARIO_NAMES, startSimulator } from 'runstream/simulator';
 *
 * const sim = await startSimulator({ tokenDelayMs: 0 });
 * const client = createClient({ baseURL: sim.url, apiKey: 'sk-local' });
 * for (const scenario of SCENARIO_NAMES) {
 *   const run = await client.threads.createAndRun({ assistant_id: 'asst_demo', metadata: { scenario } });
 *   console.log(scenario, run.status); // text completed, function_call requires_action, …
 * }
 * await sim.close();
 * ```
 */
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** A friendly answer quoting the user's text (shared with the Responses scenarios). */
export function friendlyEcho(userText: string): string {
  const said = truncate(userText, 200);
  return said
    ? `Hi there! 👋 You said: “${said}”. Happy to help — voilà, c’est prêt.`
    : 'Hi there! 👋 Happy to help — what would you like to talk about? Voilà, c’est prêt.';
}

/** Splits text into word-sized tokens, each keeping its trailing space, like a model's deltas. */
export function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/gu) ?? [];
}
