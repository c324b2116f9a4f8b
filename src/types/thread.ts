import type { Metadata } from './shared.js';

/** A conversation (`object: 'thread'`). */
export interface Thread {
  id: string;
  object: 'thread';
  created_at: number;
  metadata: Metadata | null;
  tool_resources?: Record<string, unknown> | null;
}
