import { from, type Observable, type Subscription, switchMap } from 'rxjs';
import { followRelay, type RunSnapshot, type RunStreamEvent, snapshots } from '../../src/index.js';
import { TurnView, userBubble } from './render.js';

/** The run in progress, kept across reloads and shared with the other tabs of this browser. */
const CURRENT = 'runstream.live-ui.run';
interface Current {
  key: string;
  message: string;
}

const messages = document.querySelector<HTMLElement>('#messages') as HTMLElement;
const status = document.querySelector<HTMLElement>('#status') as HTMLElement;
const form = document.querySelector<HTMLFormElement>('#composer') as HTMLFormElement;
const input = document.querySelector<HTMLTextAreaElement>('#input') as HTMLTextAreaElement;
const send = document.querySelector<HTMLButtonElement>('#send') as HTMLButtonElement;
const stop = document.querySelector<HTMLButtonElement>('#stop') as HTMLButtonElement;

let threadId: string | undefined;
let running: Subscription | undefined;
let currentKey: string | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || running) return;
  input.value = '';
  start(text);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// Leaving (a reload, a closed tab) stops nothing on the server; Stop cancels the run there.
stop.addEventListener('click', () => {
  const key = currentKey;
  running?.unsubscribe();
  if (key) void fetch(`/api/runs/${key}/cancel`, { method: 'POST' });
  // The cancelled run takes a moment to end: the next message starts a new thread.
  threadId = undefined;
  finish('stopped', 'Stopped. The next message starts a new conversation.');
});

// A run that was in progress when the page was left (or that another tab started) goes on here.
const resumed = readCurrent();
if (resumed) follow(resumed, followRelay(`/api/runs/${resumed.key}`));

function start(text: string): void {
  follow(
    { key: '', message: text },
    from(startRun(text)).pipe(
      switchMap((key) => {
        const current = { key, message: text };
        currentKey = key;
        localStorage.setItem(CURRENT, JSON.stringify(current));
        return followRelay(`/api/runs/${key}`);
      }),
    ),
  );
}

function follow(current: Current, events$: Observable<unknown>): void {
  currentKey = current.key || undefined;
  const text = current.message;
  messages.append(userBubble(text));
  const turn = document.createElement('div');
  turn.className = 'turn';
  turn.style.display = 'contents';
  messages.append(turn);
  const view = new TurnView(turn);
  setStatus('sending', 'Sending…');
  setBusy(true);
  let last: RunSnapshot | undefined;
  running = (events$ as Observable<RunStreamEvent>).pipe(snapshots()).subscribe({
    next: (snapshot) => {
      last = snapshot;
      threadId = snapshot.run?.thread_id ?? threadId;
      view.render(snapshot);
      setStatus(...statusOf(snapshot));
      turn.lastElementChild?.scrollIntoView({ block: 'end' });
    },
    error: (error: unknown) => {
      // The server cancels a run that ended in an error; the next message starts afresh.
      threadId = undefined;
      finish('error', `Error: ${error instanceof Error ? error.message : String(error)}`);
    },
    complete: () => finish(...(last ? statusOf(last) : (['completed', 'Done.'] as const))),
  });
}

/** Starts one turn of the conversation on the server; its key names the run in the relay. */
async function startRun(message: string): Promise<string> {
  const response = await fetch('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, threadId }),
  });
  const body = (await response.json().catch(() => ({}))) as { key?: string; error?: { message?: string } };
  if (!response.ok || !body.key)
    throw new Error(`${response.status}: ${body.error?.message ?? 'no run key'}`);
  return body.key;
}

function readCurrent(): Current | undefined {
  try {
    const current = JSON.parse(localStorage.getItem(CURRENT) ?? 'null') as Current | null;
    return current && typeof current.key === 'string' && typeof current.message === 'string'
      ? current
      : undefined;
  } catch {
    return undefined;
  }
}

type StatusLine = readonly [state: string, text: string];

function statusOf({ run, messages: runMessages }: RunSnapshot): StatusLine {
  if (!run) return ['sending', 'Starting…'];
  switch (run.status) {
    case 'queued':
      return ['queued', 'Queued…'];
    case 'in_progress':
      return ['in_progress', runMessages.some((m) => m.status === 'in_progress') ? 'Writing…' : 'Thinking…'];
    case 'requires_action':
      return ['requires_action', 'Calling tools…'];
    case 'completed':
      return ['completed', `Completed${run.usage ? ` · ${run.usage.total_tokens} tokens` : ''}.`];
    case 'failed':
      return ['failed', `Failed: ${run.last_error?.message ?? 'no reason given'}`];
    case 'incomplete':
      return ['incomplete', `Incomplete: ${run.incomplete_details?.reason ?? 'no reason given'}`];
    default:
      return [run.status, `Run ${run.status.replace('_', ' ')}.`];
  }
}

function finish(state: string, text: string): void {
  running = undefined;
  currentKey = undefined;
  localStorage.removeItem(CURRENT);
  setStatus(state, text);
  setBusy(false);
}

function setStatus(state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

function setBusy(busy: boolean): void {
  send.disabled = busy;
  stop.disabled = !busy;
  if (!busy) input.focus();
}
