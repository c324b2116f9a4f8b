const REDACTED = '[redacted]';
// What every excerpt in runstream ends with when it cut the text short.
const CUT = '…';
// A cut that leaves fewer characters of the key than this cannot give it away.
const SHORTEST_PART = 4;

/**
 * Replaces every occurrence of `secret` in `text`, and the start of it that an excerpt left
 * before its `…` (an excerpt is cut by length, which may fall inside the key).
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const whole = text.includes(secret) ? text.split(secret).join(REDACTED) : text;
  return whole.includes(CUT) ? redactCutKey(whole, secret) : whole;
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
    if (!value.includes(secret)) continue;
    copy ??= new Headers(headers);
    copy.set(name, redact(value, secret));
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
