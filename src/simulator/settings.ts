import type { Metadata } from '../types/shared.js';
import { badRequest } from './http.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';

/**
 * Faults a run can ask for; `startSimulator` says what each does.
 *
 * @example
 * ```ts
 * import { createClient } from 'runstream';
 * import { type FaultName, startSimulator } from 'runstream/simulator';
 *
 * const sim = await startSimulator();
 * const client = createClient({ baseURL: sim.url, apiKey: 'sk-local', maxRetries: 1 });
 * const fault: FaultName = 'http_503';
 * // The first attempt gets a 503; the client's retry goes through.
 * const run = await client.threads.createAndRun({ assistant_id: 'asst_demo', metadata: { fault } });
 * console.log(run.status); // 'completed'
 * await sim.close();
 * ```
 */
export type FaultName =
  | 'http_429'
  | 'http_500'
  | 'http_503'
  | 'reset'
  | 'cut'
  | 'stall'
  | 'error_event'
  | 'json';

/**
 * How the bytes of a stream are split into writes: `one_byte`, `mid_char` (inside multi-byte
 * UTF-8 characters) or `random`.
 *
 * @example
 * ```ts
 * import type { ChunkingMode } from 'runstream/simulator';
 *
 * const chunking: ChunkingMode = 'mid_char';
 * client.runs.stream(threadId, { assistant_id: 'asst_demo', metadata: { chunking } });
 * ```
 */
export type ChunkingMode = 'one_byte' | 'mid_char' | 'random';

/**
 * Every fault a run can ask for with `metadata.fault` or a `[fault:NAME]` token.
 *
 * @example
 * ```ts
 * import { FAULT_NAMES, type FaultName } from 'runstream/simulator';
 *
 * const isFault = (name: string): name is FaultName => (FAULT_NAMES as readonly string[]).includes(name);
 * console.log(isFault('http_503'), isFault('http_404')); // true false
 * ```
 */
export const FAULT_NAMES: readonly FaultName[] = [
  'http_429',
  'http_500',
  'http_503',
  'reset',
  'cut',
  'stall',
  'error_event',
  'json',
];

/**
 * Every way `metadata.chunking` can cut a stream's bytes.
 *
 * @example
 * ```ts
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { CHUNKING_MODES } from 'runstream/simulator';
 *
 * // However the bytes are cut, a parser must see the same events.
 * for (const chunking of CHUNKING_MODES) {
 *   const run$ = client.runs.stream(threadId, { assistant_id: 'asst_demo', metadata: { chunking } });
 *   console.log(chunking, (await lastValueFrom(run$.pipe(toArray()))).length);
 * }
 * ```
 */
export const CHUNKING_MODES: readonly ChunkingMode[] = ['one_byte', 'mid_char', 'random'];

/**
 * What a run (or a response: `S` is then a Responses scenario name) does and how its requests
 * misbehave, read once when it is created.
 */
export interface RunSettings<S extends string = ScenarioName> {
  scenario: S;
  fault: FaultName | null;
  /** How many requests carrying the fault suffer it before requests succeed. */
  faultTimes: number;
  /** How many events a stream delivers before `cut`, `stall` or `error_event` strikes. */
  faultAfter: number;
  /** Seconds sent in `Retry-After` with an HTTP fault. */
  retryAfter: number;
  chunking: ChunkingMode | null;
  tokenDelayMs: number;
}

/** Where settings come from, first match wins for the scenario. */
export interface SettingsSources<S extends string = ScenarioName> {
  runMetadata: Metadata | null | undefined;
  assistantMetadata: Metadata | null | undefined;
  /** The last user message of the request or the thread. */
  userText: string;
  defaultTokenDelayMs: number;
  /** The scenarios this API knows, the first one the default. Default: the runs' `SCENARIO_NAMES`. */
  scenarios?: readonly S[];
}

const DEFAULT_FAULT_AFTER = 8;
// Case-insensitive, and any value up to `]`: a typo in a token is named in a 400, never ignored.
const TOKEN = /\[(scenario|fault|chunking):([^\]\s]+)\]/gi;

type TokenName = 'scenario' | 'fault' | 'chunking';

/** A value asked for, and where, for the error if it is unknown: `param` is the request's field, if any. */
interface Asked {
  value: string;
  param: string | null;
  where: string;
}

/**
 * Reads the scenario, fault and stream shape of a run from metadata and `[name:value]` tokens
 * in the user's message (matched case-insensitively). An unknown name is a 400 naming the field
 * or the token, so a typo is not silently the default.
 */
export function readSettings<S extends string = ScenarioName>(sources: SettingsSources<S>): RunSettings<S> {
  const run = sources.runMetadata ?? {};
  const assistant = sources.assistantMetadata ?? {};
  const tokens = tokensOf(sources.userText);
  const field = (name: TokenName, metadata: Metadata = run): Asked | undefined => {
    const value = metadata[name];
    if (value === undefined) return undefined;
    // The assistant's metadata is no field of this request: the error names it in words only.
    return metadata === run
      ? { value, param: `metadata.${name}`, where: `metadata.${name}` }
      : { value, param: null, where: `the assistant's metadata.${name}` };
  };
  const scenario = field('scenario') ?? field('scenario', assistant) ?? tokens.scenario;
  const scenarios = sources.scenarios ?? (SCENARIO_NAMES as readonly string[] as readonly S[]);
  const fault = field('fault') ?? tokens.fault;
  const chunking = field('chunking') ?? tokens.chunking;
  return {
    scenario: scenario ? knownValue(scenario, scenarios) : (scenarios[0] as S),
    fault: fault ? knownValue(fault, FAULT_NAMES) : null,
    chunking: chunking ? knownValue(chunking, CHUNKING_MODES) : null,
    faultTimes: count('metadata.fault_times', run.fault_times, 1),
    faultAfter: count('metadata.fault_after', run.fault_after, DEFAULT_FAULT_AFTER),
    retryAfter: count('metadata.retry_after', run.retry_after, 0),
    tokenDelayMs: count('metadata.token_delay_ms', run.token_delay_ms, sources.defaultTokenDelayMs),
  };
}

/** The user's text without simulator tokens, for scenarios that echo it. */
export function withoutTokens(text: string): string {
  return text.replace(TOKEN, '').replace(/\s+/g, ' ').trim();
}

/** The first token of each name, its value lowercased (`[Scenario:Failed]` asks for `failed`). */
function tokensOf(text: string): Partial<Record<TokenName, Asked>> {
  const found: Partial<Record<TokenName, Asked>> = {};
  for (const [token, name, value] of text.matchAll(TOKEN)) {
    found[name?.toLowerCase() as TokenName] ??= {
      value: value?.toLowerCase() ?? '',
      param: null,
      where: `the token ${token} in the last user message`,
    };
  }
  return found;
}

function knownValue<T extends string>(asked: Asked, names: readonly T[]): T {
  if ((names as readonly string[]).includes(asked.value)) return asked.value as T;
  throw badRequest(
    `Unknown simulator value '${asked.value}' for ${asked.where}; expected one of: ${names.join(', ')}.`,
    asked.param,
    'invalid_value',
  );
}

function count(param: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > 600_000) {
    throw badRequest(
      `Invalid '${param}': expected a whole number from 0 to 600000, got '${value}'.`,
      param,
      'invalid_value',
    );
  }
  return parsed;
}
