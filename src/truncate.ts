/** The mark {@link truncate} ends a cut text with; the key redaction (client/redact.ts) relies on it. */
export const ELLIPSIS = '…';

/**
 * `text` itself if it has at most `max` characters (UTF-16 units), else its start and
 * {@link ELLIPSIS}, `max` characters in all: the one rule for quoting text in errors and output.
 * A cut never splits a surrogate pair (an emoji stays whole or goes).
 *
 * @param text - The text to quote.
 * @param max - The most characters of the result, the ellipsis included (at least 1).
 * @returns The text, or its start and an ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/**
 * A body or payload as one line, cut to `max` characters: what errors quote of what a server sent.
 *
 * @param text - The text to quote.
 * @param max - The most characters of the result. @default 200
 * @returns The text with its whitespace runs made single spaces, truncated.
 */
export function excerpt(text: string, max = 200): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}
