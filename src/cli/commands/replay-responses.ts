import { parseResponseEvents } from '../../responses/parse.js';
import type { CliContext } from '../command.js';
import type { FormatName } from '../format/index.js';
import { showResponse } from './show-response.js';

// Enough to hold the first frame of any recording; past it, the recording is taken for a run's.
const PEEK_LIMIT = 64 * 1024;

/**
 * Reads the start of a recording to tell a Responses stream (its first event's type starts with
 * `response.`) from a run's, and gives back a source that still yields every byte.
 */
export async function peekRecording(
  source: AsyncIterable<Uint8Array | string>,
): Promise<{ responses: boolean; source: AsyncIterable<Uint8Array | string> }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Array<Uint8Array | string> = [];
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  let verdict: boolean | undefined;
  while (verdict === undefined && text.length < PEEK_LIMIT) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    text += typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
    verdict = firstEventIsResponse(text);
  }
  async function* replayed(): AsyncGenerator<Uint8Array | string> {
    yield* head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { responses: verdict ?? firstEventIsResponse(`${text}\n`) ?? false, source: replayed() };
}

/** True or false once the first `event:` or `data:` line is whole; undefined before. */
function firstEventIsResponse(text: string): boolean | undefined {
  for (const match of text.matchAll(/^(event|data):[ ]?(.*)\r?\n/gm)) {
    const [, field, value = ''] = match;
    if (field === 'event')
      return value.startsWith('response.') || value === 'error' ? value !== 'error' : false;
    return /^\{\s*"type"\s*:\s*"response\./.test(value);
  }
  return undefined;
}

/** Plays a recorded Responses stream in `format`; the exit status is the recorded response's. */
export async function replayResponses(
  source: AsyncIterable<Uint8Array | string>,
  format: FormatName,
  context: CliContext,
): Promise<number> {
  // ndjson and sse keep what they do not understand, so a re-recording loses nothing.
  const keepUnknown = format === 'ndjson' || format === 'sse';
  const events$ = parseResponseEvents(source, keepUnknown ? { unknownEvents: 'emit' } : {});
  return (await showResponse(events$, context, { format, timing: false })).code;
}
