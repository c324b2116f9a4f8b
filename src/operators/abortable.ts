import { isObservable, Observable, type Subscription } from 'rxjs';

/**
 * A cold observable of `call`: a plain value or a Promise emits once, an Observable is followed.
 * Unsubscribing aborts the signal `call` received.
 */
export function abortable<T>(
  call: (signal: AbortSignal) => T | PromiseLike<T> | Observable<T>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let inner: Subscription | undefined;
    try {
      const result = call(controller.signal);
      if (isObservable(result)) {
        inner = result.subscribe(subscriber);
      } else {
        Promise.resolve(result).then(
          (value) => {
            subscriber.next(value);
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
      }
    } catch (error) {
      subscriber.error(error);
    }
    return () => {
      inner?.unsubscribe();
      controller.abort();
    };
  });
}
