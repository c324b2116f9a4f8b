import { Observable } from 'rxjs';
import { fixtureBytes } from '../helpers/fixtures.js';

const decoder = new TextDecoder();

/** Reads a byte stream to the end and returns its text. */
export async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** Reads one chunk of a stream as text (the relay writes one frame a chunk). */
export async function nextFrame(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<string | undefined> {
  const { done, value } = await reader.read();
  return done ? undefined : decoder.decode(value);
}

/** An observable that never emits and records whether anyone subscribed or left. */
export function watchedSilence<T>(): {
  events$: Observable<T>;
  subscribed: () => boolean;
  tornDown: () => boolean;
} {
  let subscribed = false;
  let tornDown = false;
  const events$ = new Observable<T>(() => {
    subscribed = true;
    return () => {
      tornDown = true;
    };
  });
  return { events$, subscribed: () => subscribed, tornDown: () => tornDown };
}

/** The bytes of a transcript as a fetch-style body, cut into chunks of 97 bytes (inside frames and characters). */
export function bytesOf(name: string): ReadableStream<Uint8Array> {
  const bytes = fixtureBytes(name);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 97));
      offset += 97;
    },
  });
}
