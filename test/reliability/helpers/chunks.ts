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

/** An async iterable of `chunks`, for sources that yield strings. */
export async function* iterableOf<T>(chunks: T[]): AsyncIterable<T> {
  for (const chunk of chunks) yield chunk;
}

/** `whole` cut at `cuts` (any order, duplicates and out-of-range points ignored). */
export function cutAt<T extends Uint8Array | string>(whole: T, cuts: number[]): T[] {
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

/** Every index at which a cut falls inside a multi-byte UTF-8 character or between `\r` and `\n`. */
export function awkwardCuts(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte >> 6 === 0b10 || (bytes[i - 1] === 13 && byte === 10)) cuts.push(i);
  }
  return cuts;
}
