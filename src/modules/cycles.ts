/**
 * Cycles and runaway depth, reported as chains of option paths.
 *
 * A computation (an option's value, the freeform definitions) is a frame: an option
 * path and the files that define it. Computing a frame that is already being computed
 * is a cycle. The error is made where the re-entry happens and collects the frames it
 * leaves on its way out, up to the re-entered one: the chain, outermost first, that
 * formed the cycle, across evaluations too (a guest that reads its host that reads the
 * guest). A JavaScript stack overflow collects the innermost frames it leaves the same
 * way and becomes a "too deep" report where its evaluation's outermost computation
 * ends, where there is stack again to build it.
 *
 * Nothing here is module-level state: the chain travels with the error, and whether a
 * computation is the outermost one is its evaluation's to say.
 */
import { isModuleError, ModuleError } from "./errors/module-error.js";
import { showOption } from "./errors/render.js";
import { isStackOverflow } from "./errors/stack-overflow.js";
import { isGenuineError, locatedThrow } from "./errors/thrown.js";

/** One computation: an option path and the files that define it. */
export interface Frame {
  readonly path: readonly string[];
  readonly files: readonly string[];
}

/** What a cycle error carries while it leaves the frames between the re-entry and the re-entered frame. */
interface OpenChain {
  readonly target: Frame;
  /** The frames left so far, outermost first. */
  readonly frames: Frame[];
}

const CHAIN: unique symbol = Symbol("open cycle chain");
const DEPTH_FRAMES: unique symbol = Symbol("innermost frames of a stack overflow");
/** How many of the innermost frames a too-deep report shows. */
const DEPTH_SHOWN = 12;

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
 * The error for computing `frame` again while it is computed. Until it has left the
 * computation of `frame` it names `frame` alone (as it does when that computation is no
 * frame of an evaluation: a set's value read while it is computed).
 */
export function reentered(frame: Frame): ModuleError {
  const e = cycleError([frame], false);
  Object.defineProperty(e, CHAIN, { value: { target: frame, frames: [] } satisfies OpenChain });
  return e;
}

function samePath(a: Frame, b: Frame): boolean {
  return a === b || (a.path.length === b.path.length && a.path.every((p, j) => p === b.path[j]));
}

/**
 * What to throw when `e` leaves the computation of `frame`: for a cycle still
 * collecting its chain, `e` with `frame` added (or, at the re-entered frame, the
 * finished report); for a thrown value that is not an Error, a located error; for a
 * stack overflow, `e` with `frame` noted, or at the `outermost` computation of an
 * evaluation the too-deep report. Anything else passes unchanged.
 */
export function frameError(e: unknown, frame: Frame, outermost: boolean): unknown {
  // An error of the project's code (or a value it read) names the option whose computation it left first.
  if (isGenuineError(e) && !(e instanceof ModuleError)) markOption(e, frame.path);
  if (!isGenuineError(e))
    return locatedThrow(e, {
      what: `Computing \`${showOption(frame.path)}'`,
      optionPath: frame.path,
      files: frame.files,
    });
  const chain = (e as { [CHAIN]?: OpenChain })[CHAIN];
  if (chain) {
    chain.frames.unshift(frame);
    return samePath(frame, chain.target) ? cycleError(chain.frames, false) : e;
  }
  // Also when a module function or a module's definitions ran out inside it: they may
  // be where a deep chain of options ended rather than its cause.
  if (isStackOverflow(e) || isModuleError(e, "STACK_OVERFLOW")) {
    try {
      const held = e as { [DEPTH_FRAMES]?: Frame[] };
      const frames = (held[DEPTH_FRAMES] ??= []);
      if (frames.length < DEPTH_SHOWN) frames.unshift(frame);
      if (outermost) return cycleError(frames, true);
    } catch {
      // Still too deep to note anything: a frame further out does.
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

/** Runs `fn` as the computation of `frame` (see frameError). */
export function guard<T>(frame: Frame, fn: () => T, outermost: boolean): T {
  try {
    return fn();
  } catch (e) {
    throw frameError(e, frame, outermost);
  }
}
