import type { AssistantTool, Metadata, ResponseFormat } from '../types/shared.js';
import type { RequestOptions } from './options.js';
import { signalOf } from './runs.js';
import type { Transport } from './transport.js';
import { validateMetadata } from './validate.js';

/** An assistant (`object: 'assistant'`). */
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

/** The body of "create assistant". */
export interface AssistantCreateParams {
  model: string;
  name?: string | null;
  description?: string | null;
  instructions?: string | null;
  tools?: AssistantTool[];
  metadata?: Metadata | null;
  temperature?: number | null;
  top_p?: number | null;
  response_format?: ResponseFormat | null;
  [extra: string]: unknown;
}

/**
 * `client.assistants`: just enough to make a throwaway assistant for a run.
 *
 * @example
 * ```ts
 * const { id } = await client.assistants.create({ model: 'gpt-4o-mini', name: 'scratch' });
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
    const body = params as Record<string, unknown>;
    return (
      await this.#transport.json<Assistant>(
        { method: 'post', path: '/assistants', body },
        options,
        signalOf(options),
      )
    ).value;
  }
}
