/**
 * Path types (nixpkgs `types.pathWith`, `types.path`, `types.pathInStore`): a string
 * naming a file, optionally required to be absolute (or relative), and to be inside
 * the store (or outside it). A value counts as in the store when it is a store path or
 * a path under one: the store directory, then a component `<32 characters>-<name>`
 * (the store directory itself, and entries such as `.links`, are not); or, as nixpkgs
 * also accepts for content-addressed outputs, a first component of 52 lowercase
 * letters and digits. The store directories are those of {@link storeDirs}.
 *
 * Type descriptions keep the reference's words ("path in the Nix store"): there, "the
 * Nix store" means any of those store directories.
 */
import type { Definition } from "../definition.js";
import { ModuleError } from "../errors/module-error.js";
import { storeDirs } from "../store-dir.js";
import { isPlainObject, mergeEqualOption, mkOptionType, type OptionType } from "./option-type.js";

/** What `pathWith` takes: `null` (or absent) leaves a property free. */
export interface PathWith {
  /** `true`: the path must be in the store; `false`: it must not be. */
  inStore?: boolean | null;
  /** `true`: the path must start with "/"; `false`: it must not. */
  absolute?: boolean | null;
}

/** A string, or an object that stands for one (a package: its `outPath`). */
function stringOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (isPlainObject(v) && typeof v.outPath === "string") return v.outPath;
  return undefined;
}

/** The components of an absolute path, "." and empty ones left out and ".." applied. */
function components(path: string): string[] {
  const out: string[] = [];
  for (const c of path.split("/")) {
    if (c === "" || c === ".") continue;
    if (c === "..") out.pop();
    else out.push(c);
  }
  return out;
}

/** Whether `path` (a string, taken from the root when relative) is a store path or inside one. */
export function hasStorePathPrefix(path: string, dirs: readonly string[] = storeDirs()): boolean {
  const parts = components(path);
  if (parts.length > 0 && /^[0-9a-z]{52}$/.test(parts[0]!)) return true;
  for (const dir of dirs) {
    const base = components(dir);
    if (parts.length <= base.length || !base.every((c, i) => parts[i] === c)) continue;
    if (/^.{32}-.+$/s.test(parts[base.length]!)) return true;
  }
  return false;
}

function describe(inStore: boolean | null, absolute: boolean | null): string {
  const abs = absolute === null ? "" : absolute ? "absolute " : "relative ";
  const store = inStore === null ? "" : inStore ? " in the Nix store" : " not in the Nix store";
  return `${abs}path${store}`;
}

/**
 * A path with the given properties. `inStore: true` needs an absolute path, so
 * `{ inStore: true, absolute: false }` is an error. Two declarations merge only when
 * both ask the same.
 *
 * @example types.pathWith({ inStore: false, absolute: true }) // "absolute path not in the Nix store"
 */
export function pathWith(args: PathWith = {}): OptionType<string> {
  const inStore = args.inStore ?? null;
  const absolute = args.absolute ?? null;
  if (inStore === true && absolute === false) {
    throw new ModuleError({
      code: "INVALID_ARGUMENT",
      message: "In pathWith, inStore means the path must be absolute",
      hint: "A store path is absolute: give `absolute: true`, or leave it out.",
    });
  }
  return mkOptionType<string>({
    name: "path",
    description: describe(inStore, absolute),
    descriptionClass: "noun",
    check: (v) => {
      // Outside the store, a package (which is in it) is not a path.
      const s = inStore === false ? (typeof v === "string" ? v : undefined) : stringOf(v);
      if (s === undefined) return false;
      if (absolute !== null && absolute !== s.startsWith("/")) return false;
      return inStore === null || inStore === hasStorePathPrefix(s);
    },
    merge: mergeEqualOption as (loc: readonly string[], defs: readonly Definition[]) => string,
    payload: { inStore, absolute },
    typeMerge: (self, other) => {
      if (other.functorName !== "path") return null;
      const p = other.payload as PathWith | undefined;
      return (p?.inStore ?? null) === inStore && (p?.absolute ?? null) === absolute ? self : null;
    },
  });
}

/** An absolute path (a string starting with "/", or a package standing for its output path). */
export const path = pathWith({ absolute: true });

/** A path in the store (a store path, or a file inside one). */
export const pathInStore = pathWith({ inStore: true });
