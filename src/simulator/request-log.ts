/**
 * One request the simulator answered, as `requests()` lists it: no headers, so no keys. Kept in
 * a file of its own so the public types of the simulator need no Node type declarations.
 *
 * @example
 * ```ts
 * import { type SimulatorRequest, startSimulator } from 'runstream/simulator';
 *
 * const sim = await startSimulator();
 * // … run the code under test against sim.url, then:
 * const refused = sim.requests().filter((request: SimulatorRequest) => request.status >= 400);
 * console.log(refused.map(({ method, path, status }) => `${method} ${path} ${status}`));
 * await sim.close();
 * ```
 */
export interface SimulatorRequest {
  /** The HTTP method, e.g. `'POST'`. */
  method: string;
  /** The path without the query, e.g. `/v1/threads/thread_abc/runs`. */
  path: string;
  /** The status answered; 0 when the connection was dropped before any status. */
  status: number;
}
