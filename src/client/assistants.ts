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
  id: string;
  object: 'assistant';
  created_at: number;
  name: string | null;
  description: string | null;
  model: string;
  instructions: string | null;
  tools: AssistantTool[];
  metadata: Metadata | null;
  temperature?: number | null;
  top_p?: number | null;
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
  model: string;
  name?: string | null;
  description?: string | null;
  instructions?: string | null;
  tools?: AssistantTool[];
  /** How much the model reasons before it answers; `null`: the model's default. */
  reasoning_effort?: ReasoningEffort | null;
  metadata?: Metadata | null;
  temperature?: number | null;
  top_p?: number | null;
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
  id: string;
  object: 'assistant.deleted';
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

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates an assistant.
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
