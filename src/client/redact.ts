/** Replaces every occurrence of `secret` in `text`; keys shorter than 6 characters are not searched. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 6 || !text.includes(secret)) return text;
  return text.split(secret).join('[redacted]');
}

/**
 * The response headers an error carries, with `secret` removed from any value that quotes it
 * (a gateway that reflects `Authorization`, say): the same object when none does.
 */
export function redactHeaders(headers: Headers, secret: string | undefined): Headers {
  if (!secret || secret.length < 6) return headers;
  let copy: Headers | undefined;
  for (const [name, value] of headers) {
    if (!value.includes(secret)) continue;
    copy ??= new Headers(headers);
    copy.set(name, redact(value, secret));
  }
  return copy ?? headers;
}

/**
 * Removes `secret` from an error in place: its message, stack, string facts and the objects it
 * carries (the server's `error` object, a `cause`), a few levels deep. Stream errors are built
 * from what the server sent, which may echo the key back.
 */
export function redactError<T>(error: T, secret: string | undefined): T {
  if (secret && secret.length >= 6) scrub(error, secret, 0);
  return error;
}

function scrub(value: unknown, secret: string, depth: number): void {
  if (!value || typeof value !== 'object' || depth > 3 || value instanceof Headers) return;
  const record = value as Record<string, unknown>;
  // Own keys, not entries: `message` and `stack` are own but not enumerable.
  for (const key of Object.getOwnPropertyNames(record)) {
    const item = record[key];
    if (typeof item === 'string') {
      if (item.includes(secret)) {
        try {
          record[key] = redact(item, secret);
        } catch {
          // A frozen object keeps its value; nothing more can be done for it here.
        }
      }
    } else {
      scrub(item, secret, depth + 1);
    }
  }
}
