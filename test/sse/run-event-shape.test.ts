import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMessageDelta, messageDeltaRule, runEventShapeError } from '../../src/sse/run-event-shape.js';
import { RUN_STREAM_EVENT_NAMES, type RunStreamEventName } from '../../src/types/events.js';
import { allFixtureNames, expectedEvents, fixtureText } from '../helpers/fixtures.js';

describe('runEventShapeError', () => {
  it('accepts every event of every recorded fixture', () => {
    const known = new Set<string>(RUN_STREAM_EVENT_NAMES);
    let checked = 0;
    for (const name of allFixtureNames()) {
      for (const event of expectedEvents(fixtureText(name))) {
        if (!known.has(event.event)) continue;
        expect(
          runEventShapeError(event.event as RunStreamEventName, event.data),
          `${name}: ${event.event}`,
        ).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses data that is not an object, for every known event, naming what it is', () => {
    for (const name of RUN_STREAM_EVENT_NAMES) {
      expect(runEventShapeError(name, null)).toBe('its data is null; expected an object');
      expect(runEventShapeError(name, 42)).toBe('its data is a number; expected an object');
      expect(runEventShapeError(name, 'text')).toBe('its data is a string; expected an object');
      expect(runEventShapeError(name, [])).toBe('its data is an array; expected an object');
      expect(runEventShapeError(name, {})).toBe('its `id` is missing; expected a string');
    }
  });

  it('names the field a delta breaks', () => {
    const delta = (value: unknown) =>
      runEventShapeError('thread.message.delta', { id: 'msg_1', ...(value as object) });
    expect(delta({})).toBe('its `delta` is missing; expected an object');
    expect(delta({ delta: { content: 5 } })).toBe('its `delta.content` is a number; expected an array');
    expect(delta({ delta: { content: [null] } })).toBe('its `delta.content[0]` is null; expected an object');
    expect(delta({ delta: { content: [{ type: 'text' }] } })).toBe(
      'its `delta.content[0].index` is missing; expected a number',
    );
    expect(delta({ delta: { content: [{ index: 0, type: 'text', text: { value: 7 } }] } })).toBe(
      'its `delta.content[0].text.value` is a number; expected a string',
    );
    expect(delta({ delta: {} })).toBeUndefined();
    const step = (delta: unknown) => runEventShapeError('thread.run.step.delta', { id: 'step_1', delta });
    expect(
      step({ step_details: { type: 'tool_calls', tool_calls: [{ index: 0, function: { arguments: 1 } }] } }),
    ).toBe('its `delta.step_details.tool_calls[0].function.arguments` is a number; expected a string');
    expect(step({ step_details: { tool_calls: {} } })).toBe(
      'its `delta.step_details.tool_calls` is an object; expected an array',
    );
  });

  it('asks of whole objects what the operators and the command line read', () => {
    expect(runEventShapeError('thread.run.completed', { id: 'run_1' })).toBe(
      'its `status` is missing; expected a string',
    );
    expect(
      runEventShapeError('thread.run.requires_action', {
        id: 'run_1',
        status: 'requires_action',
        required_action: { submit_tool_outputs: { tool_calls: [{ id: 'call_1', function: { name: 'f' } }] } },
      }),
    ).toBe(
      'its `required_action.submit_tool_outputs.tool_calls[0].function.arguments` is missing; expected a string',
    );
    expect(runEventShapeError('thread.message.created', { id: 'msg_1', content: {} })).toBe(
      'its `content` is an object; expected an array',
    );
    expect(
      runEventShapeError('thread.run.step.completed', {
        id: 'step_1',
        type: 'tool_calls',
        status: 'completed',
        step_details: {
          type: 'tool_calls',
          tool_calls: [{ type: 'code_interpreter', code_interpreter: { input: '' } }],
        },
      }),
    ).toBe('its `step_details.tool_calls[0].code_interpreter.outputs` is missing; expected an array');
  });

  it('leaves alone fields nobody reads and types this version does not know', () => {
    expect(
      runEventShapeError('thread.run.created', { id: 'run_1', status: 'queued', surprise: [1] }),
    ).toBeUndefined();
    expect(
      runEventShapeError('thread.message.completed', { id: 'msg_1', content: [{ type: 'hologram', x: 1 }] }),
    ).toBeUndefined();
  });
});

describe('the message-delta fast path', () => {
  // Values a server might put anywhere: the right kind, or any wrong one.
  const anything = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 3 }),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
  );
  const maybe = <T>(right: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 3, arbitrary: right }, { weight: 1, arbitrary: anything });
  const annotation = maybe(
    fc.record({ index: maybe(fc.nat()), type: maybe(fc.string()) }, { requiredKeys: [] }),
  );
  const text = maybe(
    fc.record(
      { value: maybe(fc.string()), annotations: maybe(fc.array(annotation, { maxLength: 3 })) },
      { requiredKeys: [] },
    ),
  );
  const part = maybe(
    fc.record(
      {
        index: maybe(fc.nat()),
        type: maybe(fc.constantFrom('text', 'refusal')),
        text,
        refusal: maybe(fc.string()),
      },
      { requiredKeys: [] },
    ),
  );
  const data = maybe(
    fc.record(
      {
        id: maybe(fc.string()),
        object: fc.constant('thread.message.delta'),
        delta: maybe(fc.record({ content: maybe(fc.array(part, { maxLength: 3 })) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
  );

  it('passes exactly the deltas the rule passes, so the rule alone decides what is refused', () => {
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(data, (value) => {
        const rule = messageDeltaRule(value) === undefined;
        expect(isMessageDelta(value)).toBe(rule);
        if (rule) passed++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    // Both outcomes were tried many times, so the equality says something either way.
    expect(passed).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });
});
