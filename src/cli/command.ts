// What every command shares: the context it runs in and the option parsers of its flags. Kept
// apart from ./program.ts, which registers the commands, so that no command imports its registrar.
import { InvalidArgumentError, Option } from 'commander';
import { CLIENT_DEFAULTS } from '../client/options.js';
import { validateBaseURL } from '../client/validate-options.js';
import { FORMATS } from './format/index.js';
import type { Terminal } from './terminal.js';

/** What a command needs from the process, passed in so that tests and the bin share one path. */
export interface CliContext {
  readonly terminal: Terminal;
  readonly env: Record<string, string | undefined>;
  readonly stdin: AsyncIterable<Uint8Array | string>;
  /** Aborted when the user presses Ctrl-C. */
  readonly interrupt: AbortSignal;
}

/** A command's work: resolves with the exit status. */
export type Action = () => Promise<number>;

/** `--format`, shared by every command. */
export function formatOption(): Option {
  return new Option(
    '-f, --format <format>',
    'output format (default: pretty on a terminal, else text)',
  ).choices(FORMATS);
}

/**
 * `--base-url`, `--azure-endpoint` and `--api-version`: where a command's requests go, the same
 * flags for both APIs. `server` names what the base URL must speak; `apiVersion` is the help text
 * of `--api-version`.
 */
export function serverOptions(server: string, apiVersion: string): ServerOptions {
  return {
    baseURL: new Option(
      '--base-url <url>',
      `${server} (default: OPENAI_BASE_URL, else ${CLIENT_DEFAULTS.baseURL})`,
    ).argParser(httpURL),
    azureEndpoint: new Option(
      '--azure-endpoint <url>',
      'an Azure OpenAI resource instead (default: AZURE_OPENAI_ENDPOINT)',
    ).argParser(httpURL),
    apiVersion: new Option('--api-version <version>', apiVersion),
  };
}

/** The flags {@link serverOptions} makes. */
interface ServerOptions {
  baseURL: Option;
  azureEndpoint: Option;
  apiVersion: Option;
}

/** Parses a flag's value as a whole number ≥ 0 (milliseconds, counts). */
export function wholeNumber(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) {
    throw new InvalidArgumentError('expected a whole number, like 30000.');
  }
  return number;
}

/** Parses a flag's value as an http or https URL: the rule `createClient` applies to `baseURL`. */
function httpURL(value: string): string {
  try {
    validateBaseURL(value, 'url');
  } catch {
    // The library's message names `baseURL`; the user typed a flag, which commander names.
    throw new InvalidArgumentError('expected an http or https URL, like http://127.0.0.1:4010/v1.');
  }
  return value;
}
