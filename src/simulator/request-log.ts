/**
 * One request the simulator answered, as `requests()` lists it: no headers, so no keys. Kept in
 * a file of its own so the public types of the simulator need no Node type declarations.
 */
export interface SimulatorRequest {
  method: string;
  /** The path without the query, e.g. `/v1/threads/thread_abc/runs`. */
  path: string;
  /** The status answered; 0 when the connection was dropped before any status. */
  status: number;
}
