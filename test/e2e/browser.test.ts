import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { Subject } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cancelOnLeave } from '../../examples/live-ui/cancel-on-leave.js';
import { type LiveUI, startLiveUI } from '../../examples/live-ui/server.js';
import { createClient, type RunstreamClient } from '../../src/client/create-client.js';
import { RunStreamError } from '../../src/errors.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { Run } from '../../src/types/run.js';
import { outcomeOf } from '../helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/** The live UI in front of its own simulator, at a given pace. */
async function startStack(tokenDelayMs: number): Promise<{ sim: Simulator; ui: LiveUI }> {
  const sim = await startSimulator({ port: 0, tokenDelayMs });
  const ui = await startLiveUI({ port: 0, simulator: sim });
  return { sim, ui };
}

async function openPage(
  context: BrowserContext,
  ui: LiveUI,
  height = 760,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(ui.url);
  return { page, errors };
}

async function sendMessage(page: Page, text: string): Promise<void> {
  await page.fill('#input', text);
  await page.click('#send');
}

/** The run named by the first cancel request the simulator answered after its `since`th request. */
async function cancelledRun(sim: Simulator, since: number): Promise<Run> {
  const cancel = sim
    .requests()
    .slice(since)
    .find((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
  expect(cancel, 'no cancel request reached the simulator').toBeDefined();
  const [, , threadId, , runId] = (cancel?.path ?? '').split('/').slice(1);
  return createClient({ baseURL: sim.url, apiKey: 'sk-simulator' }).runs.retrieve(
    threadId ?? '',
    runId ?? '',
  );
}

const lastAssistantText = (page: Page) =>
  page.evaluate(
    () => [...document.querySelectorAll('#messages .message.assistant .text')].at(-1)?.textContent ?? '',
  );

describe('the live UI in a real browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let fast: { sim: Simulator; ui: LiveUI };
  let slow: { sim: Simulator; ui: LiveUI };

  beforeAll(async () => {
    // Fails, not skips, without Chromium: .ci/run installs it (apt-get install -y chromium).
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext();
    fast = await startStack(20);
    slow = await startStack(150);
  });

  afterAll(async () => {
    await browser?.close();
    for (const stack of [fast, slow]) {
      await stack?.ui.close();
      await stack?.sim.close();
    }
  });

  it('renders the reply in several steps while the run is in progress', async () => {
    const { page, errors } = await openPage(context, fast.ui);
    // Record the reply's length at every change of the page, with the status at that moment.
    await page.evaluate(() => {
      const samples: Array<{ length: number; state: string }> = [];
      (window as unknown as { __samples: typeof samples }).__samples = samples;
      const status = document.querySelector<HTMLElement>('#status');
      new MutationObserver(() => {
        const text = [...document.querySelectorAll('#messages .message.assistant .text')].at(-1);
        samples.push({ length: text?.textContent?.length ?? 0, state: status?.dataset.state ?? '' });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const message =
      'Streams should arrive a little at a time, one token after another, so the reader sees progress.';
    await sendMessage(page, message);
    await page.waitForSelector('#status[data-state="completed"]');
    const final = await lastAssistantText(page);
    expect(final).toContain(message);
    const samples = await page.evaluate(
      () => (window as unknown as { __samples: Array<{ length: number; state: string }> }).__samples,
    );
    const partial = new Set(
      samples
        .filter((s) => s.state !== 'completed' && s.length > 0 && s.length < final.length)
        .map((s) => s.length),
    );
    expect(partial.size).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows model output that contains HTML as text and never runs it', async () => {
    const { page, errors } = await openPage(context, fast.ui);
    const payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    await sendMessage(page, payload);
    await page.waitForSelector('#status[data-state="completed"]');
    expect(await lastAssistantText(page)).toContain(payload);
    expect(await page.textContent('#messages .message.user')).toBe(payload);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#messages script, #messages img').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows tool calls as cards and follows the run through submit_tool_outputs', async () => {
    const { page, errors } = await openPage(context, fast.ui, 1180);
    await sendMessage(page, 'What is the weather like in Paris? [scenario:function_call]');
    await page.waitForSelector('#status[data-state="completed"]');
    const card = page.locator('.card[data-tool="get_weather"]');
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain('"location": "Paris"');
    expect(await card.textContent()).toContain('"celsius": 21');
    expect(await lastAssistantText(page)).toContain('Here is what I found');
    // A second turn continues the same thread, here with a code interpreter step.
    await sendMessage(page, 'And the square root of 2? [scenario:code_interpreter]');
    await page.waitForSelector('.card[data-tool="code_interpreter"]');
    await page.waitForSelector('#status[data-state="completed"]');
    expect(await page.locator('.message.user').count()).toBe(2);
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('live-ui.png', ARTIFACTS).pathname });
    await page.close();
  });

  it('answers a malformed chat request with 400 and sends nothing upstream', async () => {
    const before = fast.sim.requests().length;
    const response = await fetch(new URL('/api/chat', fast.ui.url), {
      method: 'POST',
      body: '{"message":""}',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('message');
    expect(fast.sim.requests()).toHaveLength(before);
  });

  it('relays an upstream failure to the page as a final error frame', async () => {
    const response = await fetch(new URL('/api/chat', fast.ui.url), {
      method: 'POST',
      body: JSON.stringify({ message: 'hello', threadId: 'thread_missing' }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const outcome = await outcomeOf(parseRunEvents(response.body as ReadableStream<Uint8Array>));
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect((outcome.error as RunStreamError).error).toMatchObject({ type: 'invalid_request_error' });
    expect((outcome.error as RunStreamError).message).toContain('thread_missing');
    expect(fast.ui.activeRelays()).toBe(0);
  });

  it('Stop ends the request to the API and cancels the run', async () => {
    const { sim, ui } = slow;
    const { page, errors } = await openPage(context, ui);
    await sendMessage(
      page,
      'Please take your time with this one: it is a long question, and the answer repeats every word of it slowly.',
    );
    await page.waitForFunction(
      () => (document.querySelector('.message.assistant .text')?.textContent ?? '') !== '',
    );
    expect(sim.streams()).toBe(1);
    expect(ui.activeRelays()).toBe(1);
    await page.click('#stop');
    await expect.poll(() => sim.streams(), { timeout: 2_000 }).toBe(0);
    await expect.poll(() => ui.activeRelays(), { timeout: 2_000 }).toBe(0);
    expect(await page.getAttribute('#status', 'data-state')).toBe('stopped');
    // The route cancels a run the browser left, so the model stops too (not only the relay).
    await expect
      .poll(() => sim.requests().some((r) => r.method === 'POST' && r.path.endsWith('/cancel')))
      .toBe(true);
    expect(['cancelling', 'cancelled']).toContain((await cancelledRun(sim, 0)).status);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a run the browser left before any event of it reached the route', async () => {
    const { sim, ui } = fast;
    const before = sim.requests().length;
    const leave = new AbortController();
    // Sent one byte at a time, the first run event takes many turns of the event loop to reach
    // the route: the browser is gone before it arrives.
    const response = fetch(new URL('/api/chat', ui.url), {
      method: 'POST',
      body: JSON.stringify({ message: 'Hello there [chunking:one_byte]' }),
      signal: leave.signal,
    }).catch(() => undefined);
    const reachedSimulator = () =>
      sim
        .requests()
        .slice(before)
        .some((r) => r.path.endsWith('/threads/runs'));
    await vi.waitFor(() => expect(reachedSimulator()).toBe(true), { interval: 1 });
    leave.abort();
    await response;
    await expect
      .poll(() =>
        sim
          .requests()
          .slice(before)
          .some((r) => r.path.endsWith('/cancel')),
      )
      .toBe(true);
    expect(['cancelling', 'cancelled']).toContain((await cancelledRun(sim, before)).status);
    // Once the run is cancelled, the route stops reading it.
    await expect.poll(() => sim.streams()).toBe(0);
    expect(ui.activeRelays()).toBe(0);
  });
});

describe("cancelOnLeave, the chat route's guard against runs left running", () => {
  const runEvent = {
    event: 'thread.run.created',
    data: { id: 'run_1', object: 'thread.run', thread_id: 'thread_1', status: 'queued' },
  } as unknown as RunStreamEvent;

  /** A source that records its teardown, and a client that records the runs it cancels. */
  function setUp() {
    const events = new Subject<RunStreamEvent>();
    const cancelled: string[] = [];
    const client = {
      runs: { cancel: async (threadId: string, runId: string) => cancelled.push(`${threadId}/${runId}`) },
    } as unknown as Pick<RunstreamClient, 'runs'>;
    return { events, cancelled, client };
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads on after the subscriber left until a run event names the run, then cancels it', () => {
    const { events, cancelled, client } = setUp();
    const seen: RunStreamEvent[] = [];
    events
      .pipe(cancelOnLeave(client))
      .subscribe((event) => seen.push(event))
      .unsubscribe();
    expect(events.observed).toBe(true);
    events.next(runEvent);
    expect(cancelled).toEqual(['thread_1/run_1']);
    expect(events.observed).toBe(false);
    expect(seen).toEqual([]);
  });

  it('gives up after nameWaitMs without a run event, cancelling nothing', () => {
    vi.useFakeTimers();
    const { events, cancelled, client } = setUp();
    events.pipe(cancelOnLeave(client, 1_000)).subscribe().unsubscribe();
    vi.advanceTimersByTime(999);
    expect(events.observed).toBe(true);
    vi.advanceTimersByTime(1);
    expect(events.observed).toBe(false);
    expect(cancelled).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels a named run at once when the subscriber leaves, and an ended one not at all', () => {
    const { events, cancelled, client } = setUp();
    const first = events.pipe(cancelOnLeave(client)).subscribe();
    events.next(runEvent);
    first.unsubscribe();
    expect(cancelled).toEqual(['thread_1/run_1']);
    expect(events.observed).toBe(false);

    const second = events.pipe(cancelOnLeave(client)).subscribe();
    events.next({ ...runEvent, event: 'thread.run.completed' } as RunStreamEvent);
    second.unsubscribe();
    expect(cancelled).toEqual(['thread_1/run_1']);
  });

  it('cancels a named run whose events fail', () => {
    const { events, cancelled, client } = setUp();
    events.pipe(cancelOnLeave(client)).subscribe({ error: () => undefined });
    events.next(runEvent);
    events.error(new Error('connection lost'));
    expect(cancelled).toEqual(['thread_1/run_1']);
  });
});
