import { friendlyEcho, words } from '../scenarios.js';

/**
 * The behaviours a simulated response can have, listed in {@link RESPONSE_SCENARIO_NAMES};
 * `startSimulator` says what each does.
 *
 * @example
 * ```ts
 * import type { ResponseScenarioName } from 'runstream/simulator';
 *
 * const scenario: ResponseScenarioName = 'web_search';
 * const body = { model: 'gpt-4.1-mini', input: 'News?', metadata: { scenario } };
 * console.log(JSON.stringify(body));
 * ```
 */
export type ResponseScenarioName =
  | 'text'
  | 'function_call'
  | 'parallel_function_calls'
  | 'reasoning'
  | 'web_search'
  | 'file_search'
  | 'code_interpreter'
  | 'refusal'
  | 'incomplete'
  | 'failed'
  | 'slow';

/** Cited text inside an answer: the text streamed, and the annotation that points at its source. */
export interface Cited {
  cite: string;
  source: { type: 'url'; url: string; title: string } | { type: 'file'; fileId: string; filename: string };
}

/**
 * One output item a response produces, in order. The engine turns each beat into the events and
 * the output items the real API would produce; scenarios only say what happens.
 */
export type ResponseBeat =
  | { type: 'message'; tokens: Array<string | Cited>; incomplete?: boolean }
  | { type: 'refusal'; tokens: string[] }
  | { type: 'reasoning'; summary: string[][] }
  | { type: 'function_calls'; calls: Array<{ name: string; arguments: string }> }
  | { type: 'web_search'; query: string }
  | {
      type: 'file_search';
      queries: string[];
      results: Array<{ fileId: string; filename: string; text: string }>;
    }
  | { type: 'code_interpreter'; code: string; logs: string }
  | { type: 'fail'; error: { code: string; message: string } };

/** What a scenario knows when it plans a response. */
interface ResponsePlanContext {
  /** The last user text of the conversation, without simulator tokens; '' when there is none. */
  userText: string;
  /** The `function_call_output`s this request sends for the previous response's calls, in order. */
  outputs: string[];
  /** The name of the first function tool of the request, else `get_weather`. */
  functionName: string;
}

interface ResponseScenario {
  /** What the response does, in a sentence of Markdown. */
  summary: string;
  plan(context: ResponsePlanContext): ResponseBeat[];
}

const weather = (name: string, location: string) => ({
  name,
  arguments: JSON.stringify({ location, unit: 'celsius' }),
});

function answerWith(outputs: string[]): ResponseBeat {
  return { type: 'message', tokens: words(`Here is what I found: ${outputs.join('; ')}. Bonne journée ☀️`) };
}

/** Every Responses scenario, by name. */
export const RESPONSE_SCENARIOS: Readonly<Record<ResponseScenarioName, ResponseScenario>> = {
  text: {
    summary: "A short, friendly answer that echoes the user's text, streamed word by word.",
    plan: ({ userText }) => [{ type: 'message', tokens: words(friendlyEcho(userText)) }],
  },
  function_call: {
    summary:
      'A `function_call` item (the first function tool of the request, else `get_weather`); continued with its `function_call_output` over `previous_response_id`, an answer quoting it.',
    plan: ({ outputs, functionName }) =>
      outputs.length > 0
        ? [answerWith(outputs)]
        : [{ type: 'function_calls', calls: [weather(functionName, 'Paris')] }],
  },
  parallel_function_calls: {
    summary:
      'Two `function_call` items (Paris and Tokyo); continued with both outputs, an answer quoting them.',
    plan: ({ outputs, functionName }) =>
      outputs.length > 0
        ? [answerWith(outputs)]
        : [
            {
              type: 'function_calls',
              calls: [weather(functionName, 'Paris'), weather(functionName, 'Tokyo')],
            },
          ],
  },
  reasoning: {
    summary: 'A `reasoning` item whose two summary parts stream their text, then the answer.',
    plan: ({ userText }) => [
      {
        type: 'reasoning',
        summary: [
          words('**Reading the question.** The user wants a short answer.'),
          words('**Answering.** A friendly echo will do.'),
        ],
      },
      { type: 'message', tokens: words(friendlyEcho(userText)) },
    ],
  },
  web_search: {
    summary:
      'A `web_search_call` (in_progress, searching, completed), then an answer whose `url_citation` annotations arrive as `response.output_text.annotation.added`.',
    plan: ({ userText }) => [
      { type: 'web_search', query: userText || 'latest news' },
      {
        type: 'message',
        tokens: [
          ...words('Two sources agree: the example domain is reserved for documentation'),
          {
            cite: ' (example.com)',
            source: { type: 'url', url: 'https://example.com/', title: 'Example Domain' },
          },
          ...words(', and so are its siblings'),
          {
            cite: ' (iana.org)',
            source: {
              type: 'url',
              url: 'https://www.iana.org/help/example-domains',
              title: 'Example Domains',
            },
          },
          '.',
        ],
      },
    ],
  },
  file_search: {
    summary: 'A `file_search_call` with results, then an answer with `file_citation` annotations.',
    plan: () => [
      {
        type: 'file_search',
        queries: ['warranty', 'returns'],
        results: [
          { fileId: 'file_sim_manual', filename: 'manual.pdf', text: 'Warranty: two years.' },
          { fileId: 'file_sim_returns', filename: 'returns.md', text: 'Returns within 30 days.' },
        ],
      },
      {
        type: 'message',
        tokens: [
          ...words('According to the manual, the warranty lasts two years'),
          { cite: '.', source: { type: 'file', fileId: 'file_sim_manual', filename: 'manual.pdf' } },
          ...words(' Returns are accepted within 30 days'),
          { cite: '.', source: { type: 'file', fileId: 'file_sim_returns', filename: 'returns.md' } },
        ],
      },
    ],
  },
  code_interpreter: {
    summary:
      'A `code_interpreter_call` that streams its code, interprets it and gives its logs as outputs, then the answer.',
    plan: () => [
      { type: 'code_interpreter', code: 'import math\nprint(math.sqrt(2))\n', logs: '1.4142135623730951\n' },
      { type: 'message', tokens: words('The square root of 2 is about 1.4142 ✅.') },
    ],
  },
  refusal: {
    summary: 'A message whose only content is a `refusal`, streamed as `response.refusal.delta`s.',
    plan: () => [{ type: 'refusal', tokens: words("I'm sorry, but I can't help with that request.") }],
  },
  incomplete: {
    summary:
      'The answer stops short: the message and the response end `incomplete`, `incomplete_details.reason` `max_output_tokens`.',
    plan: () => [
      {
        type: 'message',
        tokens: words('Here is the beginning of a long answer, but I ran out of'),
        incomplete: true,
      },
    ],
  },
  failed: {
    summary:
      'The response fails (`response.failed`) with `error` `{ code: "server_error" }`, without output.',
    plan: () => [
      { type: 'fail', error: { code: 'server_error', message: 'The model failed to generate a response.' } },
    ],
  },
  slow: {
    summary:
      'A long answer (about 80 words) paced at 30 ms a word at least, so a test has time to cut, resume or cancel it; `metadata.token_delay_ms` sets the pace.',
    plan: () => [{ type: 'message', tokens: words(LONG_ANSWER) }],
  },
};

/**
 * The Responses scenario names, in documentation order.
 *
 * @example
 * ```ts
 * import { RESPONSE_SCENARIO_NAMES, startSimulator } from 'runstream/simulator';
 *
 * const sim = await startSimulator({ tokenDelayMs: 0 });
 * for (const scenario of RESPONSE_SCENARIO_NAMES.filter((name) => name !== 'slow')) {
 *   const response = await fetch(`${sim.url}/responses`, {
 *     method: 'POST',
 *     headers: { 'content-type': 'application/json' },
 *     body: JSON.stringify({ model: 'gpt-4.1-mini', input: 'Hi', metadata: { scenario } }),
 *   });
 *   console.log(scenario, ((await response.json()) as { status: string }).status);
 * }
 * await sim.close();
 * ```
 */
export const RESPONSE_SCENARIO_NAMES = Object.keys(RESPONSE_SCENARIOS) as ResponseScenarioName[];

/** The pace of `slow` when the request does not set one. */
export const SLOW_TOKEN_DELAY_MS = 30;

const LONG_ANSWER =
  'Streams are easier to reason about when every event has its place. A response begins, announces each ' +
  'output item, opens its content parts, and then sends the text a few characters at a time. A client ' +
  'that loses its connection halfway can ask again for the events after the last sequence number it saw, ' +
  'and nothing is lost: the server kept every event of a background response. When the answer is done, ' +
  'the parts and the items close in the reverse order, and the response completes with its usage. ' +
  'That is the whole story, told slowly on purpose.';
