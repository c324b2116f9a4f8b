import type { AssistantTool, Metadata, ResponseFormat } from '../types/shared.js';
import type { RequestOptions } from './options.js';
import { type ReasoningEffort, RUN_RULES } from './run-rules.js';
import type { Transport } from './transport.js';
import { validateId, validateMetadata, validateReasoningEffort, validateTools } from './validate.js';

/**
 * An assistant (`object: 'assistant'`), as `client.assistants.create` resolves it.
 *
 * @example
 * ```ts
 * const assistant: Assistant = await client.assistants.create({ model: 'gpt-4o' });
 * console.log(assistant.id, assistant.model);
 * ```
 */
export interface Assistant {
  /** The assistant's id, `asst_…`: the `assistant_id` of a run. */
  id: string;
  /** Always `'assistant'`. */
  object: 'assistant';
  /** When it was made, in Unix seconds. */
  created_at: number;
  /** Its name, at most 256 characters. */
  name: string | null;
  /** What it is for, at most 512 characters. */
  description: string | null;
  /** The model its runs use unless a run names another. */
  model: string;
  /** The system instructions of its runs. */
  instructions: string | null;
  /** The tools its runs may call. */
  tools: AssistantTool[];
  /** Up to 16 string pairs of the caller's own. */
  metadata: Metadata | null;
  /** Sampling temperature, 0 to 2. */
  temperature?: number | null;
  /** Nucleus sampling, 0 to 1. */
  top_p?: number | null;
  /** The shape of its answers: `'auto'`, text, or JSON (with a schema). */
  response_format?: ResponseFormat | null;
}

/**
 * The body of "create assistant": `model` is required, the rest is the API's.
 *
 * @example
 * ```ts
 * const params: AssistantCreateParams = {
 *   model: 'gpt-4o-mini',
 *   name: 'weather',
 *   tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
 * };
 * const { id } = await client.assistants.create(params);
 * ```
 */
export interface AssistantCreateParams {
  /** The model, e.g. `'gpt-4o-mini'` (on Azure, a deployment name). */
  model: string;
  /** A name, at most 256 characters. */
  name?: string | null;
  /** What it is for, at most 512 characters. */
  description?: string | null;
  /** The system instructions of its runs. */
  instructions?: string | null;
  /** The tools its runs may call (at most 128). */
  tools?: AssistantTool[];
  /** How much the model reasons before it answers; `null`: the model's default. */
  reasoning_effort?: ReasoningEffort | null;
  /** Up to 16 string pairs of your own (keys up to 64 characters, values up to 512). */
  metadata?: Metadata | null;
  /** Sampling temperature, 0 to 2. */
  temperature?: number | null;
  /** Nucleus sampling, 0 to 1. */
  top_p?: number | null;
  /** The shape of its answers: `'auto'`, text, or JSON (with a schema). */
  response_format?: ResponseFormat | null;
  [extra: string]: unknown;
}

/**
 * What "delete assistant" answers.
 *
 * @example
 * ```ts
 * const answer: AssistantDeleted = await client.assistants.delete('asst_abc');
 * if (!answer.deleted) console.warn(`${answer.id} is still there`);
 * ```
 */
export interface AssistantDeleted {
  /** The id of the assistant asked about. */
  id: string;
  /** Always `'assistant.deleted'`. */
  object: 'assistant.deleted';
  /** Whether it is gone. */
  deleted: boolean;
}

/**
 * `client.assistants`: just enough to make a throwaway assistant for a run, and delete it after.
 *
 * @example
 * ```ts
 * const { id } = await client.assistants.create({ model: 'gpt-4o-mini', name: 'scratch' });
 * await client.assistants.delete(id);
 * ```
 */
export class Assistants {
  readonly #transport: Transport;

  /**
   * Made by {@link createClient}, as `client.assistants`.
   *
   * @internal
   */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates an assistant.
   *
   * @param params - The assistant; `model` is required.
   * @param options - This call's options.
   * @returns The new assistant.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for malformed
   *   `metadata`, `tools` or `reasoning_effort`.
   * @see https://platform.openai.com/docs/api-reference/assistants/createAssistant
   *
   * @example
   * ```ts
   * const assistant = await client.assistants.create({ model: 'gpt-4o', instructions: 'Be terse.' });
   * ```
   */
  async create(params: AssistantCreateParams, options: RequestOptions = {}): Promise<Assistant> {
    validateMetadata('metadata', params?.metadata);
    validateTools(params?.tools, RUN_RULES.maxAssistantTools);
    validateReasoningEffort(params?.reasoning_effort);
    const body = params as Record<string, unknown>;
    return this.#transport.request<Assistant>({ method: 'post', path: '/assistants', body }, options);
  }

  /**
   * Deletes an assistant; resolves with `{ id, object: 'assistant.deleted', deleted: true }`.
   *
   * @param assistantId - The assistant to delete.
   * @param options - This call's options.
   * @returns The server's answer: `deleted` says whether it is gone.
   * @throws {@link ValidationError} (the Promise rejects, before any request) for a malformed id.
   * @see https://platform.openai.com/docs/api-reference/assistants/deleteAssistant
   *
   * @example
   * ```ts
   * const { deleted } = await client.assistants.delete('asst_abc');
   * ```
   */
  async delete(assistantId: string, options: RequestOptions = {}): Promise<AssistantDeleted> {
    const path = `/assistants/${encodeURIComponent(validateId('assistant_id', assistantId))}`;
    return this.#transport.request<AssistantDeleted>({ method: 'delete', path }, options);
  }
}
