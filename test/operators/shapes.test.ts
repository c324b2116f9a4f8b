import { describe, expect, it } from 'vitest';
import {
  CODE,
  CODE_CALL,
  codeCallFrom,
  codeFrom,
  FUNCTION,
  FUNCTION_CALL,
  functionCallFrom,
  functionFrom,
  type Layout,
  MESSAGE,
  messageFrom,
  STEP,
  stepFrom,
  TEXT,
  TEXT_PART,
  TOOL_CALLS,
  textFrom,
  textPartFrom,
  toolCallsFrom,
  type Values,
} from '../../src/operators/shapes.js';

// A layout is read off its copy function's literal, so the literal's keys always match it; what
// could still go wrong is a key taking another position's value (a line moved, `v[n]` kept).
const COPIES: Array<[string, (v: Values, replaced: never) => object, Layout, string]> = [
  ['messageFrom', messageFrom, MESSAGE, 'content'],
  ['textPartFrom', textPartFrom, TEXT_PART, 'text'],
  ['textFrom', textFrom, TEXT, 'value'],
  ['stepFrom', stepFrom, STEP, 'step_details'],
  ['toolCallsFrom', toolCallsFrom, TOOL_CALLS, 'tool_calls'],
  ['codeCallFrom', codeCallFrom, CODE_CALL, 'code_interpreter'],
  ['codeFrom', codeFrom, CODE, 'input'],
  ['functionCallFrom', functionCallFrom, FUNCTION_CALL, 'function'],
  ['functionFrom', functionFrom, FUNCTION, 'arguments'],
];

describe('the copy functions of the fast paths', () => {
  it.each(COPIES)(
    '%s writes each value under the key at its position in the layout',
    (_, copy, layout, replaced) => {
      // Values that are the layout's own keys: a copy then maps every key to itself.
      const made = copy(layout, 'new' as never) as Record<string, unknown>;
      expect(Object.keys(made)).toEqual(layout);
      for (const key of layout) expect(made[key]).toBe(key === replaced ? 'new' : key);
    },
  );
});
