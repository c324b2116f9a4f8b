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

export { outcomeOf } from '../helpers/fixtures.js';

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

/** A promise with its resolvers, for a test that must decide when something settles. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
