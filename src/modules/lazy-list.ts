/**
 * Lists whose elements are computed when read (nixpkgs lists are lazy in their
 * elements): the length of a merged `listOf` depends on the elements' conditions only,
 * and an element that fails to merge fails when it is read, not when the list is.
 * An element is an accessor until first read, then a plain (writable) data element.
 */

/** Lists that still have elements not read yet, with how many. */
const pending = new WeakMap<unknown[], number>();

/** Makes `list[i]` the value of `compute()`, computed when first read. */
export function lazyElement<T>(list: T[], i: number, compute: () => T): void {
  pending.set(list, (pending.get(list) ?? 0) + 1);
  let settled = false;
  const settle = (value: T) => {
    Object.defineProperty(list, i, { value, writable: true, enumerable: true, configurable: true });
    if (settled) return;
    settled = true;
    const n = pending.get(list)! - 1;
    if (n === 0) pending.delete(list);
    else pending.set(list, n);
  };
  Object.defineProperty(list, i, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}

/** Whether some element of `list` is still to be computed (reading it would compute it). */
export function hasLazyElements(list: readonly unknown[]): boolean {
  return pending.has(list as unknown[]);
}
