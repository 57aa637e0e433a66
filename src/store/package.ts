/**
 * Packages: what a `types.package` option holds. Evaluation never builds; a package
 * only knows how to produce its derivation (which may first ask apt or read files),
 * and `realisePackage` builds it. A package depending on others awaits their
 * `derivation()`, puts `store.pathOf(drv)` of each into its own inputs, and realises
 * them in its `build`.
 */
import type { Derivation } from "./derivation.js";
import type { Store } from "./store.js";

/** A buildable value: `{ type: "derivation", name }` plus a lazily computed derivation. */
export interface Package {
  readonly type: "derivation";
  readonly name: string;
  /** The derivation to realise; may do async discovery (apt queries) first. Cached. */
  derivation(): Promise<Derivation>;
}

/**
 * A package named `name` whose derivation `make` computes on first use. The result is
 * remembered; a failure is not, so the next call tries again.
 */
export function mkPackage(name: string, make: () => Promise<Derivation>): Package {
  if (typeof name !== "string" || name === "") throw new TypeError("mkPackage: a package needs a non-empty name");
  let cached: Promise<Derivation> | undefined;
  const derivation = (): Promise<Derivation> => {
    if (cached === undefined) {
      const attempt = Promise.resolve().then(make);
      cached = attempt;
      attempt.catch(() => {
        if (cached === attempt) cached = undefined;
      });
    }
    return cached;
  };
  return Object.freeze({ type: "derivation" as const, name, derivation });
}

/** True when `value` is a package made by `mkPackage` (or shaped like one). */
export function isPackage(value: unknown): value is Package {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "derivation" &&
    typeof (value as { name?: unknown }).name === "string" &&
    typeof (value as { derivation?: unknown }).derivation === "function"
  );
}

/** The path `pkg`'s output has (or will have) in `store`, without building it. */
export async function packagePath(store: Store, pkg: Package): Promise<string> {
  return store.pathOf(await pkg.derivation());
}

/** Builds `pkg` in `store` unless present, and returns its output path. */
export async function realisePackage(store: Store, pkg: Package): Promise<string> {
  if (!isPackage(pkg)) {
    throw new TypeError(`realisePackage: ${describe(pkg)} is not a package; expected a value made by mkPackage`);
  }
  return store.realise(await pkg.derivation());
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? String(value);
  const name = (value as { name?: unknown }).name;
  return typeof name === "string" ? `the object named ${JSON.stringify(name)}` : "an object";
}
