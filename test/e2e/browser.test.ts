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
      headers: { 'content-type': 'application/json' },
      body: '{"message":""}',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('message');
    expect(fast.sim.requests()).toHaveLength(before);
  });

  it('refuses a cross-site POST from another page in the browser, and a text/plain one', async () => {
    const before = fast.sim.requests().length;
    // The slow stack's page is another origin (another port): a page an attacker could control.
    const { page } = await openPage(context, slow.ui);
    const target = new URL('/api/chat', fast.ui.url).href;
    await page.evaluate(async (url) => {
      await fetch(url, {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ message: 'transfer everything' }),
      }).catch(() => undefined);
    }, target);
    const forged = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ message: 'hello' }),
    });
    expect(forged.status).toBe(403);
    const plain = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ message: 'hello' }),
    });
    expect(plain.status).toBe(415);
    expect(fast.sim.requests()).toHaveLength(before);
    await page.close();
  });

  it("refuses another session's thread and run key", async () => {
    const start = await fetch(new URL('/api/chat', fast.ui.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello' }),
    });
    const { key } = await start.json();
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const events = await fetch(new URL(`/api/runs/${key}`, fast.ui.url), { headers: { cookie } });
    const outcome = await outcomeOf(parseRunEvents(events.body as ReadableStream<Uint8Array>));
    expect(outcome.completed).toBe(true);
    const created = outcome.values.find((e) => e.event === 'thread.run.created');
    const threadId = (created?.data as Run | undefined)?.thread_id;
    expect(threadId).toMatch(/^thread_/);
    // Without this session's cookie, neither the run nor the thread is anyone else's to use.
    expect((await fetch(new URL(`/api/runs/${key}`, fast.ui.url))).status).toBe(404);
    const intruder = await fetch(new URL('/api/chat', fast.ui.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello', threadId }),
    });
    expect(intruder.status).toBe(403);
    const owner = await fetch(new URL('/api/chat', fast.ui.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ message: 'hello again', threadId }),
    });
    expect(owner.status).toBe(200);
  });

  it('relays an upstream failure to the page as a final error frame', async () => {
    const start = await fetch(new URL('/api/chat', fast.ui.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello [fault:error_event]' }),
    });
    expect(start.status).toBe(200);
    const { key } = await start.json();
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const response = await fetch(new URL(`/api/runs/${key}`, fast.ui.url), { headers: { cookie } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const outcome = await outcomeOf(parseRunEvents(response.body as ReadableStream<Uint8Array>));
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    await expect.poll(() => fast.ui.activeRelays()).toBe(0);
  });

  it('shows the same reply after a reload mid-run, with no text lost or doubled', async () => {
    const { sim, ui } = slow;
    // Long enough (about 15 s at the slow pace) that the reload lands mid-run on a loaded machine too.
    const message =
      'Reload me halfway and I should still arrive whole, every word once, in order, however long the ' +
      'answer takes to stream, whichever moment the page chooses to reload, and however busy the machine ' +
      'running this test happens to be while the words keep coming one by one.';
    // Fresh contexts: no run key or session left in storage by the tests before this one.
    const fresh = [await browser.newContext(), await browser.newContext()] as const;
    const uncut = await openPage(fresh[0], ui);
    await sendMessage(uncut.page, message);
    await uncut.page.waitForSelector('#status[data-state="completed"]', { timeout: 30_000 });
    const expected = await lastAssistantText(uncut.page);
    await uncut.page.close();
    expect(expected).toContain('every word once');

    const { page, errors } = await openPage(fresh[1], ui);
    await sendMessage(page, message);
    await page.waitForFunction(() => {
      const text = document.querySelector('.message.assistant .text')?.textContent ?? '';
      return text.length > 0;
    });
    const before = await lastAssistantText(page);
    await page.reload();
    await page.waitForSelector('#status[data-state="completed"]', { timeout: 30_000 });
    expect(before.length).toBeLessThan(expected.length);
    expect(await lastAssistantText(page)).toBe(expected);
    expect(await page.locator('.message.user').count()).toBe(1);
    // One run in the simulator for the reloaded page: the reload did not start another.
    expect(sim.requests().filter((r) => r.path.endsWith('/threads/runs')).length).toBe(2);
    expect(errors).toEqual([]);
    for (const each of fresh) await each.close();
  }, 60_000);

  it('Stop cancels the run on the server', async () => {
    const { sim, ui } = slow;
    const since = sim.requests().length;
    const { page, errors } = await openPage(context, ui);
    await sendMessage(
      page,
      'Please take your time with this one: it is a long question, and the answer repeats every word of it slowly.',
    );
    await page.waitForFunction(
      () => (document.querySelector('.message.assistant .text')?.textContent ?? '') !== '',
    );
    expect(ui.activeRelays()).toBe(1);
    await page.click('#stop');
    expect(await page.getAttribute('#status', 'data-state')).toBe('stopped');
    await expect
      .poll(() =>
        sim
          .requests()
          .slice(since)
          .some((r) => r.method === 'POST' && r.path.endsWith('/cancel')),
      )
      .toBe(true);
    expect(['cancelling', 'cancelled']).toContain((await cancelledRun(sim, since)).status);
    await expect.poll(() => ui.activeRelays(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => sim.streams(), { timeout: 5_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
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

  it('reads hostile upstream data (data: null on thread.run.created) without a crash', () => {
    const { events, cancelled, client } = setUp();
    const seen: RunStreamEvent[] = [];
    const errors: unknown[] = [];
    const subscription = events
      .pipe(cancelOnLeave(client))
      .subscribe({ next: (event) => seen.push(event), error: (error) => errors.push(error) });
    const hostile = { event: 'thread.run.created', data: null } as unknown as RunStreamEvent;
    events.next(hostile);
    events.next(runEvent);
    subscription.unsubscribe();
    expect(seen).toEqual([hostile, runEvent]);
    expect(errors).toEqual([]);
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
