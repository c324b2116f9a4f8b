import { guardFor, RunstreamBaseError } from './base.js';

/**
 * `snapshots()` met an event it cannot apply, such as a delta for an id that was never created.
 *
 * @example
 * ```ts
 * run$.pipe(snapshots()).subscribe({ error: (e) => e instanceof SnapshotError && console.error(e.id) });
 * ```
 */
export class SnapshotError extends RunstreamBaseError {
  override name = 'SnapshotError';
  /** The name (or Responses `type`) of the event that could not be applied. */
  readonly event: string;
  /** The id the event is about, or a placeholder such as `'(no id)'` when its data had none. */
  readonly id: string;
  /**
   * Makes the error of one event the snapshot cannot take.
   *
   * @param event - The event's name or type.
   * @param id - The id it names.
   * @param detail - What is wrong with it, for the message.
   */
  constructor(event: string, id: string, detail: string) {
    super(`Cannot apply ${event} for ${id}: ${detail}`);
    this.event = event;
    this.id = id;
  }
}

/**
 * `handleToolCalls` could not produce an output for a tool call, or could not submit a round's
 * outputs. The run was cancelled, unless
 * `runCancelled` is false (the cancel request failed too; the run waits in `requires_action`).
 *
 * @example
 * ```ts
 * run$.pipe(handleToolCalls(client, handlers)).subscribe({
 *   error: (e) => e instanceof ToolCallError && console.error(e.tool, e.callId, e.runCancelled),
 * });
 * ```
 */
export class ToolCallError extends RunstreamBaseError {
  override name = 'ToolCallError';
  /** The function's name; for a round whose outputs could not be submitted, every name, joined (see `tools`). */
  readonly tool: string;
  /** The call's id; for a round whose outputs could not be submitted, every id, joined (see `callIds`). */
  readonly callId: string;
  /** Every call the error is about: one, or the whole round when its outputs could not be submitted. */
  readonly calls: ReadonlyArray<{ tool: string; callId: string }>;
  /** The function name of every call the error is about, in the order of `calls`. */
  readonly tools: readonly string[];
  /** The id of every call the error is about, in the order of `calls`. */
  readonly callIds: readonly string[];
  /** What went wrong with the call, without the sentence about the run. */
  readonly detail: string;
  /** Whether the run was cancelled; `false` when the cancel request failed too. */
  readonly runCancelled: boolean;
  /**
   * Makes the error of one failed call, or of a round whose outputs could not be submitted.
   *
   * @param tool - The function's name (for a round: every name, joined).
   * @param callId - The call's id (for a round: every id, joined).
   * @param detail - What went wrong, for the message and `detail`.
   * @param options - `runCancelled` (default `true`), `calls` (default the one call) and `cause`.
   */
  constructor(
    tool: string,
    callId: string,
    detail: string,
    options?: ErrorOptions & {
      runCancelled?: boolean;
      calls?: ReadonlyArray<{ tool: string; callId: string }>;
    },
  ) {
    const runCancelled = options?.runCancelled ?? true;
    const calls = options?.calls ?? [{ tool, callId }];
    const outcome = runCancelled
      ? 'The run was cancelled.'
      : 'Cancelling the run failed as well; cancel it with runs.cancel() or it stays in requires_action until it expires.';
    const which = calls.map((call) => `${call.callId} to "${call.tool}"`).join(', ');
    super(`Tool call${calls.length === 1 ? '' : 's'} ${which} failed: ${detail}. ${outcome}`, options);
    this.tool = tool;
    this.callId = callId;
    this.calls = calls;
    this.tools = calls.map((call) => call.tool);
    this.callIds = calls.map((call) => call.callId);
    this.detail = detail;
    this.runCancelled = runCancelled;
  }
}

/**
 * Whether `error` is a {@link ToolCallError}, from this copy of the package or another.
 *
 * @param error - Anything caught.
 * @returns `true` when a tool call could not be answered.
 *
 * @example
 * ```ts
 * run$.pipe(handleToolCalls(client, handlers)).subscribe({ error: (e) => isToolCallError(e) && console.error(e.tools) });
 * ```
 */
export const isToolCallError = guardFor<ToolCallError>('ToolCallError');
