// A reactive app on the Responses API: `snapshots()` turns events into immutable states of the
// response, rxjs operators shape them for a UI — at most one frame per 50 ms, and only when
// something visible changed. The UI code is the same as for runs (examples/reactive-ui.ts): only
// the source observable and the import path differ. With `background: true`, a cut connection
// is resumed where it stopped, so the frames never skip a word.
//
//   npx tsx examples/responses-reactive.ts "Tell me about reactive streams"
import { asyncScheduler, distinctUntilChanged, lastValueFrom, map, tap, throttleTime } from 'rxjs';
import { type ResponseSnapshot, snapshots } from '../src/responses/index.js';
import { connect, runAsScript } from './connect.js';

/** What the UI shows: the response's status, its reasoning summary and its text so far. */
interface Frame {
  status: string;
  thinking: string;
  text: string;
}

export async function main(
  message = process.argv[2] ?? 'Tell me something nice about reactive streams.',
): Promise<void> {
  const { client, simulated, close } = await connect({
    tokenDelayMs: 10,
    azureApiVersion: '2025-04-01-preview',
  });
  try {
    let frames = 0;
    const last = await lastValueFrom(
      client.responses
        .stream({
          ...(client.config.deployment ? {} : { model: process.env.OPENAI_MODEL ?? 'gpt-5-mini' }),
          instructions: 'Answer in two sentences.',
          input: message,
          background: true,
          ...(simulated ? { metadata: { scenario: 'reasoning' } } : {}),
        })
        .pipe(
          snapshots(),
          // Leading and trailing: the first state at once, the latest at the end of each window.
          throttleTime(50, asyncScheduler, { leading: true, trailing: true }),
          map(toFrame),
          distinctUntilChanged(
            (a, b) => a.status === b.status && a.text === b.text && a.thinking === b.thinking,
          ),
          tap((frame) => {
            const thinking = frame.thinking ? ` (${frame.thinking})` : '';
            console.log(`frame ${++frames} [${frame.status}]${thinking} ${frame.text}`);
          }),
        ),
    );
    console.log(`${frames} frames; final status ${last.status}`);
    if (last.status !== 'completed') process.exitCode = 1;
  } finally {
    await close();
  }
}

function toFrame({ response }: ResponseSnapshot): Frame {
  let text = '';
  let thinking = '';
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) text += part.type === 'output_text' ? part.text : part.refusal;
    } else if (item.type === 'reasoning') {
      thinking = item.summary.map((part) => part.text).join(' ');
    }
  }
  return { status: response.status ?? 'starting', thinking, text };
}

runAsScript(import.meta, () => main());
