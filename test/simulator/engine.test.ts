import { describe, expect, it } from 'vitest';
import { interruptEvents, segmentEvents } from '../../src/simulator/engine.js';
import type { RunContext } from '../../src/simulator/run-context.js';
import { readSettings } from '../../src/simulator/settings.js';
import { Store } from '../../src/simulator/store.js';

/** A new run of the text scenario on a thread holding `text`, as the create-run route makes it. */
function newRun(text: string): RunContext {
  const store = new Store();
  const thread = store.addThread({ messages: [{ role: 'user', content: text }] });
  const record = store.addRun(thread, store.assistant('asst_engine'), {});
  const settings = readSettings({
    runMetadata: {},
    assistantMetadata: {},
    userText: text,
    defaultTokenDelayMs: 0,
  });
  return {
    thread,
    record,
    settings,
    userText: text,
    outputs: [],
    includeSearchContent: false,
    completionTokens: 0,
    driving: false,
  };
}

describe('the run engine', () => {
  it('ends a run cancelled mid-message: the step cancelled, the message incomplete, then the run', () => {
    const context = newRun('a long answer please');
    const events = segmentEvents(context, 'new');
    // Pulled by hand up to the first delta: the events come only as fast as they are asked for.
    for (let next = events.next(); !next.done; next = events.next()) {
      if (next.value.event === 'thread.message.delta') break;
    }
    // What the cancel route does before the engine ends the run.
    context.record.run.status = 'cancelling';
    expect([...interruptEvents(context)].map((e) => e.event)).toEqual([
      'thread.run.step.cancelled',
      'thread.message.incomplete',
      'thread.run.cancelling',
      'thread.run.cancelled',
    ]);
    expect(context.record.run.status).toBe('cancelled');
    expect(context.thread.messages.at(-1)?.incomplete_details).toEqual({ reason: 'run_cancelled' });
  });
});
