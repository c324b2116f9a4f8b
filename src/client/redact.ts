/** Replaces every occurrence of `secret` in `text`; keys shorter than 6 characters are not searched. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 6 || !text.includes(secret)) return text;
  return text.split(secret).join('[redacted]');
}
