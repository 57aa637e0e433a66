/** The store's public API (re-exports only). */
export {
  Store,
  defaultStoreRoot,
  SYSTEM_STORE_ROOT,
  type StoreOptions,
  type SweepResult,
  type VerifyResult,
} from "./store.js";
export { closureOf, referencesOf, REFS_DIR } from "./references.js";
export type { Damage } from "./verify.js";
export { base32, derivationHash, storeBaseName, validateName, type Derivation } from "./derivation.js";
export { canonicalJson, type JsonValue } from "./canonical-json.js";
export { isPackage, mkPackage, packagePath, realisePackage, type Package } from "./package.js";
export { linkResult } from "./result-link.js";
export { collectGarbage, type CollectedPath, type CollectionReport } from "./collect-garbage.js";
export { readCacheJson, writeCacheJson } from "./cache-file.js";
export { run, RunError, type RunOptions, type RunResult } from "./builders/run.js";
export { aptCandidateVersion, aptDepends, aptDownload, ensureDebianPackage } from "./builders/apt.js";
export * from "./debian/index.js";
export { onBuildEvent, watchDownload, type BuildEvent, type BuildListener } from "./build-events.js";
