// The limits of the Assistants API's create-run, create-thread-and-run and create-assistant
// bodies, from its API reference, in one table: the client checks a request against it before
// sending, and the simulator answers 400 by it, so a test against the simulator catches what the
// API would refuse. Change a limit here and both follow.

/**
 * The reasoning efforts the API takes on runs and assistants (`null`: the model's default).
 *
 * @example
 * ```ts
 * const effort: ReasoningEffort = 'low';
 * client.runs.stream(threadId, { assistant_id: assistantId, reasoning_effort: effort }).subscribe();
 * ```
 */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** The limits both sides apply. */
export const RUN_RULES = {
  temperature: { min: 0, max: 2 },
  top_p: { min: 0, max: 1 },
  /** `max_prompt_tokens` and `max_completion_tokens`: at least this many. */
  minTokens: 256,
  /** A run's `tools` override. */
  maxRunTools: 20,
  /** An assistant's `tools`. */
  maxAssistantTools: 128,
  /** Messages of a new thread. */
  maxThreadMessages: 32,
  metadata: { maxKeys: 16, maxKeyLength: 64, maxValueLength: 512 },
  reasoningEfforts: [
    'none',
    'minimal',
    'low',
    'medium',
    'high',
    'xhigh',
    'max',
  ] as readonly ReasoningEffort[],
  /** A file_search tool's `max_num_results`. */
  fileSearchResults: { min: 1, max: 50 },
  /** A file_search tool's `ranking_options.score_threshold`. */
  scoreThreshold: { min: 0, max: 1 },
  rankers: ['auto', 'default_2024_08_21'] as readonly string[],
  /** A function's or a JSON schema's name. */
  name: /^[A-Za-z0-9_-]{1,64}$/,
} as const;

/** The keys of the create-run body (`include` travels as a query parameter). */
export const RUN_KEYS: readonly string[] = [
  'assistant_id',
  'model',
  'instructions',
  'additional_instructions',
  'additional_messages',
  'tools',
  'metadata',
  'temperature',
  'top_p',
  'max_prompt_tokens',
  'max_completion_tokens',
  'truncation_strategy',
  'tool_choice',
  'response_format',
  'parallel_tool_calls',
  'reasoning_effort',
  'include',
  'stream',
];

/** The keys of the create-thread-and-run body: no `additional_*`, a `thread` and `tool_resources`. */
export const THREAD_AND_RUN_KEYS: readonly string[] = [
  ...RUN_KEYS.filter((key) => key !== 'additional_instructions' && key !== 'additional_messages'),
  'thread',
  'tool_resources',
];
