import { Readable } from 'node:stream';
import fc from 'fast-check';
import { from, type Observable, type OperatorFunction, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/program.js';
import {
  finalRun,
  handleToolCalls,
  parseRunEvents,
  RUN_STREAM_EVENT_NAMES,
  type RunStreamEvent,
  type RunStreamEventName,
  RunstreamBaseError,
  runEventShapeError,
  StreamParseError,
  snapshots,
  textDeltas,
  toNDJSON,
  toServerSentEvents,
} from '../../src/index.js';
import { captureTerminal } from '../cli/support.js';
import { expectedEvents, fixtureText, outcomeOf } from '../helpers/fixtures.js';

// Structurally wrong JSON for every known event name, through the parser, every operator, the
// relay and the command line. Each must end in one of runstream's errors naming the event, or in
// the right value: never a bare TypeError, an uncaught exception, an unhandled rejection (the
// setup file fails the test on one) or a hang (the test's timeout).

// A well-formed data object of each event, from the transcript that has them all.
const VALID = new Map<string, unknown>();
for (const event of expectedEvents(fixtureText('every-event.sse'))) {
  if (!VALID.has(event.event)) VALID.set(event.event, event.data);
}

const WRONG_VALUES = [null, 0, -1.5, '', 'text', true, [], [null], {}, [{}]];

/** Every path to a field of `value` (objects and arrays alike), the root excluded. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...pathsOf(inner, path)];
  });
}

/** `value` with the field at `path` replaced by `replacement` (deleted when it is undefined). */
function mutated(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === undefined) delete at[last];
  else at[last] = replacement;
  return copy;
}

const names = fc.constantFrom(...RUN_STREAM_EVENT_NAMES);

/** An event name and data that is wrong for it: not an object, or a valid one with a field broken. */
const hostile: fc.Arbitrary<{ name: RunStreamEventName; data: unknown }> = names.chain((name) => {
  const valid = VALID.get(name);
  const paths = pathsOf(valid);
  const wrong = fc.oneof(fc.constantFrom(...WRONG_VALUES), fc.double(), fc.string(), fc.array(fc.anything()));
  const broken =
    paths.length === 0
      ? wrong
      : fc
          .tuple(fc.constantFrom(...paths), fc.oneof(fc.constant(undefined), wrong))
          .map(([path, replacement]) => mutated(valid, path, replacement));
  // As JSON has it (`undefined` in an array is `null`, NaN is `null`): what a server can send.
  const data = fc.oneof(wrong, broken).map((value) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown);
  return fc.record({ name: fc.constant(name), data });
});

const transcript = (name: string, data: unknown) =>
  `event: ${name}\ndata: ${JSON.stringify(data)}\n\nevent: done\ndata: [DONE]\n\n`;

/** An error of runstream naming `name`, or nothing wrong at all with `data` for that event. */
function expectNamedErrorOrValid(error: unknown, name: string, data: unknown): void {
  if (runEventShapeError(name as RunStreamEventName, data) === undefined) return;
  expect(error).toBeInstanceOf(RunstreamBaseError);
  expect(error).not.toBeInstanceOf(TypeError);
  expect((error as { event?: unknown }).event).toBe(name);
  expect((error as Error).message).toContain(name);
}

const noTools = { runs: { submitToolOutputsStream: () => of(), cancel: async () => ({}) } } as never;

const OPERATORS: Record<string, () => OperatorFunction<RunStreamEvent, unknown>> = {
  snapshots,
  textDeltas,
  finalRun,
  handleToolCalls: () => handleToolCalls(noTools, {}),
};

describe('structurally wrong data of every known event', () => {
  it('errors in the parser with StreamParseError naming the event, or passes data that fits', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async ({ name, data }) => {
        const outcome = await outcomeOf(parseRunEvents(transcript(name, data)));
        if (outcome.error === undefined) {
          expect(runEventShapeError(name, data)).toBeUndefined();
          expect(outcome.values).toEqual([{ event: name, data }]);
        } else {
          expect(outcome.error).toBeInstanceOf(StreamParseError);
          expectNamedErrorOrValid(outcome.error, name, data);
        }
      }),
      { numRuns: 400 },
    );
  });

  for (const [operator, make] of Object.entries(OPERATORS)) {
    it(`never throws a bare TypeError out of ${operator}(), behind the parser`, async () => {
      await fc.assert(
        fc.asyncProperty(hostile, async ({ name, data }) => {
          const outcome = await outcomeOf(parseRunEvents(transcript(name, data)).pipe(make()));
          expectNamedErrorOrValid(outcome.error, name, data);
        }),
        { numRuns: 150 },
      );
    });
  }

  // A source other than the parser (a test's `from([...])`, a relay of another library): the
  // operators of the hardening issue check what they read themselves.
  for (const operator of ['textDeltas', 'finalRun', 'handleToolCalls'] as const) {
    it(`errors with runstream's error naming the event out of ${operator}() fed directly`, async () => {
      const make = OPERATORS[operator] as () => OperatorFunction<RunStreamEvent, unknown>;
      await fc.assert(
        fc.asyncProperty(hostile, async ({ name, data }) => {
          const events = from([{ event: name, data } as RunStreamEvent]);
          const outcome = await outcomeOf(events.pipe(make()));
          if (outcome.error !== undefined) expectNamedErrorOrValid(outcome.error, name, data);
        }),
        { numRuns: 150 },
      );
    });
  }

  for (const [relay, toStream] of [
    ['toServerSentEvents', toServerSentEvents],
    ['toNDJSON', toNDJSON],
  ] as const) {
    it(`ends ${relay}() with one error frame naming the event, never a hang`, async () => {
      await fc.assert(
        fc.asyncProperty(hostile, async ({ name, data }) => {
          const events$ = parseRunEvents(transcript(name, data)) as Observable<RunStreamEvent>;
          const text = await new Response(toStream(events$)).text();
          if (runEventShapeError(name, data) === undefined) return;
          const lines = text.trimEnd().split('\n');
          expect(lines.at(-1)).toContain(name);
          expect(text).toMatch(relay === 'toNDJSON' ? /"event":"error"/ : /^event: error$/m);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('makes the command line say in one line which event was wrong and exit 7', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile,
        fc.constantFrom('text', 'pretty', 'ndjson', 'sse'),
        async ({ name, data }, format) => {
          const terminal = captureTerminal();
          const context: CliContext = {
            terminal,
            env: {},
            stdin: Readable.from([transcript(name, data)]),
            interrupt: new AbortController().signal,
          };
          const code = await runCli(['replay', '-', '--format', format], context);
          if (runEventShapeError(name, data) === undefined) return;
          expect(code).toBe(7);
          expect(terminal.err.text.trimEnd().split('\n')).toHaveLength(1);
          expect(terminal.err.text).toContain(name);
        },
      ),
      { numRuns: 100 },
    );
  });
});
