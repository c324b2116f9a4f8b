import { afterEach, describe, expect, it, vi } from 'vitest';
import { Interrupted } from '../../src/cli/errors.js';
import type { CliEvent } from '../../src/cli/format/formatter.js';
import { createFormatter, type FormatName, type Outcome } from '../../src/cli/format/index.js';
import { prettyFormatter } from '../../src/cli/format/pretty.js';
import { renderRun } from '../../src/cli/render.js';
import { RunStreamError } from '../../src/errors.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { Run } from '../../src/types/run.js';
import { expectedEvents, fixtureText, outcomeOf } from '../helpers/fixtures.js';
import { captureTerminal, captureWriter } from './support.js';

const ESCAPE = '\x1b[';

/** Renders a fixture in a format, as `runstream replay` does; returns the terminal and outcome. */
async function render(
  fixture: string,
  format: FormatName,
  options: { color?: boolean; timing?: boolean } = {},
) {
  const terminal = captureTerminal({ color: options.color ?? false });
  const formatter = createFormatter(format, terminal, options.timing ?? false);
  const events$ = parseRunEvents(fixtureText(fixture), { unknownEvents: 'emit' });
  const outcome = await renderRun(events$, formatter);
  return { out: terminal.out.text, outcome };
}

function completedRun(fixture: string): Run {
  const last = expectedEvents(fixtureText(fixture)).findLast((e) => e.event.startsWith('thread.run.'));
  return last?.data as Run;
}

describe('text', () => {
  it("prints only the assistant's text, ending its line", async () => {
    const { out } = await render('text.sse', 'text');
    const deltas = expectedEvents(fixtureText('text.sse'))
      .filter((e) => e.event === 'thread.message.delta')
      .map(
        (e) =>
          (e.data as { delta: { content: Array<{ text: { value: string } }> } }).delta.content[0]?.text.value,
      );
    expect(out).toBe(`${deltas.join('')}\n`);
    expect(out).toContain('Paris 🇫🇷.');
  });

  it('prints nothing for a run that only calls tools', async () => {
    const { out } = await render('function-call.sse', 'text');
    expect(out).toBe('');
  });
});

describe('pretty', () => {
  it('shows the run, its status changes, the text and a summary', async () => {
    const { out } = await render('text.sse', 'pretty');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('◦ run run_p1 · assistant asst_abc123 · thread thread_abc123');
    expect(lines).toContain('◦ queued');
    expect(lines).toContain('◦ in progress');
    expect(lines.filter((line) => line === '◦ queued')).toHaveLength(1);
    expect(lines).toContain('Sure! The capital of France is Paris 🇫🇷.');
    expect(lines.at(-1)).toBe('✔ completed');
  });

  it('lists the function calls a run waits on', async () => {
    const { out } = await render('function-call.sse', 'pretty');
    expect(out).toContain('⏸ requires action');
    expect(out).toContain('⚙ lookup({"location":"Oslo"}) call_p');
    expect(out.trimEnd().split('\n').at(-1)).toBe('◼ requires action');
  });

  it('shows code interpreter input as it streams and its outputs when the step completes', async () => {
    const { out } = await render('code-interpreter.sse', 'pretty');
    expect(out).toMatch(/⚙ code_interpreter\n( {2}│ .+\n)+( {2}→ .+\n)+/);
    expect(out.match(/⚙ code_interpreter/g)).toHaveLength(1);
    expect(out).toContain('  │ root = math.sqrt(1764)\n');
  });

  it('writes the code before the step completes, at most twelve lines of it', async () => {
    const terminal = captureTerminal();
    const formatter = prettyFormatter(terminal, { timing: false });
    const step = (input: string): CliEvent => ({
      event: 'thread.run.step.delta',
      data: {
        id: 'step_1',
        object: 'thread.run.step.delta',
        delta: {
          step_details: {
            type: 'tool_calls',
            tool_calls: [{ index: 0, type: 'code_interpreter', code_interpreter: { input } }],
          },
        },
      },
    });
    formatter.event(step('for i in range(20):\n'));
    formatter.event(step('    print('));
    expect(terminal.out.text).toContain('⚙ code_interpreter\n  │ for i in range(20):\n  │     print(');
    formatter.event(step(`i)\n${'x = 1\n'.repeat(30)}`));
    const code = terminal.out.text.split('\n').filter((line) => line.startsWith('  │ '));
    expect(code).toHaveLength(13);
    expect(code.at(-1)).toBe('  │ …');
  });

  it('shows function outputs once the step completes', async () => {
    const { out } = await render('function-call-final-round.sse', 'pretty');
    expect(out).toMatch(/⚙ \w+\(.*\) → .+/);
  });

  it('marks a failed run red, an incomplete one yellow, only with colour', async () => {
    const failed = await render('failed.sse', 'pretty', { color: true });
    expect(failed.out).toContain(`${ESCAPE}31m✖ failed`);
    const incomplete = await render('incomplete.sse', 'pretty', { color: true });
    expect(incomplete.out).toContain(`${ESCAPE}33m◼ incomplete`);
    const plain = await render('failed.sse', 'pretty', { color: false });
    expect(plain.out).not.toContain(ESCAPE);
    expect(plain.out).toContain('✖ failed');
  });

  it('summarises status, tokens, time to first token and duration', () => {
    const terminal = captureTerminal();
    const formatter = prettyFormatter(terminal);
    const run = {
      ...completedRun('text.sse'),
      usage: { prompt_tokens: 100, completion_tokens: 23, total_tokens: 123 },
    };
    formatter.end({ run, error: undefined, startedAt: 1_000, firstTokenAt: 1_045, endedAt: 1_800 });
    expect(terminal.out.text).toBe('✔ completed · 123 tokens · first token 45 ms · 0.8 s\n');
  });

  it('leaves timing out of a replay summary', () => {
    const terminal = captureTerminal();
    const run = {
      ...completedRun('text.sse'),
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    prettyFormatter(terminal, { timing: false }).end({
      run,
      error: undefined,
      startedAt: 0,
      firstTokenAt: 5,
      endedAt: 900,
    });
    expect(terminal.out.text).toBe('✔ completed · 3 tokens\n');
  });

  it('prints no summary when the stream broke: the reason goes to stderr', async () => {
    const { out, outcome } = await render('error-event.sse', 'pretty');
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect(out).not.toMatch(/[✔✖◼]/);
  });
});

describe('spinner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('spins while the run is quiet on a terminal, erases itself before output and stops at the end', () => {
    vi.useFakeTimers();
    const terminal = captureTerminal({ isTTY: true });
    const formatter = prettyFormatter(terminal, { now: () => Date.now() });
    vi.advanceTimersByTime(200);
    expect(terminal.out.text.startsWith(`\r${ESCAPE}2K⠋ connecting… 0.`)).toBe(true);
    const run = completedRun('text.sse');
    formatter.event({ event: 'thread.run.queued', data: { ...run, status: 'queued' } });
    expect(terminal.out.text.endsWith(`\r${ESCAPE}2K◦ queued\n`)).toBe(true);
    formatter.end({ run, error: undefined, startedAt: 0, firstTokenAt: undefined, endedAt: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never draws on a pipe', () => {
    vi.useFakeTimers();
    const terminal = captureTerminal({ isTTY: false });
    const formatter = prettyFormatter(terminal);
    vi.advanceTimersByTime(1_000);
    formatter.end({ run: undefined, error: undefined, startedAt: 0, firstTokenAt: undefined, endedAt: 0 });
    expect(terminal.out.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('ndjson', () => {
  it('writes one {event,data} object a line, then done', async () => {
    const { out } = await render('every-event.sse', 'ndjson');
    const lines = out.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      ...expectedEvents(fixtureText('every-event.sse')),
      { event: 'done', data: '[DONE]' },
    ]);
  });

  it("ends with the server's error when the stream reported one", async () => {
    const { out } = await render('error-event.sse', 'ndjson');
    const last = JSON.parse(out.trimEnd().split('\n').at(-1) ?? '');
    expect(last).toMatchObject({
      event: 'error',
      data: { code: 'server_error', message: expect.stringContaining('server had an error') },
    });
  });

  it('writes each line as its event arrives', () => {
    const writer = captureWriter();
    const formatter = createFormatter('ndjson', { out: writer, err: captureWriter(), color: false }, false);
    const event = expectedEvents(fixtureText('text.sse'))[0] as never;
    formatter.event(event);
    expect(writer.text).toBe(`${JSON.stringify(event)}\n`);
  });
});

describe('sse', () => {
  it.each(['text.sse', 'code-interpreter.sse', 'file-search-annotations.sse', 'failed.sse'])(
    'writes %s back so that parsing it gives the same events',
    async (fixture) => {
      const { out } = await render(fixture, 'sse');
      const again = await outcomeOf(parseRunEvents(out));
      expect(again.completed).toBe(true);
      expect(again.values).toEqual(expectedEvents(fixtureText(fixture)));
    },
  );

  it('keeps an event: error, so the replay fails the same way', async () => {
    const { out } = await render('error-event.sse', 'sse');
    const again = await outcomeOf(parseRunEvents(out));
    expect(again.error).toBeInstanceOf(RunStreamError);
    expect((again.error as RunStreamError).code).toBe('server_error');
  });

  it('just stops after Ctrl-C: no [DONE] for a run that did not end', () => {
    const writer = captureWriter();
    const formatter = createFormatter('sse', { out: writer, err: captureWriter(), color: false }, false);
    const outcome: Outcome = {
      run: undefined,
      error: new Interrupted(),
      startedAt: 0,
      firstTokenAt: undefined,
      endedAt: 0,
    };
    formatter.end(outcome);
    expect(writer.text).toBe('');
  });
});
