import { readdirSync, readFileSync } from 'node:fs';
import type { Observable } from 'rxjs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The bytes of `test/fixtures/<name>`. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

/** The text of `test/fixtures/<name>`. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Every `.sse` transcript in `test/fixtures/`, including ones other suites add. */
export function allFixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.sse'))
    .sort();
}

/**
 * An independent, deliberately naive reading of a transcript (whole text, blank-line frames,
 * comments and `id:`/`retry:` ignored), to check the real parser against.
 */
export function framesOf(text: string): Array<{ event: string | undefined; data: string }> {
  const frames: Array<{ event: string | undefined; data: string }> = [];
  for (const block of text.replace(/\r\n|\r/g, '\n').split(/\n\n+/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
    if (data.length > 0) frames.push({ event, data: data.join('\n') });
  }
  return frames;
}

/** The `{ event, data }` values a transcript should yield: its data frames up to `[DONE]`. */
export function expectedEvents(text: string): Array<{ event: string; data: unknown }> {
  const events: Array<{ event: string; data: unknown }> = [];
  for (const frame of framesOf(text)) {
    if (frame.event === 'done' || frame.data === '[DONE]') break;
    if (frame.event) events.push({ event: frame.event, data: JSON.parse(frame.data) });
  }
  return events;
}

/** How an observable ended, with everything it emitted: one value to compare in tests. */
export interface Outcome<T> {
  values: T[];
  error?: unknown;
  completed: boolean;
}

/** Subscribes and resolves when `source` completes or errors; `onValue` sees each value as it comes. */
export function outcomeOf<T>(
  source: Observable<T>,
  onValue?: (value: T, count: number) => void,
): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const values: T[] = [];
    source.subscribe({
      next: (value) => {
        values.push(value);
        onValue?.(value, values.length);
      },
      error: (error: unknown) => resolve({ values, error, completed: false }),
      complete: () => resolve({ values, completed: true }),
    });
  });
}

/** A ReadableStream that serves `chunks` one per pull and records whether it was pulled or cancelled. */
export function trackedStream(chunks: Array<Uint8Array | string>): {
  stream: ReadableStream<Uint8Array>;
  pulls: () => number;
  cancelled: () => boolean;
} {
  const encoder = new TextEncoder();
  let pulls = 0;
  let cancelled = false;
  let index = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        const chunk = chunks[index++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      },
      cancel() {
        cancelled = true;
      },
    },
    // No read-ahead: a pull happens only when the parser reads, so "not pulled" means "not read".
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}
