/** One SSE frame: `event:` and a JSON `data:` line, with the blank line that ends it. */
export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const DONE = 'event: done\ndata: [DONE]\n\n';

/** A run object with just the fields these tests look at. */
export function run(status: string, id = 'run_1'): Record<string, unknown> {
  return { id, object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status };
}

/** A `thread.message.delta` payload carrying `text`. */
export function textDelta(text: string, id = 'msg_1'): Record<string, unknown> {
  return {
    id,
    object: 'thread.message.delta',
    delta: { content: [{ index: 0, type: 'text', text: { value: text } }] },
  };
}

/** The frames of a short run that streams `texts` and completes, ending with `[DONE]`. */
export function runFrames(texts: string[], runId = 'run_1'): string[] {
  return [
    frame('thread.run.created', run('queued', runId)),
    frame('thread.run.in_progress', run('in_progress', runId)),
    ...texts.map((text) => frame('thread.message.delta', textDelta(text))),
    frame('thread.run.completed', run('completed', runId)),
    DONE,
  ];
}

/** The `event` names of emitted values, for compact comparisons. */
export function namesOf(values: ReadonlyArray<{ event: string }>): string[] {
  return values.map((value) => value.event);
}

/** A promise with its `resolve` outside, for a test to open a gate a fault script waits on. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
