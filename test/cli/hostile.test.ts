import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/program.js';
import { captureTerminal } from './support.js';

const RUN = {
  id: 'run_1',
  object: 'thread.run',
  thread_id: 'thread_1',
  assistant_id: 'asst_1',
  status: 'in_progress',
};
const MESSAGE = {
  id: 'msg_1',
  object: 'thread.message',
  role: 'assistant',
  status: 'in_progress',
  content: [],
};

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

function replay(input: string, format: string, isTTY = false) {
  const terminal = captureTerminal({ isTTY });
  const context: CliContext = {
    terminal,
    env: {},
    stdin: Readable.from([input]),
    interrupt: new AbortController().signal,
  };
  return runCli(['replay', '-', '--format', format], context).then((code) => ({
    code,
    out: terminal.out.text,
    err: terminal.err.text,
  }));
}

const PREFIX = frame('thread.run.created', RUN) + frame('thread.message.created', MESSAGE);

describe('the command line and a hostile stream', () => {
  for (const format of ['text', 'pretty', 'ndjson']) {
    it(`says in one line which event was malformed and exits 7 (--format ${format})`, async () => {
      for (const data of [{ id: 'msg_1' }, { id: 'msg_1', delta: { content: 5 } }, null]) {
        const { code, err } = await replay(`${PREFIX}${frame('thread.message.delta', data)}`, format);
        expect(code).toBe(7);
        expect(err.trimEnd().split('\n')).toHaveLength(1);
        expect(err).toContain('thread.message.delta');
        expect(err).not.toMatch(/\n\s+at /);
      }
    });
  }

  it('strips control sequences from text shown on a terminal, and only there', async () => {
    const hostile =
      'Hi\x1b]52;c;ZXZpbA==\x07 there\x1b[2J\x1b[H\x1b]0;pwned\x1b\\\x1b[1A\x1b[2K\r\x9b31m\x07\x08!\tok\n';
    const delta = { id: 'msg_1', delta: { content: [{ index: 0, type: 'text', text: { value: hostile } }] } };
    const input = `${PREFIX}${frame('thread.message.delta', delta)}${frame('thread.run.completed', { ...RUN, status: 'completed' })}`;
    for (const [format, isTTY] of [
      ['pretty', false],
      ['pretty', true],
      ['text', true],
    ] as const) {
      const { code, out } = await replay(input, format, isTTY);
      expect(code).toBe(0);
      expect(out).toContain('Hi there!\tok\n');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the test looks for
      expect(out).not.toMatch(/\]52|pwned|\x07|\x08|\x9b|\x1b\[(2J|H|1A)/);
    }
    const piped = await replay(input, 'text', false);
    expect(piped.out).toBe(hostile);
  });

  it('names the file and what it expected when a replay is not a recording', async () => {
    const { code, err } = await replay('{"not":"a recording"}\n', 'text');
    expect(code).toBe(2);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain('standard input');
    expect(err).toMatch(/server-sent events/);
    expect(err).not.toContain('runs.retrieve');
  });
});
