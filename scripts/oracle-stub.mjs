// Stand-in for src/index.js while scripts/oracle-check.mjs loads the case tables:
// the oracle only reads each case's `nix` and `expect`, never runs our modules, so it
// must not depend on the implementation being present or importable.
const anything = new Proxy(function () {}, {
  get: (_t, p) => (p === Symbol.toPrimitive ? () => "stub" : p === "then" ? undefined : anything),
  apply: () => anything,
  construct: () => anything,
});
export const evalModules = anything,
  mkOption = anything,
  mkEnableOption = anything,
  types = anything,
  lazy = anything,
  mkIf = anything,
  mkMerge = anything,
  mkOverride = anything,
  mkForce = anything,
  mkDefault = anything,
  mkOptionDefault = anything,
  mkVMOverride = anything,
  mkImageMediaOverride = anything,
  mkOrder = anything,
  mkBefore = anything,
  mkAfter = anything,
  mkAliasOptionModule = anything,
  mkRenamedOptionModule = anything,
  mkRemovedOptionModule = anything,
  mkChangedOptionModule = anything,
  mkMergedOptionModule = anything,
  assertionsModule = anything,
  checkAssertions = anything,
  optionsToDocList = anything,
  mkDefinition = anything,
  mkDerivedConfig = anything,
  mergeAttrDefinitionsWithPrio = anything,
  mkSinkUndeclaredOptions = anything,
  mkPackageOption = anything,
  setDefaultModuleLocation = anything,
  importApply = anything,
  mkRenamedOptionModuleWith = anything,
  doRename = anything;
export class ModuleError extends Error {}
export default anything;
