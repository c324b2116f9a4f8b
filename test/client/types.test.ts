import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  type Message,
  type MessageDeltaEvent,
  type ParseRunEventsOptions,
  parseRunEvents,
  type Run,
  type RunCreateParams,
  type RunStep,
  type RunStepDeltaEvent,
  type RunStreamEvent,
  type RunStreamEventName,
  type SubmitToolOutputsParams,
  type Thread,
  type UnknownRunStreamEvent,
} from '../../src/index.js';
import { fixtureText } from '../helpers/fixtures.js';

/** The 23 data events as the API documents them (error and done end the stream instead). */
type DocumentedEventName =
  | 'thread.created'
  | 'thread.run.created'
  | 'thread.run.queued'
  | 'thread.run.in_progress'
  | 'thread.run.requires_action'
  | 'thread.run.completed'
  | 'thread.run.incomplete'
  | 'thread.run.failed'
  | 'thread.run.cancelling'
  | 'thread.run.cancelled'
  | 'thread.run.expired'
  | 'thread.run.step.created'
  | 'thread.run.step.in_progress'
  | 'thread.run.step.delta'
  | 'thread.run.step.completed'
  | 'thread.run.step.failed'
  | 'thread.run.step.cancelled'
  | 'thread.run.step.expired'
  | 'thread.message.created'
  | 'thread.message.in_progress'
  | 'thread.message.delta'
  | 'thread.message.completed'
  | 'thread.message.incomplete';

/**
 * Narrows every member of the union by `switch (e.event)` and returns the `object` its data
 * must have, so the same code is checked by the compiler and exercised at run time.
 */
function objectOf(e: RunStreamEvent): string {
  switch (e.event) {
    case 'thread.created':
      expectTypeOf(e.data).toEqualTypeOf<Thread>();
      return 'thread';
    case 'thread.run.created':
    case 'thread.run.queued':
    case 'thread.run.in_progress':
    case 'thread.run.requires_action':
    case 'thread.run.completed':
    case 'thread.run.incomplete':
    case 'thread.run.failed':
    case 'thread.run.cancelling':
    case 'thread.run.cancelled':
    case 'thread.run.expired':
      expectTypeOf(e.data).toEqualTypeOf<Run>();
      return 'thread.run';
    case 'thread.run.step.created':
    case 'thread.run.step.in_progress':
    case 'thread.run.step.completed':
    case 'thread.run.step.failed':
    case 'thread.run.step.cancelled':
    case 'thread.run.step.expired':
      expectTypeOf(e.data).toEqualTypeOf<RunStep>();
      return 'thread.run.step';
    case 'thread.run.step.delta':
      expectTypeOf(e.data).toEqualTypeOf<RunStepDeltaEvent>();
      return 'thread.run.step.delta';
    case 'thread.message.created':
    case 'thread.message.in_progress':
    case 'thread.message.completed':
    case 'thread.message.incomplete':
      expectTypeOf(e.data).toEqualTypeOf<Message>();
      return 'thread.message';
    case 'thread.message.delta':
      expectTypeOf(e.data).toEqualTypeOf<MessageDeltaEvent>();
      return 'thread.message.delta';
    default:
      // Exhaustive: a member added to the union without a case above fails to compile here.
      expectTypeOf(e).toBeNever();
      throw new Error(`unhandled ${(e as { event: string }).event}`);
  }
}

describe('event types', () => {
  it('hold exactly the 23 documented data events', () => {
    expectTypeOf<RunStreamEventName>().toEqualTypeOf<DocumentedEventName>();
  });

  it('narrow e.data by e.event for every event, matching the data the server sends', async () => {
    const events = await lastValueFrom(parseRunEvents(fixtureText('every-event.sse')).pipe(toArray()));
    expect(new Set(events.map((e) => e.event)).size).toBe(23);
    for (const e of events) expect((e.data as { object: string }).object).toBe(objectOf(e));
  });

  it("keep unknown events apart, so narrowing still works with unknownEvents: 'emit'", async () => {
    const source = 'event: thread.run.future\ndata: {"object":"x"}\n\ndata: [DONE]\n\n';
    const events$ = parseRunEvents(source, { unknownEvents: 'emit' });
    expectTypeOf(events$).toEqualTypeOf<Observable<RunStreamEvent | UnknownRunStreamEvent>>();
    const events = await lastValueFrom(events$.pipe(toArray()));
    expect(events).toHaveLength(1);
    for (const e of events) {
      if ('unknown' in e) {
        expectTypeOf(e).toEqualTypeOf<UnknownRunStreamEvent>();
        expect(e.event).toBe('thread.run.future');
      } else {
        expectTypeOf(e).toEqualTypeOf<RunStreamEvent>();
        objectOf(e);
      }
    }
  });
});

describe('client method types', () => {
  const client = createClient({ apiKey: 'sk-types-000000', baseURL: 'http://types.invalid/v1' });
  const params = { assistant_id: 'asst_1' };

  it('give runs.stream the event union, and the unknown events only when asked for', () => {
    expectTypeOf(client.runs.stream('thread_1', params)).toEqualTypeOf<Observable<RunStreamEvent>>();
    expectTypeOf(client.runs.stream('thread_1', params, { unknownEvents: 'emit' as const })).toEqualTypeOf<
      Observable<RunStreamEvent | UnknownRunStreamEvent>
    >();
    expectTypeOf(parseRunEvents('')).toEqualTypeOf<Observable<RunStreamEvent>>();
    const options: ParseRunEventsOptions = { unknownEvents: Math.random() > 2 ? 'emit' : 'skip' };
    expectTypeOf(parseRunEvents('', options)).toEqualTypeOf<
      Observable<RunStreamEvent | UnknownRunStreamEvent>
    >();
  });

  it('give runs.create a Promise<Run> without stream: true and an Observable with it', () => {
    const create = () => client.runs.create('thread_1', params);
    const stream = () => client.runs.create('thread_1', { ...params, stream: true });
    expectTypeOf(create).returns.toEqualTypeOf<Promise<Run>>();
    expectTypeOf(stream).returns.toEqualTypeOf<Observable<RunStreamEvent>>();
    const submit = () => client.runs.submitToolOutputs('thread_1', 'run_1', { tool_outputs: [] });
    expectTypeOf(submit).returns.toEqualTypeOf<Promise<Run>>();
    const createAndRun = () => client.threads.createAndRun({ ...params, stream: true });
    expectTypeOf(createAndRun).returns.toEqualTypeOf<Observable<RunStreamEvent>>();
  });

  it('accept params whose stream is known only at run time, and return either', () => {
    const typed: RunCreateParams = { ...params, stream: Math.random() > 2 };
    const flag = typed.stream === true;
    type Either = Observable<RunStreamEvent> | Promise<Run>;
    expectTypeOf(() => client.runs.create('thread_1', typed)).returns.toEqualTypeOf<Either>();
    expectTypeOf(() =>
      client.runs.create('thread_1', { ...params, stream: flag }),
    ).returns.toEqualTypeOf<Either>();
    const outputs: SubmitToolOutputsParams = { tool_outputs: [], stream: flag };
    expectTypeOf(() =>
      client.runs.submitToolOutputs('thread_1', 'run_1', outputs),
    ).returns.toEqualTypeOf<Either>();
    expectTypeOf(() =>
      client.threads.createAndRun({ ...params, stream: flag }),
    ).returns.toEqualTypeOf<Either>();
    // Still a Promise when the stream flag is false at run time.
    const settled = client.runs.create('thread_1', { ...params, stream: false, temperature: 9 });
    expect(settled).toBeInstanceOf(Promise);
    return expect(settled).rejects.toThrow('temperature');
  });
});

describe('wire types as the API reference has them', () => {
  it('keeps the error object of an HTTP error apart from the last_error of a run and a step', () => {
    expectTypeOf<import('../../src/index.js').ErrorObject>().toEqualTypeOf<{
      code: string | null;
      message: string;
      param: string | null;
      type: string;
    }>();
    expectTypeOf<NonNullable<Run['last_error']>['code']>().toEqualTypeOf<
      'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'
    >();
    expectTypeOf<NonNullable<RunStep['last_error']>['code']>().toEqualTypeOf<
      'server_error' | 'rate_limit_exceeded'
    >();
  });

  it('types the enums of incomplete_details, the file-search ranker and reasoning_effort', () => {
    expectTypeOf<NonNullable<NonNullable<Run['incomplete_details']>['reason']>>().toEqualTypeOf<
      'max_completion_tokens' | 'max_prompt_tokens'
    >();
    type FileSearchCall = Extract<import('../../src/index.js').ToolCall, { type: 'file_search' }>;
    expectTypeOf<NonNullable<FileSearchCall['file_search']['ranking_options']>['ranker']>().toEqualTypeOf<
      'auto' | 'default_2024_08_21'
    >();
    expectTypeOf<NonNullable<RunCreateParams['reasoning_effort']>>().toEqualTypeOf<
      import('../../src/index.js').ReasoningEffort
    >();
  });
});
