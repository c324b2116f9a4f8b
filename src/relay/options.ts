/** The data of the final `error` frame a relay writes: what a browser may see of the failure. */
export interface RelayErrorData {
  message: string;
  code: string | null;
  type: string | null;
}

/** Options of {@link toNDJSON}, shared by {@link toServerSentEvents}. */
export interface RelayOptions {
  /**
   * Maps the error that ended the events to the data of the final `error` frame. Whatever it
   * returns goes to the client, so it must not include secrets or stacks. Default: {@link relayErrorData}.
   */
  errorData?: (error: unknown) => RelayErrorData;
}

/** Options of {@link toServerSentEvents}. */
export interface ServerSentEventsOptions extends RelayOptions {
  /**
   * Milliseconds of silence after which a `: keep-alive` comment is written, so that proxies and
   * browsers do not close an idle connection while the model thinks. `0` turns it off. Default: 15 000.
   */
  keepAliveMs?: number;
}

/** The defaults of the relay options, in one place. */
export const RELAY_DEFAULTS = {
  keepAliveMs: 15_000,
} as const;
