import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveUI, startLiveUI } from '../../examples/live-ui/server.js';
import { createClient } from '../../src/client/create-client.js';
import { RunStreamError } from '../../src/errors.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { parseRunEvents } from '../../src/sse/parse.js';
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
    const client = createClient({ baseURL: sim.url, apiKey: 'sk-simulator' });
    const cancel = sim.requests().find((r) => r.path.endsWith('/cancel'));
    const [, , threadId, , runId] = (cancel?.path ?? '').split('/').slice(1);
    const run = await client.runs.retrieve(threadId ?? '', runId ?? '');
    expect(['cancelling', 'cancelled']).toContain(run.status);
    expect(errors).toEqual([]);
    await page.close();
  });
});
