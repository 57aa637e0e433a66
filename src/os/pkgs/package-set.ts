/**
 * `pkgs`: Debian's packages as a package set. `pkgs.cowsay` is a package whose output
 * is the closure apt resolves for cowsay, unpacked as a root tree. Reading an
 * attribute is free (evaluation never builds); apt is asked when the derivation is.
 * Names that are not Debian package names (`pkgs.then`, symbols) are `undefined`, so
 * the set can be passed around like any object. A Debian-shaped name that apt's lists
 * do not have (`pkgs.cowsy`) is an error (`UNKNOWN_PACKAGE`, "Did you mean
 * pkgs.cowsay?") thrown where the module reads it, so it is found at evaluation with
 * the module's file and line; on a machine without apt's lists names are not checked.
 */
import { join } from "node:path";
import {
  DEBIAN_NAME,
  debianClosureDerivation,
  debianPackageNamesSync,
  mkPackage,
  type Package,
  resolveDebianClosure,
  type Store,
  unknownPackageNameError,
} from "../../store/index.js";

/** Debian's packages by name. */
export type Pkgs = Readonly<Record<string, Package>>;

/** Property names that JavaScript itself probes; never package names here. */
const RESERVED = new Set([
  "then",
  "constructor",
  "prototype",
  "toJSON",
  "toString",
  "valueOf",
  "inspect",
  "length",
  "name",
  "type",
]);

/** Where a store keeps Debian's downloads and apt answers. */
export function debianCacheDir(store: Store): string {
  return join(store.root, ".cache", "debian");
}

/** A package for the Debian package `name` and the closure apt resolves for it, built in `store`. */
export function debianPackage(store: Store, name: string): Package {
  return mkPackage(name, async () => {
    const cacheDir = debianCacheDir(store);
    const debs = await resolveDebianClosure([name], { cacheDir });
    return debianClosureDerivation(`debian-${name}`, [name], debs, join(cacheDir, "archives"));
  });
}

/** The package set over `store` (a function, so a module argument can be read late). */
export function debianPackageSet(store: Store | (() => Store)): Pkgs {
  const storeOf = typeof store === "function" ? store : () => store;
  const made = new Map<string, Package>();
  const target: Record<string, Package> = Object.create(null) as Record<string, Package>;
  return new Proxy(target, {
    get(_target, key) {
      if (typeof key !== "string" || RESERVED.has(key) || !DEBIAN_NAME.test(key)) return undefined;
      let pkg = made.get(key);
      if (pkg === undefined) {
        const store = storeOf();
        const names = debianPackageNamesSync(debianCacheDir(store));
        if (names !== undefined && !names.has(key)) throw unknownPackageNameError(key, names);
        pkg = debianPackage(store, key);
        made.set(key, pkg);
      }
      return pkg;
    },
    has(_target, key) {
      return typeof key === "string" && !RESERVED.has(key) && DEBIAN_NAME.test(key);
    },
    ownKeys() {
      return [];
    },
    set() {
      throw new TypeError("pkgs is read-only: add packages with mkPackage and put them in environment.systemPackages");
    },
  });
}
