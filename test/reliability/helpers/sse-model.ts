import fc from 'fast-check';
import { RUN_STREAM_EVENT_NAMES, TERMINAL_RUN_EVENTS } from '../../../src/types/events.js';

/**
 * A model of a run stream as a server might frame it, from which both the bytes and the events a
 * reader must yield are derived independently of the parser under test.
 */
type Item =
  | {
      kind: 'event';
      name: string | undefined;
      data: unknown;
      pretty: boolean;
      space: boolean;
      extras: string[];
    }
  /** A known event whose data is not JSON. */
  | { kind: 'malformed'; name: string; text: string }
  /** `: text`, a comment or keep-alive. */
  | { kind: 'comment'; text: string }
  /** A frame whose only line is an empty `data:`, with no `event:` line. */
  | { kind: 'empty-data' };

type Ending = 'done' | 'nameless-done' | 'terminal' | 'cut';

export interface StreamModel {
  bom: boolean;
  items: Item[];
  ending: Ending;
  /** Line endings, picked per line: `\n`, `\r\n` or `\r`. */
  endings: Array<'\n' | '\r\n' | '\r'>;
}

/** What reading a stream must give: the values and how it ended, errors reduced to their facts. */
export interface Expected {
  values: unknown[];
  completed: boolean;
  error?: { name: string; event?: string; excerpt?: string; lastEvent?: string | null };
}

const NON_TERMINAL = RUN_STREAM_EVENT_NAMES.filter((name) => !TERMINAL_RUN_EVENTS.has(name));
const KNOWN = new Set<string>(RUN_STREAM_EVENT_NAMES);

const lineText = fc.string({ unit: 'binary', maxLength: 30 }).map((text) => text.replace(/[\r\n]/g, ' '));

const eventItem: fc.Arbitrary<Item> = fc
  .record({
    kind: fc.constant('event' as const),
    name: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...NON_TERMINAL) },
      { weight: 1, arbitrary: fc.constantFrom('thread.run.step.fancy', 'x-vendor.ping', 'message') },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    data: fc.record({
      id: fc.string({ maxLength: 8 }),
      text: fc.string({ unit: 'binary', maxLength: 40 }),
      extra: fc.jsonValue({ maxDepth: 2 }),
    }),
    pretty: fc.boolean(),
    space: fc.boolean(),
    extras: fc.array(
      fc.oneof(
        lineText.map((text) => `id: ${text.replace(/\0/g, '')}`),
        fc.nat(60_000).map((ms) => `retry: ${ms}`),
        lineText.map((text) => `:${text}`),
        lineText.map((text) => `x-vendor-field: ${text}`),
      ),
      { maxLength: 2 },
    ),
  })
  .map((item) => ({ ...item, data: { ...wellShaped(item.name), ...(item.data as object) } }));

/**
 * The fields the parser's boundary check asks of a known event's data (a run's status, a step's
 * details, a message's content, a delta's delta), so that generated events are well-formed.
 */
function wellShaped(name: string | undefined): object {
  if (name === undefined || !KNOWN.has(name) || name === 'thread.created') return {};
  if (name.endsWith('.delta')) return { delta: {} };
  if (name.startsWith('thread.message.')) return { content: [] };
  if (name.startsWith('thread.run.step.')) {
    return {
      type: 'tool_calls',
      status: 'in_progress',
      step_details: { type: 'tool_calls', tool_calls: [] },
    };
  }
  return { status: 'queued' };
}

const malformedItem: fc.Arbitrary<Item> = fc.record({
  kind: fc.constant('malformed' as const),
  name: fc.constantFrom(...NON_TERMINAL),
  text: fc
    .oneof(
      lineText.map((text) => `{"id":"msg_1","delta":${text}`),
      lineText.map((text) => `<html>${text}`),
      fc
        .string({ unit: 'binary', minLength: 81, maxLength: 200 })
        .map((text) => `{${text.replace(/[\r\n]/g, ' ')}`),
    )
    .filter((text) => !text.startsWith(' ') && text !== '[DONE]' && !isJSON(text)),
});

const otherItem: fc.Arbitrary<Item> = fc.oneof(
  lineText.map((text) => ({ kind: 'comment' as const, text })),
  fc.constant({ kind: 'empty-data' as const }),
);

/** A stream of events, comments and keep-alives that ends well or is cut; never malformed. */
export function wellFormedStream(): fc.Arbitrary<StreamModel> {
  return streamOf(
    fc.array(fc.oneof({ weight: 4, arbitrary: eventItem }, { weight: 1, arbitrary: otherItem }), {
      maxLength: 12,
    }),
  );
}

/** A stream with one malformed frame somewhere, with items before and after it. */
export function malformedStream(): fc.Arbitrary<StreamModel> {
  const items = fc.array(fc.oneof({ weight: 4, arbitrary: eventItem }, { weight: 1, arbitrary: otherItem }), {
    maxLength: 6,
  });
  return streamOf(
    fc.tuple(items, malformedItem, items).map(([before, bad, after]) => [...before, bad, ...after]),
  );
}

function streamOf(items: fc.Arbitrary<Item[]>): fc.Arbitrary<StreamModel> {
  return fc.record({
    bom: fc.boolean(),
    items,
    ending: fc.constantFrom<Ending>('done', 'nameless-done', 'terminal', 'cut'),
    endings: fc.array(fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r'), {
      minLength: 1,
      maxLength: 64,
    }),
  });
}

/** The lines of each frame, each frame ending with its blank line. */
function linesOf(model: StreamModel): string[] {
  const lines: string[] = [];
  const data = (text: string, space: boolean) => `data:${space ? ' ' : ''}${text}`;
  for (const item of model.items) {
    if (item.kind === 'event') {
      if (item.name !== undefined) lines.push(`event: ${item.name}`);
      lines.push(...item.extras);
      const json = item.pretty ? JSON.stringify(item.data, null, 2) : JSON.stringify(item.data);
      for (const line of json.split('\n')) lines.push(data(line, item.space));
    } else if (item.kind === 'malformed') {
      lines.push(`event: ${item.name}`, data(item.text, true));
    } else if (item.kind === 'comment') {
      lines.push(`:${item.text}`);
    } else {
      lines.push('data:');
    }
    lines.push('');
  }
  if (model.ending === 'done') lines.push('event: done', 'data: [DONE]', '');
  else if (model.ending === 'nameless-done') lines.push('data: [DONE]', '');
  else if (model.ending === 'terminal')
    lines.push('event: thread.run.completed', 'data: {"id":"run_1","status":"completed"}', '');
  return lines;
}

/** The stream as text: a `\r` ending is never followed by a blank line ended by `\n`, which would read as one `\r\n`. */
export function textOf(model: StreamModel): string {
  let text = model.bom ? '\uFEFF' : '';
  let previous = '';
  linesOf(model).forEach((line, i) => {
    let ending = model.endings[i % model.endings.length] ?? '\n';
    if (previous === '\r' && line === '' && ending === '\n') ending = '\r\n';
    text += line + ending;
    previous = ending;
  });
  return text;
}

/** The events a reader must emit for `model`, and how it must end. */
export function expectedOf(model: StreamModel, emitUnknown: boolean): Expected {
  const values: unknown[] = [];
  let lastEvent: string | null = null;
  for (const item of model.items) {
    if (item.kind === 'event') {
      const data = JSON.parse(JSON.stringify(item.data));
      if (item.name !== undefined && KNOWN.has(item.name)) {
        values.push({ event: item.name, data });
        lastEvent = item.name;
      } else if (emitUnknown) {
        values.push({ event: item.name ?? 'message', data, unknown: true });
      }
    } else if (item.kind === 'empty-data' && emitUnknown) {
      values.push({ event: 'message', data: '', unknown: true });
    } else if (item.kind === 'malformed') {
      const excerpt = item.text.length > 80 ? `${cutBefore(item.text, 79)}…` : item.text;
      return { values, completed: false, error: { name: 'StreamParseError', event: item.name, excerpt } };
    }
  }
  if (model.ending === 'terminal')
    values.push({ event: 'thread.run.completed', data: { id: 'run_1', status: 'completed' } });
  if (model.ending === 'cut')
    return { values, completed: false, error: { name: 'StreamInterruptedError', lastEvent } };
  return { values, completed: true };
}

function isJSON(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The first `end` UTF-16 units of `text`, one fewer where a surrogate pair would be split. */
function cutBefore(text: string, end: number): string {
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}
