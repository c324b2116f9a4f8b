import { Observable, type Observer, type OperatorFunction, type Subscriber } from 'rxjs';

/**
 * What an operator built with {@link operate} does with the values of its source.
 *
 * @example
 * ```ts
 * const doubler: OperatorHandlers<number, number> = { next: (n, out) => out.next(n * 2) };
 * ```
 */
export interface OperatorHandlers<T, R> {
  /** Called for each value of the source; a throw errors the output and stops the source. */
  next(value: T, subscriber: Subscriber<R>): void;
  /** Called when the source completes; completes the output unless it ended it itself. Default: complete. */
  complete?(subscriber: Subscriber<R>): void;
  /** Called when the output is torn down (error, completion or unsubscription). */
  finalize?(): void;
}

/**
 * The one idiom every operator is built on (as rxjs has its internal `operate`): it subscribes to
 * the source and routes any throw from `next` or `complete` to the subscriber's `error`, and
 * unsubscribes the source, so that no operator can crash a user's process with an uncaught
 * exception or end a stream as `complete` with events lost.
 *
 * @param setup Called once per subscription, so per-subscription state lives in its closure.
 * @returns An rxjs operator function.
 *
 * @example
 * ```ts
 * const lengths = (): OperatorFunction<string, number> =>
 *   operate(() => ({ next: (text, out) => out.next(text.length) }));
 * ```
 */
export function operate<T, R>(setup: () => OperatorHandlers<T, R>): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let handlers: OperatorHandlers<T, R>;
      try {
        handlers = setup();
      } catch (error) {
        subscriber.error(error);
        return;
      }
      const observer: Partial<Observer<T>> = {
        next(value) {
          try {
            handlers.next(value, subscriber);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          try {
            if (handlers.complete) handlers.complete(subscriber);
            else subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      };
      const subscription = source.subscribe(observer);
      return () => {
        subscription.unsubscribe();
        handlers.finalize?.();
      };
    });
}
