import { Observable, type Subscriber } from 'rxjs';
import { RelayKeyError } from '../errors/relay.js';
import { loggedError, positionAfter } from './entry-id.js';
import type { EventLog, LogEnd, LogEntry } from './event-log.js';

interface Run {
  entries: LogEntry[];
  end: LogEnd | undefined;
  /** Each reader's catch-up function, called after every append. */
  readers: Set<() => void>;
}

/**
 * An {@link EventLog} in this process's memory: the default of {@link createRelay}. Readers
 * replay an array and are called back on each append, so it costs a relay little more than
 * relaying directly; runs live as long as the process. Use `redisEventLog` (`runstream/redis`)
 * when several processes serve the same runs.
 *
 * @returns A new, empty log.
 * @see {@link createRelay}, whose `log` it is.
 *
 * @example
 * ```ts
 * const relay = createRelay({ log: memoryEventLog(), ttlMs: 60_000 });
 * ```
 */
export function memoryEventLog(): EventLog {
  const runs = new Map<string, Run>();
  const runOf = (key: string): Run => {
    const run = runs.get(key);
    if (!run) throw new RelayKeyError(key, 'unknown');
    return run;
  };
  const wake = (run: Run) => {
    for (const reader of run.readers) reader();
  };
  return {
    open(key) {
      if (runs.has(key)) throw new RelayKeyError(key, 'taken');
      runs.set(key, { entries: [], end: undefined, readers: new Set() });
    },
    append(key, entries) {
      const run = runOf(key);
      for (const entry of entries) run.entries.push(entry);
      wake(run);
    },
    heartbeat(key) {
      runOf(key);
    },
    end(key, end, ttlMs) {
      const run = runOf(key);
      run.end = end;
      wake(run);
      const timer = setTimeout(() => {
        if (runs.get(key) === run) runs.delete(key);
      }, ttlMs);
      // A kept run must not hold a Node process open; browsers have no unref.
      (timer as { unref?: () => void }).unref?.();
    },
    read: (key, after) =>
      new Observable<LogEntry>((subscriber) => {
        const run = runOf(key);
        let next = positionAfter(after);
        const catchUp = () => drain(run, subscriber, next, (position) => (next = position));
        catchUp();
        if (subscriber.closed) return;
        run.readers.add(catchUp);
        return () => run.readers.delete(catchUp);
      }),
  };
}

/** Emits the entries from `from` on, then the end if there is one; reports how far it got. */
function drain(
  run: Run,
  subscriber: Subscriber<LogEntry>,
  from: number,
  reached: (next: number) => void,
): void {
  let next = from;
  const entries = run.entries;
  while (next < entries.length && !subscriber.closed) subscriber.next(entries[next++] as LogEntry);
  reached(next);
  if (subscriber.closed || !run.end || next < entries.length) return;
  if ('error' in run.end) subscriber.error(loggedError(run.end.error));
  else subscriber.complete();
}
