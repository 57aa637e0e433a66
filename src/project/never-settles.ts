/**
 * A promise that can never settle: when a module's top-level `await` waits for
 * something nothing will ever do, its import stays pending and Node, finding nothing
 * left to run, would end the process with exit code 13 and no word about why. While
 * such an import is awaited, the moment the event loop runs dry (`beforeExit`) means
 * that nothing can settle it any more: the import is then rejected with `stalled()`,
 * and the error is reported like any other.
 */

/** `promise`, rejected with `stalled()` when the process runs out of work before it settles. */
export function settledOrStalled<T>(promise: Promise<T>, stalled: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onIdle = () => {
      process.off("beforeExit", onIdle);
      reject(stalled());
    };
    process.on("beforeExit", onIdle);
    promise.then(
      (value) => {
        process.off("beforeExit", onIdle);
        resolve(value);
      },
      (error: unknown) => {
        process.off("beforeExit", onIdle);
        reject(error);
      },
    );
  });
}
