import type { Metadata } from './shared.js';

/**
 * A conversation (`object: 'thread'`).
 *
 * @see https://platform.openai.com/docs/api-reference/threads/object
 *
 * @example
 * ```ts
 * const thread: Thread = await client.threads.create({ messages: [{ role: 'user', content: 'Hello' }] });
 * client.runs.stream(thread.id, { assistant_id: assistantId }).subscribe();
 * ```
 */
export interface Thread {
  id: string;
  object: 'thread';
  created_at: number;
  metadata: Metadata | null;
  tool_resources?: Record<string, unknown> | null;
}
