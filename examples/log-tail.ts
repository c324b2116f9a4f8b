// A log tailer: every event of a run as one JSON line on stdout, written the moment it arrives,
// for `jq`, `tail -f` and log shippers. The last line is `done`, or `error` with the reason.
//
//   npx tsx examples/log-tail.ts | jq -c 'select(.event == "thread.run.completed") | .data.usage'
//   npx tsx examples/log-tail.ts >> runs.ndjson &  tail -f runs.ndjson
import { toNDJSON } from '../src/index.js';
import { connect, runAsScript } from './connect.js';

export async function main(
  message = process.argv[2] ?? 'Log every step of this run, please.',
): Promise<void> {
  const { client, assistant, close } = await connect();
  try {
    const assistantId = await assistant({ name: 'runstream log tail', instructions: 'Be brief.' });
    const events$ = client.threads.createAndRunStream(
      { assistant_id: assistantId, thread: { messages: [{ role: 'user', content: message }] } },
      // Events this version does not know yet belong in a log too.
      { unknownEvents: 'emit' },
    );
    // A ReadableStream of bytes, one `{"event":…,"data":…}` line per event, written as it comes.
    const lines = toNDJSON(events$).getReader();
    for (let next = await lines.read(); !next.done; next = await lines.read())
      process.stdout.write(next.value);
  } finally {
    await close();
  }
}

runAsScript(import.meta, () => main());
