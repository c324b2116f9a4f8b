import { ELLIPSIS } from '../truncate.js';

const REDACTED = '[redacted]';
// What every excerpt in runstream ends with when it cut the text short (../truncate.ts).
const CUT = ELLIPSIS;
// A cut that leaves fewer characters of the key than this cannot give it away.
const SHORTEST_PART = 4;

/**
 * The shortest run of a key's characters that is redacted wherever it appears (a prefix, a
 * fragment, the key minus its last character), and so the shortest key runstream redacts at all:
 * a shorter one cannot be told from ordinary text, and redacting it would mangle every word that
 * holds its letters. The command line says so in a warning instead.
 */
export const SHORTEST_REDACTED = 8;

/**
 * Replaces every run of {@link SHORTEST_REDACTED} or more characters of `secret` in `text` (the
 * whole key, or any fragment a server echoed), and the start of it that an excerpt left before
 * its `…` (an excerpt is cut by length, which may fall inside the key). A key shorter than
 * {@link SHORTEST_REDACTED} is left alone.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < SHORTEST_REDACTED) return text;
  const whole = redactFragments(text, secret);
  return whole.includes(CUT) ? redactCutKey(whole, secret) : whole;
}

/**
 * The length of the longest ending of `text` that is a run of `secret`'s characters: what a
 * writer that redacts text arriving in pieces must hold back until the next piece shows where the
 * run ends, so that a key streamed back in pieces is redacted as one (0 when nothing need be held).
 */
export function heldForSecret(text: string, secret: string): number {
  if (secret.length < SHORTEST_REDACTED) return 0;
  for (let n = Math.min(secret.length, text.length); n > 0; n--) {
    if (secret.includes(text.slice(text.length - n))) return n;
  }
  return 0;
}

// Every run of SHORTEST_REDACTED characters of the last key asked about: a lookup per position of
// the text finds where a fragment starts; only there is it grown to its full length.
let lastSecret = '';
let lastRuns: ReadonlySet<string> = new Set();

function runsOf(secret: string): ReadonlySet<string> {
  if (secret !== lastSecret) {
    const runs = new Set<string>();
    for (let at = 0; at + SHORTEST_REDACTED <= secret.length; at++)
      runs.add(secret.slice(at, at + SHORTEST_REDACTED));
    lastSecret = secret;
    lastRuns = runs;
  }
  return lastRuns;
}

function redactFragments(text: string, secret: string): string {
  if (text.length < SHORTEST_REDACTED) return text;
  const runs = runsOf(secret);
  let result = '';
  let from = 0;
  for (let at = 0; at + SHORTEST_REDACTED <= text.length; ) {
    if (!runs.has(text.slice(at, at + SHORTEST_REDACTED))) {
      at++;
      continue;
    }
    let end = at + SHORTEST_REDACTED;
    while (end < text.length && secret.includes(text.slice(at, end + 1))) end++;
    result += `${text.slice(from, at)}${REDACTED}`;
    from = end;
    at = end;
  }
  return from === 0 ? text : result + text.slice(from);
}

function redactCutKey(text: string, secret: string): string {
  let result = '';
  let from = 0;
  for (let at = text.indexOf(CUT); at !== -1; at = text.indexOf(CUT, at + 1)) {
    for (let length = Math.min(secret.length - 1, at - from); length >= SHORTEST_PART; length--) {
      if (text.startsWith(secret.slice(0, length), at - length)) {
        result += `${text.slice(from, at - length)}${REDACTED}`;
        from = at;
        break;
      }
    }
  }
  return from === 0 ? text : result + text.slice(from);
}

/**
 * The response headers an error carries, with `secret` removed from any value that quotes it
 * (a gateway that reflects `Authorization`, say): the same object when none does.
 */
export function redactHeaders(headers: Headers, secret: string | undefined): Headers {
  if (!secret) return headers;
  let copy: Headers | undefined;
  for (const [name, value] of headers) {
    const clean = redact(value, secret);
    if (clean === value) continue;
    copy ??= new Headers(headers);
    copy.set(name, clean);
  }
  return copy ?? headers;
}

/**
 * Removes `secret` from an error in place: its message, stack, string facts and every object it
 * carries (the server's `error` object, the whole `cause` chain). Stream errors are built from
 * what the server sent, which may echo the key back.
 */
export function redactError<T>(error: T, secret: string | undefined): T {
  if (secret) scrub(error, secret, new WeakSet());
  return error;
}

function scrub(value: unknown, secret: string, seen: WeakSet<object>): void {
  if (!value || typeof value !== 'object' || seen.has(value) || value instanceof Headers) return;
  seen.add(value);
  const record = value as Record<string, unknown>;
  // Own keys, not entries: `message`, `stack` and `cause` are own but not enumerable.
  for (const key of Object.getOwnPropertyNames(record)) {
    const item = record[key];
    if (typeof item === 'string') {
      const clean = redact(item, secret);
      if (clean === item) continue;
      try {
        record[key] = clean;
      } catch {
        // A frozen object keeps its value; nothing more can be done for it here.
      }
    } else {
      scrub(item, secret, seen);
    }
  }
}
