import { readdirSync, readFileSync } from 'node:fs';
import { lastValueFrom, toArray } from 'rxjs';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The text of `test/fixtures/<name>`. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Every `.sse` transcript in `test/fixtures/`, including the ones other suites add. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.sse'))
    .sort();
}

/** The events of a transcript, read by the real parser. */
export function eventsOf(sse: string): Promise<RunStreamEvent[]> {
  return lastValueFrom(parseRunEvents(sse).pipe(toArray()));
}

export { type Outcome, outcomeOf } from '../helpers/fixtures.js';

/** Options of {@link toSSE}. */
export interface SSEStyle {
  /** Line ending: `'\n'` (default) or `'\r\n'`. */
  newline?: '\n' | '\r\n';
  /** Writes a `: keep-alive` comment before every event. */
  keepAlive?: boolean;
}

/** Writes events as a server does: `event:` and `data:` lines, a blank line, `[DONE]` last. */
export function toSSE(events: readonly RunStreamEvent[], style: SSEStyle = {}): string {
  const nl = style.newline ?? '\n';
  const comment = style.keepAlive ? `: keep-alive${nl}${nl}` : '';
  const frames = events.map(
    (e) => `${comment}event: ${e.event}${nl}data: ${JSON.stringify(e.data)}${nl}${nl}`,
  );
  return `${frames.join('')}event: done${nl}data: [DONE]${nl}${nl}`;
}

/** `bytes` cut at `cuts` (any order, duplicates and out-of-range positions ignored). */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts)].filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const at of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, at));
    from = at;
  }
  return chunks;
}

/** Positions where a cut is most likely to break a reader: inside a UTF-8 character, between `\r` and `\n`. */
export function trickyCuts(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let at = 1; at < bytes.length; at++) {
    const byte = bytes[at] as number;
    if ((byte & 0xc0) === 0x80 || (bytes[at - 1] === 13 && byte === 10)) cuts.push(at);
  }
  return cuts;
}

/** An async iterable that yields `chunks` one at a time, as a network body would. */
export async function* chunked(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

/** A promise with its resolvers, for a test that must decide when something settles. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
