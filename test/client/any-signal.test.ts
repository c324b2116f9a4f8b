import { afterEach, describe, expect, it } from 'vitest';
import { anySignal } from '../../src/client/any-signal.js';

const native = AbortSignal.any;

describe.each([
  ['with AbortSignal.any', native],
  ['without AbortSignal.any (older runtimes)', undefined],
])('anySignal %s', (_label, any) => {
  afterEach(() => {
    AbortSignal.any = native;
  });

  it('aborts with the reason of whichever signal aborts first', () => {
    (AbortSignal as { any?: typeof native }).any = any;
    const a = new AbortController();
    const b = new AbortController();
    const both = anySignal([a.signal, b.signal]);
    expect(both.aborted).toBe(false);
    const reason = new Error('b went first');
    b.abort(reason);
    a.abort(new Error('too late'));
    expect(both.aborted).toBe(true);
    expect(both.reason).toBe(reason);
  });

  it('is aborted at once when a signal already is', () => {
    (AbortSignal as { any?: typeof native }).any = any;
    const done = new AbortController();
    done.abort('early');
    const both = anySignal([new AbortController().signal, done.signal]);
    expect(both.aborted).toBe(true);
    expect(both.reason).toBe('early');
  });
});

describe('anySignal with one signal', () => {
  it('returns that signal itself', () => {
    const signal = new AbortController().signal;
    expect(anySignal([signal])).toBe(signal);
  });
});
