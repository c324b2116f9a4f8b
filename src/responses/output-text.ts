import type { ResponseOutputItem } from '../types/responses/items.js';

/** Every `output_text` part of every message, joined: the SDK's `output_text`. */
export function outputTextOf(output: readonly ResponseOutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}
