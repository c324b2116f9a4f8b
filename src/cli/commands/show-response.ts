import type { Observable, Subscription } from 'rxjs';
import { operate } from '../../operators/operate.js';
import type { Response } from '../../types/responses/index.js';
import type { CliContext } from '../command.js';
import { EXIT, exitCodeForError } from '../exit-codes.js';
import { describeError } from '../failure.js';
import type { FormatName } from '../format/index.js';
import {
  type CliResponseEvent,
  type ResponseFormatter,
  type ResponseOutcome,
  responseDeltaText,
  responseFramedFormatter,
  responseTextFormatter,
} from '../format/response-formatter.js';
import { responsePrettyFormatter } from '../format/response-pretty.js';

const ENDED: ReadonlySet<string> = new Set(['completed', 'incomplete', 'failed', 'cancelled']);

const LIFECYCLE = new Set([
  'response.created',
  'response.queued',
  'response.in_progress',
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/** How {@link showResponse} shows a response. */
interface ShowOptions {
  format: FormatName;
  timing: boolean;
  /**
   * Asked for the response's last state when its events ended cleanly while it was still
   * running: a cancelled background response ends its stream so (the API's stream has no event
   * for a cancel). Resolves with `undefined` when it cannot tell.
   */
  settle?: (response: Response) => Promise<Response | undefined>;
}

/**
 * Shows a response's events in `format`, then the one-line reason on stderr unless it
 * completed. Resolves with the exit status and the outcome; Ctrl-C stops it.
 */
export async function showResponse(
  events$: Observable<CliResponseEvent>,
  context: CliContext,
  options: ShowOptions,
): Promise<{ code: number; outcome: ResponseOutcome }> {
  const formatter = formatterFor(options.format, context, options.timing);
  const outcome = await renderResponse(events$, formatter, context.interrupt, options.settle);
  const reason = reasonFor(outcome);
  if (reason) context.terminal.err.write(`runstream: ${reason}\n`);
  return { code: exitCodeFor(outcome), outcome };
}

function formatterFor(format: FormatName, context: CliContext, timing: boolean): ResponseFormatter {
  switch (format) {
    case 'pretty':
      return responsePrettyFormatter(context.terminal, { timing });
    case 'text':
      return responseTextFormatter(context.terminal.out);
    case 'ndjson':
    case 'sse':
      return responseFramedFormatter(context.terminal.out, format);
  }
}

/** Hands each event to `formatter` as it arrives and resolves with how the response ended; never rejects. */
function renderResponse(
  events$: Observable<CliResponseEvent>,
  formatter: ResponseFormatter,
  signal: AbortSignal,
  settle: ShowOptions['settle'],
): Promise<ResponseOutcome> {
  const startedAt = Date.now();
  let response: Response | undefined;
  let firstTokenAt: number | undefined;
  let done = false;
  return new Promise((resolve) => {
    let subscription: Subscription | undefined;
    const onAbort = () => {
      subscription?.unsubscribe();
      finish(signal.reason);
    };
    const finish = (error: unknown) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      const endedAt = Date.now();
      const stillRunning = error === undefined && response !== undefined && !ENDED.has(response.status ?? '');
      const last = stillRunning && settle && response ? settle(response).catch(() => undefined) : undefined;
      void Promise.resolve(last).then((settled) => {
        let outcome: ResponseOutcome = {
          response: settled ?? response,
          error,
          startedAt,
          firstTokenAt,
          endedAt,
        };
        try {
          formatter.end(outcome);
        } catch (failure) {
          if (error === undefined) outcome = { ...outcome, error: failure };
        }
        resolve(outcome);
      });
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Through operate(): a formatter that throws ends the outcome with that error, not the process.
    const shown = events$.pipe(
      operate<CliResponseEvent, never>(() => ({
        next(event) {
          if (!('unknown' in event) && LIFECYCLE.has(event.type))
            response = (event as { response: Response }).response;
          if (firstTokenAt === undefined && responseDeltaText(event) !== '') firstTokenAt = Date.now();
          formatter.event(event);
        },
      })),
    );
    subscription = shown.subscribe({ error: finish, complete: () => finish(undefined) });
  });
}

/** Function calls a completed response left for the caller to answer. */
function pendingCalls(response: Response): Array<{ name: string; call_id: string }> {
  return response.output.filter((item) => item.type === 'function_call') as Array<{
    name: string;
    call_id: string;
  }>;
}

/** The exit status for how a response ended (the table of `runstream --help`). */
function exitCodeFor(outcome: ResponseOutcome): number {
  if (outcome.error !== undefined) return exitCodeForError(outcome.error);
  const response = outcome.response;
  switch (response?.status) {
    case 'completed':
      return pendingCalls(response).length > 0 ? EXIT.requiresAction : EXIT.completed;
    case 'failed':
      return EXIT.failed;
    case 'incomplete':
      return EXIT.incomplete;
    case 'cancelled':
      return EXIT.cancelled;
    default:
      return EXIT.stream;
  }
}

/** The one line for stderr when the response did not simply complete. */
function reasonFor(outcome: ResponseOutcome): string | undefined {
  if (outcome.error !== undefined) return describeError(outcome.error);
  const response = outcome.response;
  if (!response) return 'the stream ended without any response event';
  switch (response.status) {
    case 'completed': {
      const calls = pendingCalls(response);
      if (calls.length === 0) return undefined;
      const names = calls.map((call) => `${call.name} (${call.call_id})`).join(', ');
      return `response ${response.id} asks for function calls: ${names}; answer them with handleToolCalls, or send function_call_output items with previous_response_id ${response.id}`;
    }
    case 'failed': {
      const error = response.error;
      return `response ${response.id} failed${error ? `: ${error.code ? `${error.code}: ` : ''}${error.message}` : ''}`;
    }
    case 'incomplete':
      return `response ${response.id} ended incomplete (${response.incomplete_details?.reason ?? 'no reason given'})`;
    case 'cancelled':
      return `response ${response.id} was cancelled`;
    default:
      return `the stream ended while response ${response.id} was still ${String(response.status ?? 'unknown').replace('_', ' ')}`;
  }
}
