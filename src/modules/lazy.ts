/**
 * Deferred values and cycle detection.
 *
 * `lazy(() => ...)` marks a value computed when the module system needs it, not when
 * the module function runs; it is the explicit form of a getter. The thunk is not
 * cached by itself: an evaluation caches the option values it computes, so the same
 * module can serve several evaluations (`extendModules`).
 *
 * Every cached computation runs inside `guard`, which keeps the trail of option paths
 * being computed; computing one that is already on the trail is a cycle, reported as
 * that trail (and a JavaScript stack overflow is turned into the same report).
 */
import { isModuleError, ModuleError } from "./errors/module-error.js";
import { showOption } from "./errors/render.js";
import { isStackOverflow } from "./errors/stack-overflow.js";
import { isGenuineError, locatedThrow } from "./errors/thrown.js";

/** A deferred value (see {@link lazy}). */
export class Lazy<T = unknown> {
  constructor(readonly thunk: () => T) {}
}

/**
 * Defers a value that reads `config` until it is needed.
 *
 * @example
 * ({ config }) => ({ config: { url: lazy(() => `http://${config.host}`) } })
 */
export function lazy<T>(thunk: () => T): T {
  return new Lazy(thunk) as unknown as T;
}

/** Whether `v` is a {@link lazy} value. */
export function isLazy(v: unknown): v is Lazy {
  return v instanceof Lazy;
}

/** One computation on the trail: an option path and the files that define it. */
export interface Frame {
  readonly path: readonly string[];
  readonly files: readonly string[];
}

const trail: Frame[] = [];
let overflowTrail: Frame[] | undefined;

function cycleError(frames: readonly Frame[], overflow: boolean): ModuleError {
  const shown = frames.map((f) => ({ path: showOption(f.path), files: f.files }));
  const chain = shown
    .map((f) => `  ${f.path}${f.files.length ? `  (defined in ${f.files.join(", ")})` : ""}`)
    .join("\n");
  const first = shown[0]?.path ?? "<unknown>";
  return new ModuleError({
    code: "INFINITE_RECURSION",
    message: overflow
      ? `infinite recursion encountered: evaluation went too deep while computing \`${first}'. The innermost options were:\n${chain}`
      : `infinite recursion encountered: \`${first}' depends on itself:\n${chain}\n  ${first}`,
    optionPath: frames[0]?.path ?? [],
    trail: shown,
    hint: "Break the cycle: one of these values must not read the next (use a default, or read another option).",
  });
}

/**
 * Runs `fn` as the computation of `frame`, on the trail; a stack overflow inside it is
 * reported as a too-deep evaluation with the innermost frames (see `reentered` for cycles).
 */
export function guard<T>(frame: Frame, fn: () => T): T {
  enterFrame(frame);
  try {
    return fn();
  } catch (e) {
    throw frameError(e, frame);
  } finally {
    leaveFrame();
  }
}

/** Puts `frame` on the trail (what `guard` does around its function, for callers that make no closure). */
export function enterFrame(frame: Frame): void {
  trail.push(frame);
}

/** Takes the innermost frame off the trail. */
export function leaveFrame(): void {
  trail.pop();
}

/**
 * What to throw when `e` leaves the computation of `frame` (on the trail): `e` itself,
 * a located error for a thrown value that is not an Error, or, for a stack overflow at
 * the outermost computation, the too-deep evaluation error.
 */
export function frameError(e: unknown, frame: Frame): unknown {
  // An error of the project's code (or a value it read) names the option whose computation it left first.
  if (isGenuineError(e) && !(e instanceof ModuleError)) markOption(e, frame.path);
  // A thrown value that is not an Error gets the place it was thrown (the innermost frame).
  if (!isGenuineError(e))
    return locatedThrow(e, {
      what: `Computing \`${showOption(frame.path)}'`,
      optionPath: frame.path,
      files: frame.files,
    });
  // A stack overflow is reported at the outermost computation, where there is stack
  // to build the report, with the innermost frames saved on the way out (also when
  // a module function or a module's definitions ran out inside it: they may be
  // where a deep chain of options ended rather than its cause).
  if (isStackOverflow(e) || isModuleError(e, "STACK_OVERFLOW")) {
    if (overflowTrail === undefined) {
      try {
        overflowTrail = trail.slice(-12);
      } catch {
        /* still too deep: a frame further out saves it */
      }
    }
    if (trail.length <= 1) {
      const frames = overflowTrail ?? [frame];
      overflowTrail = undefined;
      return cycleError(frames, true);
    }
  }
  return e;
}

/** Marks `e` with the option being computed, unless it names one already (an error that refuses is left as it is). */
function markOption(e: Error, path: readonly string[]): void {
  try {
    if (!Object.hasOwn(e, "optionPath") && Object.isExtensible(e))
      Object.defineProperty(e, "optionPath", { value: path, configurable: true, writable: true });
  } catch {
    /* a Proxy or a frozen error keeps its own shape */
  }
}

/** The error for re-entering `frame` while it is computed. */
export function reentered(frame: Frame): ModuleError {
  const i = trail.findIndex(
    (f) => f === frame || (f.path.length === frame.path.length && f.path.every((p, j) => p === frame.path[j])),
  );
  return cycleError(i >= 0 ? trail.slice(i) : [frame], false);
}

/**
 * Defines `key` on `obj` as an enumerable getter that computes `thunk` once, then
 * becomes a plain data property. With `frame`, the computation is on the trail and a
 * re-entry is reported as a cycle.
 */
export function defineLazy(obj: object, key: PropertyKey, thunk: () => unknown, frame?: Frame): void {
  let running = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (running) throw reentered(frame ?? { path: [String(key)], files: [] });
      running = true;
      let value: unknown;
      try {
        value = frame ? guard(frame, thunk) : thunk();
      } finally {
        running = false;
      }
      Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: false });
      return value;
    },
  });
}
