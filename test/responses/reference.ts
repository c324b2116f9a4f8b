import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { ResponseStreamEvent as SdkEvent } from 'openai/resources/responses/responses';

/**
 * The official SDK's response after each of `events`: the reference the snapshots are held to.
 * Each is a deep copy, since the SDK changes its snapshot in place.
 */
export function sdkResponses(events: readonly Record<string, unknown>[]): unknown[] {
  let snapshot: ReturnType<typeof accumulateResponse> | undefined;
  return events.map((event) => {
    snapshot = accumulateResponse(structuredClone(event) as unknown as SdkEvent, snapshot);
    return structuredClone(snapshot);
  });
}
