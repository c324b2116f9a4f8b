import { inspect } from 'node:util';

/**
 * Every way a program might print or serialise an error (string, message, stack, JSON, a full
 * inspection), for it and each cause down its chain: what a secret must be absent from.
 */
export function renderings(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const e = current as Error;
    texts.push(
      String(e),
      String(e.message),
      String(e.stack),
      JSON.stringify(e) ?? '',
      inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    );
    current = (e as { cause?: unknown }).cause;
  }
  return texts;
}
