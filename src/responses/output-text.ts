import type { ResponseOutputItem } from '../types/responses/items.js';

/** Every `output_text` part of every message, joined: the SDK's `output_text`. */
export function outputTextOf(output: readonly ResponseOutputItem[]): string {
  let text = '';
  for (const item of output) text += outputTextOfItem(item);
  return text;
}

/** The `output_text` parts of one item, joined: `''` unless it is a message. */
export function outputTextOfItem(item: ResponseOutputItem): string {
  if (item.type !== 'message') return '';
  let text = '';
  for (const part of item.content) if (part.type === 'output_text') text += part.text;
  return text;
}
