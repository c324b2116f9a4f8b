import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followSignal, withCallSignal } from '../../src/client/follow-signal.js';

describe('followSignal', () => {
  it('aborts the controller with the reason of the signal it follows', () => {
    const caller = new AbortController();
    const call = new AbortController();
    followSignal(caller.signal, call);
    const reason = new Error('caller gave up');
    caller.abort(reason);
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBe(reason);
  });

  it('aborts at once when the signal already has', () => {
    const call = new AbortController();
    followSignal(AbortSignal.abort('early'), call);
    expect(call.signal.reason).toBe('early');
  });

  it('leaves nothing on the followed signal once unlinked, however many calls there were', () => {
    const caller = new AbortController();
    for (let n = 0; n < 1_000; n++) followSignal(caller.signal, new AbortController())();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    const call = new AbortController();
    followSignal(caller.signal, call)();
    caller.abort();
    expect(call.signal.aborted).toBe(false);
  });
});

describe('withCallSignal', () => {
  it('gives the call a signal that follows the caller’s while it runs, and unlinks it after', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const pending = withCallSignal(caller.signal, (signal) => {
      seen = signal;
      return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    caller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(seen?.aborted).toBe(true);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('unlinks after a call that succeeds', async () => {
    const caller = new AbortController();
    expect(await withCallSignal(caller.signal, async () => 42)).toBe(42);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
