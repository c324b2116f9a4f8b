import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { checkStream, last, liveFrames, open, settled } from './responses-support.js';
import { call, closeSimulators, eventually, type Frame, frames, simulator } from './support.js';

afterEach(closeSimulators);

const MODEL = 'gpt-4.1-mini';

/** Reads a stream's frames until it ends or breaks; `broken` says whether it broke. */
async function readAll(response: Response): Promise<{ seen: Frame[]; broken: boolean }> {
  const seen: Frame[] = [];
  try {
    for await (const frame of liveFrames(response)) seen.push(frame);
    return { seen, broken: false };
  } catch {
    return { seen, broken: true };
  }
}

function resume(sim: Simulator, id: string, after: number): Promise<Response> {
  return open(sim, 'GET', `/responses/${id}?stream=true&starting_after=${after}`);
}

describe('Responses faults', () => {
  it('http_429 refuses the first attempt with Retry-After; the same body again goes through', async () => {
    const sim = await simulator();
    const body = { model: MODEL, input: 'Hi', metadata: { fault: 'http_429', retry_after: '2' } };
    const refused = await call(sim, 'POST', '/responses', body);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('retry-after-ms')).toBe('2000');
    expect(refused.json.error.code).toBe('rate_limit_exceeded');
    const retried = await call(sim, 'POST', '/responses', body);
    expect(retried.json.status).toBe('completed');
  });

  it('cut: the stream drops mid-event after fault_after events; a resume after the last one gets the rest', async () => {
    const sim = await simulator();
    const cut = await readAll(
      await open(sim, 'POST', '/responses', {
        model: MODEL,
        input: 'Hi',
        background: true,
        stream: true,
        metadata: { fault: 'cut', fault_after: '6' },
      }),
    );
    expect(cut.broken).toBe(true);
    expect(cut.seen).toHaveLength(6);
    const id = cut.seen[0]?.json.response.id;
    const rest = await readAll(await resume(sim, id, 5));
    expect(rest.broken).toBe(false);
    expect(last(rest.seen).type).toBe('response.completed');
    checkStream([...cut.seen, ...rest.seen], true);
  });

  it('fault_times counts the streams a fault strikes, the creating one included: cut twice, every event once', async () => {
    const sim = await simulator();
    const metadata = {
      scenario: 'slow',
      token_delay_ms: '1',
      fault: 'cut',
      fault_after: '5',
      fault_times: '2',
    };
    const first = await readAll(
      await open(sim, 'POST', '/responses', {
        model: MODEL,
        input: 'x',
        background: true,
        stream: true,
        metadata,
      }),
    );
    const id = first.seen[0]?.json.response.id;
    const second = await readAll(await resume(sim, id, last(first.seen).sequence_number));
    const third = await readAll(await resume(sim, id, last(second.seen).sequence_number));
    expect([first.broken, second.broken, third.broken]).toEqual([true, true, false]);
    expect(second.seen).toHaveLength(5);
    const whole = [...first.seen, ...second.seen, ...third.seen];
    checkStream(whole, true);
    expect(last(whole).type).toBe('response.completed');
  });

  it('http_503 on the resume GET: refused with Retry-After once, then the stream', async () => {
    const sim = await simulator();
    const body = { model: MODEL, input: 'Hi', background: true, metadata: { fault: 'http_503' } };
    expect((await call(sim, 'POST', '/responses', body)).status).toBe(503);
    const created = await call(sim, 'POST', '/responses', body);
    const path = `/responses/${created.json.id}?stream=true&starting_after=0`;
    const refused = await call(sim, 'GET', path);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('0');
    const replay = frames((await call(sim, 'GET', path)).text);
    expect(replay[0]?.json.sequence_number).toBe(1);
    expect(last(replay).type).toBe('response.completed');
  });

  it('stall: the stream goes silent with its socket open while the response runs on', async () => {
    const sim = await simulator();
    const response = await open(sim, 'POST', '/responses', {
      model: MODEL,
      input: 'Hi',
      background: true,
      stream: true,
      metadata: { fault: 'stall', fault_after: '4' },
    });
    const seen: Frame[] = [];
    const reading = (async () => {
      for await (const frame of liveFrames(response)) seen.push(frame);
    })().catch(() => {});
    await eventually(() => seen.length === 4);
    const id = seen[0]?.json.response.id;
    expect((await settled(sim, id)).json.status).toBe('completed');
    expect(seen).toHaveLength(4);
    expect(sim.streams()).toBe(1);
    await sim.close();
    await reading;
  });

  it('error_event: an error event takes the next number, the stream ends, and the response fails', async () => {
    const sim = await simulator();
    const answer = await call(sim, 'POST', '/responses', {
      model: MODEL,
      input: 'Hi',
      background: true,
      stream: true,
      metadata: { fault: 'error_event', fault_after: '5' },
    });
    const list = frames(answer.text);
    expect(list).toHaveLength(6);
    expect(last(list)).toEqual({
      type: 'error',
      sequence_number: 5,
      code: 'server_error',
      message: expect.any(String),
      param: null,
    });
    expect(list[5]?.event).toBe('error');
    const id = list[0]?.json.response.id;
    const failed = await settled(sim, id);
    expect(failed.json).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });

  it('odd chunk boundaries give the same frames', async () => {
    const sim = await simulator();
    const plain = frames(
      (await call(sim, 'POST', '/responses', { model: MODEL, input: 'Grüße 👋', stream: true })).text,
    );
    for (const chunking of ['one_byte', 'mid_char', 'random']) {
      const answer = await call(sim, 'POST', '/responses', {
        model: MODEL,
        input: 'Grüße 👋',
        stream: true,
        metadata: { chunking },
      });
      const split = frames(answer.text);
      expect(split.map((f) => f.json.type)).toEqual(plain.map((f) => f.json.type));
      checkStream(split);
    }
  });
});
