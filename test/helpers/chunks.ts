/** A ReadableStream that hands out `chunks` one per pull, like a fetch body. */
export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

/** An async iterable that yields `chunks` one at a time, as a network body would. */
export async function* iterableOf<T>(chunks: readonly T[]): AsyncIterable<T> {
  for (const chunk of chunks) yield chunk;
}

/** `whole` (bytes or text) cut at `cuts`: any order, duplicates and out-of-range points ignored. */
export function cutAt<T extends Uint8Array | string>(whole: T, cuts: readonly number[]): T[] {
  const points = [...new Set(cuts)]
    .filter((point) => point > 0 && point < whole.length)
    .sort((a, b) => a - b);
  const pieces: T[] = [];
  let start = 0;
  for (const point of [...points, whole.length]) {
    pieces.push(whole.slice(start, point) as T);
    start = point;
  }
  return pieces;
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
