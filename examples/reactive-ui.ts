// For reactive apps: `snapshots()` turns events into immutable states of the run, rxjs operators
// shape them for a UI — at most one frame per 50 ms, and only when something visible changed.
// Here each frame is a line on stdout; in an app it would be a render.
//
//   npx tsx examples/reactive-ui.ts
import { asyncScheduler, distinctUntilChanged, lastValueFrom, map, tap, throttleTime } from 'rxjs';
import { type RunSnapshot, snapshots } from '../src/index.js';
import { connect, runAsScript } from './connect.js';

/** What the UI shows: the run's status and the assistant's text so far. */
interface Frame {
  status: string;
  text: string;
}

export async function main(
  message = process.argv[2] ?? 'Tell me something nice about reactive streams.',
): Promise<void> {
  const { client, assistant, close } = await connect({ tokenDelayMs: 10 });
  try {
    const assistantId = await assistant({
      name: 'runstream reactive ui',
      instructions: 'Answer in two sentences.',
    });
    let frames = 0;
    const last = await lastValueFrom(
      client.threads
        .createAndRunStream({
          assistant_id: assistantId,
          thread: { messages: [{ role: 'user', content: message }] },
        })
        .pipe(
          snapshots(),
          // Leading and trailing: the first state at once, the latest at the end of each window.
          throttleTime(50, asyncScheduler, { leading: true, trailing: true }),
          map(toFrame),
          distinctUntilChanged((a, b) => a.status === b.status && a.text === b.text),
          tap((frame) => console.log(`frame ${++frames} [${frame.status}] ${frame.text}`)),
        ),
    );
    console.log(`${frames} frames; final status ${last.status}`);
    if (last.status !== 'completed') process.exitCode = 1;
  } finally {
    await close();
  }
}

function toFrame(snapshot: RunSnapshot): Frame {
  const text = snapshot.messages
    .filter((message) => message.role === 'assistant')
    .flatMap((message) => message.content)
    .map((part) => (part.type === 'text' ? part.text.value : ''))
    .join('');
  return { status: snapshot.run?.status ?? 'starting', text };
}

runAsScript(import.meta, () => main());
