import { from, type Observable, type Subscription, switchMap } from 'rxjs';
import { fromFetch } from 'rxjs/fetch';
import { parseRunEvents, type RunSnapshot, type RunStreamEvent, snapshots } from '../../src/index.js';
import { TurnView, userBubble } from './render.js';

const messages = document.querySelector<HTMLElement>('#messages') as HTMLElement;
const status = document.querySelector<HTMLElement>('#status') as HTMLElement;
const form = document.querySelector<HTMLFormElement>('#composer') as HTMLFormElement;
const input = document.querySelector<HTMLTextAreaElement>('#input') as HTMLTextAreaElement;
const send = document.querySelector<HTMLButtonElement>('#send') as HTMLButtonElement;
const stop = document.querySelector<HTMLButtonElement>('#stop') as HTMLButtonElement;

let threadId: string | undefined;
let running: Subscription | undefined;

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

// Unsubscribing aborts the fetch; the server sees the connection close and aborts its own request.
stop.addEventListener('click', () => {
  running?.unsubscribe();
  // The server cancels the stopped run, which takes a moment: the next message starts a new thread.
  threadId = undefined;
  finish('stopped', 'Stopped. The next message starts a new conversation.');
});

function start(text: string): void {
  messages.append(userBubble(text));
  const turn = document.createElement('div');
  turn.className = 'turn';
  turn.style.display = 'contents';
  messages.append(turn);
  const view = new TurnView(turn);
  setStatus('sending', 'Sending…');
  setBusy(true);
  let last: RunSnapshot | undefined;
  running = chat(text)
    .pipe(snapshots())
    .subscribe({
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

/** One turn of the conversation: the relayed run's events, read as they arrive. */
function chat(message: string): Observable<RunStreamEvent> {
  return fromFetch('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, threadId }),
    // With a selector, unsubscribing aborts the fetch even after the response headers arrived.
    selector: (response) => {
      if (response.ok && response.body) return parseRunEvents(response.body);
      return from(response.text()).pipe(
        switchMap((text) => {
          throw new Error(`${response.status}: ${text.slice(0, 200)}`);
        }),
      );
    },
  });
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
