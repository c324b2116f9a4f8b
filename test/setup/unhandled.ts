import { afterAll, afterEach } from 'vitest';

/**
 * Fails the test during which a promise rejection went unhandled or an exception escaped to the
 * process. Vitest reports such errors for the run as a whole; this pins them on the test that
 * caused them, so a library bug that leaks a rejection cannot hide behind a green test.
 */
const KEY = Symbol.for('runstream.test.escaped');
type Escaped = Array<{ kind: string; error: unknown }>;
const store = globalThis as typeof globalThis & { [KEY]?: Escaped };

if (!store[KEY]) {
  const escaped: Escaped = [];
  store[KEY] = escaped;
  process.on('unhandledRejection', (error) => escaped.push({ kind: 'unhandled rejection', error }));
  process.on('uncaughtException', (error) => escaped.push({ kind: 'uncaught exception', error }));
}

async function failOnEscaped(): Promise<void> {
  // Node reports an unhandled rejection only after the microtask queue drains: let it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const escaped = store[KEY] ?? [];
  if (escaped.length === 0) return;
  const found = escaped.splice(0);
  const lines = found.map(
    ({ kind, error }) => `${kind}: ${error instanceof Error ? error.stack : String(error)}`,
  );
  throw new Error(`${found.length} error(s) escaped to the process:\n${lines.join('\n')}`);
}

afterEach(failOnEscaped);
afterAll(failOnEscaped);
