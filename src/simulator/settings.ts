import type { Metadata } from '../types/shared.js';
import { badRequest } from './http.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';

/** Faults a request can ask for; see the table on `startSimulator`. */
export type FaultName =
  | 'http_429'
  | 'http_500'
  | 'http_503'
  | 'reset'
  | 'cut'
  | 'stall'
  | 'error_event'
  | 'json';

/** How the bytes of a stream are split into writes. */
export type ChunkingMode = 'one_byte' | 'mid_char' | 'random';

/** Every fault a run can ask for with `metadata.fault` or a `[fault:NAME]` token. */
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

/** Every way `metadata.chunking` can cut a stream's bytes. */
export const CHUNKING_MODES: readonly ChunkingMode[] = ['one_byte', 'mid_char', 'random'];

/** What a run does and how its requests misbehave, read once when the run is created. */
export interface RunSettings {
  scenario: ScenarioName;
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
export interface SettingsSources {
  runMetadata: Metadata | null | undefined;
  assistantMetadata: Metadata | null | undefined;
  /** The last user message of the request or the thread. */
  userText: string;
  defaultTokenDelayMs: number;
}

const DEFAULT_FAULT_AFTER = 8;
const TOKEN = /\[(scenario|fault|chunking):([a-z0-9_]+)\]/g;

/**
 * Reads the scenario, fault and stream shape of a run from metadata and `[name:value]` tokens
 * in the user's message. An unknown name is a 400 naming the field, so a typo is not silently
 * the default.
 */
export function readSettings(sources: SettingsSources): RunSettings {
  const run = sources.runMetadata ?? {};
  const assistant = sources.assistantMetadata ?? {};
  const tokens = tokensOf(sources.userText);
  const scenario = run.scenario ?? assistant.scenario ?? tokens.scenario ?? 'text';
  const fault = run.fault ?? tokens.fault ?? null;
  const chunking = run.chunking ?? tokens.chunking ?? null;
  return {
    scenario: oneOf('metadata.scenario', scenario, SCENARIO_NAMES),
    fault: fault === null ? null : oneOf('metadata.fault', fault, FAULT_NAMES),
    chunking: chunking === null ? null : oneOf('metadata.chunking', chunking, CHUNKING_MODES),
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

function tokensOf(text: string): Partial<Record<'scenario' | 'fault' | 'chunking', string>> {
  const found: Partial<Record<'scenario' | 'fault' | 'chunking', string>> = {};
  for (const match of text.matchAll(TOKEN)) found[match[1] as 'scenario'] ??= match[2];
  return found;
}

function oneOf<T extends string>(param: string, value: string, names: readonly T[]): T {
  if ((names as readonly string[]).includes(value)) return value as T;
  throw badRequest(
    `Unknown simulator value '${value}' for ${param}; expected one of: ${names.join(', ')}.`,
    param,
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
