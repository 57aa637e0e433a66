/** Debian's archive as a package source (re-exports only). */
export { parsePrintUris, resolveDebianClosure, DEBIAN_NAME, type AptOptions, type DebianDeb } from "./apt-closure.js";
export { aptListsStamp, APT_LISTS } from "./apt-lists.js";
export { debProblem, fetchDebs, verifyArchiveCache, type DamagedDeb, type FetchedDebs } from "./archive-cache.js";
export { CLOSURE_MANIFEST, debianClosureDerivation } from "./closure-derivation.js";
export {
  debianPackageNames,
  debianPackageNamesSync,
  unknownPackageError,
  unknownPackageNameError,
  type NameOptions,
} from "./package-names.js";
