// Which environment variable wins, in one place: the client (./configuration.ts) and the command
// line (../cli/commands/run.ts) both ask here, so they cannot disagree.

/** The settings the environment gives; `undefined` where its variable is unset or empty. */
export interface EnvironmentSettings {
  /** Whether these settings are for Azure OpenAI: then `apiKey` prefers `AZURE_OPENAI_API_KEY`. */
  readonly azure: boolean;
  /** `AZURE_OPENAI_API_KEY` (Azure only), else `OPENAI_API_KEY`. */
  readonly apiKey: string | undefined;
  /** `OPENAI_BASE_URL`. */
  readonly baseURL: string | undefined;
  /** `OPENAI_ORG_ID`. */
  readonly organization: string | undefined;
  /** `OPENAI_PROJECT_ID`. */
  readonly project: string | undefined;
  /** `AZURE_OPENAI_ENDPOINT`. */
  readonly azureEndpoint: string | undefined;
  /** `OPENAI_API_VERSION`: Azure's `api-version`. */
  readonly apiVersion: string | undefined;
}

/** The process's environment where there is one (Node, Bun, Deno with `process`), else nothing. */
export function processEnv(): Record<string, string | undefined> {
  const processLike = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return processLike?.env ?? {};
}

/**
 * Reads runstream's settings from `env`.
 *
 * @param env - The variables, e.g. `process.env`.
 * @param azure - Whether the settings are for Azure OpenAI; by default, whether `AZURE_OPENAI_ENDPOINT` is set.
 * @returns Each setting, `undefined` where unset.
 */
export function resolveEnvironment(
  env: Record<string, string | undefined>,
  azure?: boolean,
): EnvironmentSettings {
  const read = (name: string) => env[name] || undefined;
  const azureEndpoint = read('AZURE_OPENAI_ENDPOINT');
  const forAzure = azure ?? azureEndpoint !== undefined;
  return {
    azure: forAzure,
    apiKey: (forAzure ? read('AZURE_OPENAI_API_KEY') : undefined) ?? read('OPENAI_API_KEY'),
    baseURL: read('OPENAI_BASE_URL'),
    organization: read('OPENAI_ORG_ID'),
    project: read('OPENAI_PROJECT_ID'),
    azureEndpoint,
    apiVersion: read('OPENAI_API_VERSION'),
  };
}
