/**
 * Module collection (nixpkgs `collectModules`): every module is loaded (functions are
 * called with their arguments), put in normal form and given a key; imports are
 * followed; `disabledModules` are gathered from the whole tree; then the closure is
 * taken breadth first from the top-level modules, skipping disabled keys and keeping
 * the first module of each key. The result order is the collection order.
 */
import { createRequire } from "node:module";
import { isAbsolute, resolve as resolvePath } from "node:path";
import { ModuleError } from "./errors/module-error.js";
import { describeThrown, isGenuineError, locatedThrow } from "./errors/thrown.js";
import { Lazy } from "./lazy.js";
import { normalizeModule, type NormalModule } from "./normalize.js";
import { isPlainObject } from "./types/option-type.js";
import type { Lineage } from "./lineage.js";
import { collectingError, deref, makeRef, refOf } from "./reference.js";

/** A module with its imports, before the closure is taken. */
export interface StructuredModule {
  readonly module: NormalModule;
  readonly children: readonly StructuredModule[];
}

/** What collection needs to call module functions. */
export interface CollectContext {
  readonly lineage: Lineage;
  readonly specialArgs: Readonly<Record<string, unknown>>;
  /**
   * The `specialArgs` module argument, when it differs from `specialArgs`: a submodule
   * value's evaluation gets `name` as a specialArg, which is not one of its type's.
   */
  readonly visibleSpecialArgs?: Readonly<Record<string, unknown>>;
  readonly class?: string;
  readonly prefix: readonly string[];
  readonly lib: unknown;
  /** The `_module.args` names the module function being called asked for (undefined: none). */
  asked?: string[];
  /** The evaluation's type (`_module.args.moduleType`), made on first use. */
  readonly moduleType?: () => unknown;
  /** The references to `_module.args` values handed to the module function being called. */
  argRefs?: unknown[];
}

const require = createRequire(import.meta.url);
const argsCache = new WeakMap<CollectContext, Map<string, unknown>>();

/** The argument object a module function receives; names not given are `_module.args` refs. */
function moduleArgs(ctx: CollectContext, file: string): unknown {
  let byFile = argsCache.get(ctx);
  if (!byFile) argsCache.set(ctx, (byFile = new Map()));
  const cached = byFile.get(file);
  if (cached) return cached;
  // As nixpkgs (`args // specialArgs`): a specialArg of the same name wins (`lib`, say).
  const fixed: Record<string, unknown> = {
    config: makeRef(ctx.lineage, "config", [], file),
    options: makeRef(ctx.lineage, "options", [], file),
    lib: ctx.lib,
    specialArgs: ctx.visibleSpecialArgs ?? ctx.specialArgs,
    _class: ctx.class ?? null,
    _prefix: ctx.prefix,
    ...ctx.specialArgs,
  };
  const args = new Proxy(fixed, {
    get(target, name) {
      if (typeof name === "symbol" || name in target) return target[name as string];
      // The evaluation's own type needs no configuration: it is given as it is, so that
      // options may be declared with it (`types.lazyAttrsOf(moduleType)`).
      if (name === "moduleType" && ctx.moduleType) return ctx.moduleType();
      (ctx.asked ??= []).push(name);
      const ref = makeRef(ctx.lineage, "args", [name], file);
      (ctx.argRefs ??= []).push(ref);
      return ref;
    },
  });
  byFile.set(file, args);
  return args;
}

/**
 * Calls a module function. One that asks for `_module.args` values gets references to
 * them, which are objects, so always truthy: an `imports` chosen by such a value
 * (`flag ? [m] : []`) would silently take one branch. The function is called again
 * with those arguments `undefined`; different `imports` or `disabledModules` mean they
 * depend on a value that only exists once the modules are collected, an infinite
 * recursion in the reference, reported as such. (A second call that throws tells
 * nothing and is ignored.)
 */
function callModule(ctx: CollectContext, fn: (a: unknown) => unknown, file: string): unknown {
  const outer = ctx.asked;
  const outerRefs = ctx.argRefs;
  ctx.asked = undefined;
  ctx.argRefs = undefined;
  let value: unknown;
  let names: string[] | undefined;
  if (/^class[\s{]/.test(Function.prototype.toString.call(fn))) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `The module \`${file}' is a class; a module is an object, or a function returning one.`,
      optionPath: [],
      definitions: [{ file }],
      hint: "Export the module object (or a function of the module arguments returning it), not a class.",
    });
  }
  try {
    value = fn(moduleArgs(ctx, file));
  } catch (e) {
    throw locatedThrow(e, { what: `The module \`${file}'`, files: [file] });
  } finally {
    names = ctx.asked as string[] | undefined; // set by the argument proxy while `fn` ran
    const refs = ctx.argRefs as unknown[] | undefined; // likewise
    ctx.asked = outer;
    ctx.argRefs = outerRefs;
    // The module names its own file: its argument references name it too (in messages).
    const own = isPlainObject(value) && typeof value._file === "string" ? value._file : undefined;
    if (own !== undefined && refs) for (const r of refs) refOf(r)!.file = own;
  }
  if (names && isPlainObject(value)) {
    const depends = (without: readonly string[]) => !sameStructure(value, probe(ctx, fn, file, without));
    if (depends(names)) {
      const name = names.find((n) => depends([n])) ?? names[0]!;
      throw collectingError(
        { lineage: ctx.lineage, root: "args", path: [name], file },
        "in `imports' or `disabledModules'",
      );
    }
  }
  return value;
}

/** What `fn` returns when the module arguments `without` are undefined (NONE when it throws). */
function probe(ctx: CollectContext, fn: (a: unknown) => unknown, file: string, without: readonly string[]): unknown {
  const real = moduleArgs(ctx, file) as Record<string, unknown>;
  const args = new Proxy(
    {},
    { get: (_t, name) => (typeof name === "string" && without.includes(name) ? undefined : real[name as string]) },
  );
  const taken = ctx.lineage.taken.length;
  const outer = ctx.asked;
  try {
    return fn(args);
  } catch {
    return NONE;
  } finally {
    ctx.asked = outer;
    ctx.lineage.taken.length = taken;
  }
}

const NONE = Symbol("none");

/** Whether two results of one module function have the same `imports` and `disabledModules` (as far as can be told). */
function sameStructure(a: Record<string, unknown>, b: unknown): boolean {
  if (b === NONE) return true;
  if (!isPlainObject(b)) return false;
  return sameList(a.imports, b.imports) && sameList(a.disabledModules, b.disabledModules);
}

/** Lists of modules alike: the same length, and each element the same value, or a module of the same kind and keys made again. */
function sameList(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x !== typeof y || typeof x === "string") return false;
    if (typeof x === "function" && String(x) !== String(y)) return false;
    if (isPlainObject(x) && (!isPlainObject(y) || Object.keys(x).join("\0") !== Object.keys(y).join("\0")))
      return false;
  }
  return true;
}

function loadFile(path: string, parentFile: string): unknown {
  const abs = isAbsolute(path) ? path : resolvePath(path);
  try {
    const mod = require(abs) as { default?: unknown };
    return mod && typeof mod === "object" && "default" in mod ? mod.default : mod;
  } catch (e) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `Cannot import the module file \`${abs}' (imported from \`${parentFile}'): ${isGenuineError(e) ? e.message : `it threw ${describeThrown(e)}`}`,
      hint: "Import TypeScript module files with `import` and pass the module value; path imports load JavaScript files.",
    });
  }
}

/** Loads one module value into normal form (calling it when it is a function). */
export function loadModule(
  ctx: CollectContext,
  m: unknown,
  file: string,
  key: string,
  loaded?: { value?: unknown },
): NormalModule {
  let value = m;
  if (typeof value === "string") {
    const path = isAbsolute(value) ? value : resolvePath(value);
    value = loadFile(path, file);
    file = path;
    key = path;
  }
  const returned = typeof value === "function";
  if (returned) value = callModule(ctx, value as (a: unknown) => unknown, file);
  if (loaded) loaded.value = value;
  if (value instanceof Lazy) {
    // Reported when the configuration is first used (the module may still be disabled).
    const error = new ModuleError({
      code: "INFINITE_RECURSION",
      message: `A module imported in \`${file}' is the result of calling a module argument or a configuration value, which exist only once modules are collected: it cannot be imported while modules are being collected.`,
      definitions: [{ file }],
      hint: "Import modules that do not depend on the configuration; pass what they need through specialArgs.",
    });
    return normalizeModule(
      {
        config: new Lazy(() => {
          throw error;
        }),
      },
      file,
      key,
    );
  }
  const kind = foreignType(value);
  if (kind !== undefined) throw notAModule(kind, file, ctx.prefix);
  if (Array.isArray(value)) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions:\n- In \`${file}'`,
      hint: "Flatten it: imports: [...a, ...b].",
    });
  }
  const nm = normalizeModule(value, file, key, returned);
  if (ctx.class !== undefined && nm.class !== undefined && nm.class !== ctx.class) {
    throw new ModuleError({
      code: "CLASS_MISMATCH",
      message: `The module \`${nm.file || nm.key}\` (class: "${nm.class}") cannot be imported into a module evaluation that expects class "${ctx.class}".`,
      hint: `Help:\n- Ensure that you are importing the correct module.\n- Verify that the module's \`_class\`, "${nm.class}" matches the expected \`class\` "${ctx.class}".\n- If you are using a custom class, make sure it is correctly defined and used consistently across your modules.`,
    });
  }
  return nm;
}

/** The `_type` of a value that is some other kind of thing than a module (a configuration, a flake), if it is one. */
function foreignType(v: unknown): string | undefined {
  if (typeof v !== "object" || v === null || refOf(v)) return undefined;
  const t = (v as { _type?: unknown })._type;
  return typeof t === "string" && t !== "module" ? t : undefined;
}

/** nixpkgs' error for a value with a `_type` other than "module" where a module is loaded. */
function notAModule(kind: string, file: string, prefix: readonly string[]): ModuleError {
  const into = [
    file && file !== "<unknown-file>" ? `, while trying to load a module into ${file}` : "",
    prefix.length > 0 ? `, while trying to load a module into \`${prefix.join(".")}'` : "",
  ].join("");
  const extra: Record<string, string> = {
    configuration:
      "If you really mean to import this configuration, instead please only import the modules that make up the configuration. You may have to create a variable, file or property to give yourself access to the relevant modules. While loading a configuration into the module system is a very sensible idea, it can not be done cleanly in practice.",
    flake: "Perhaps you forgot to select a module of it (`someflake.modules.<class>.default', say)?",
  };
  return new ModuleError({
    code: "INVALID_MODULE",
    message: `Expected a module, but found a value of type ${JSON.stringify(kind)}${into}.\nA module is typically loaded by adding it to the \`imports: [ ... ]' of an existing module, or in the \`modules: [ ... ]' argument of various functions.\nPlease make sure that each of the list items is a module, and not a different kind of value.${extra[kind] ? `\n\n${extra[kind]}` : ""}`,
    definitions: file ? [{ file }] : [],
    hint: "Import the modules themselves (objects, functions, or files), not values made from them.",
  });
}

/** An import chain this deep is taken for one that never ends (each level a new module, so no value repeats). */
export const MAX_IMPORT_DEPTH = 100_000;

/** One list of modules being loaded: the imports of `source` (the module at this depth of the chain). */
interface Level {
  readonly list: readonly unknown[];
  i: number;
  readonly file: string;
  readonly key: string;
  readonly offset: number;
  readonly out: StructuredModule[];
  /** The value the importing module was given as (its resolved path for a file): what makes a cycle when it comes again. */
  readonly source: unknown;
  /** What the source loaded to (a function's result), for naming the module. */
  readonly loaded: unknown;
}

/** The `children` of a module that imports nothing (shared, never written). */
const NO_CHILDREN: readonly StructuredModule[] = Object.freeze([]);

/**
 * Loads `modules` and, following their imports, the modules they import: depth first,
 * each module before its imports (the order module functions run and errors appear).
 * The chain of importing modules is a worklist, not the JavaScript stack, so imports
 * may nest as deep as memory allows. A module that imports itself (directly or through
 * others) is an error naming the cycle: its imports would never end (nixpkgs, which
 * collects imports before deduplicating them, never ends either).
 */
export function collectStructured(
  ctx: CollectContext,
  modules: readonly unknown[],
  parentFile: string,
  parentKey: string,
  offset = 0,
): StructuredModule[] {
  const result: StructuredModule[] = [];
  const levels: Level[] = [
    {
      list: modules,
      i: 0,
      file: parentFile,
      key: parentKey,
      offset,
      out: result,
      source: undefined,
      loaded: undefined,
    },
  ];
  const loaded: { value?: unknown } = {};
  /** The sources on the chain, once it is too long to scan. */
  let onChain: Set<unknown> | undefined;
  while (levels.length > 0) {
    const level = levels[levels.length - 1]!;
    if (level.i >= level.list.length) {
      levels.pop();
      onChain?.delete(level.source);
      continue;
    }
    const i = level.i++;
    let m = level.list[i];
    const ref = refOf(m);
    // a reference into an evaluation that is still collecting cannot be imported; one
    // into another, finished evaluation (a module value passed on) is its value
    if (ref) {
      if (ref.lineage.current().collecting) throw collectingError(ref, "in `imports'");
      m = deref(m);
    }
    const source = typeof m === "string" ? (isAbsolute(m) ? m : resolvePath(m)) : m;
    if (levels.length > 1 && (onChain ? onChain.has(source) : onLevels(levels, source)))
      throw importCycle(levels, source);
    const module = loadModule(ctx, m, level.file, `${level.key}:anon-${level.offset + i + 1}`, loaded);
    if (module.imports.length === 0) {
      level.out.push({ module, children: NO_CHILDREN });
      continue;
    }
    const children: StructuredModule[] = [];
    level.out.push({ module, children });
    if (levels.length >= MAX_IMPORT_DEPTH) throw tooDeep(levels, module);
    levels.push({
      list: module.imports,
      i: 0,
      file: module.file,
      key: module.key,
      offset: 0,
      out: children,
      source,
      loaded: loaded.value,
    });
    if (onChain) onChain.add(source);
    else if (levels.length > 32) onChain = new Set(levels.map((l) => l.source));
  }
  return result;
}

/** Whether `source` imports the modules of one of `levels` (the first level is the caller's list: no module). */
function onLevels(levels: readonly Level[], source: unknown): boolean {
  for (let i = 1; i < levels.length; i++) if (levels[i]!.source === source) return true;
  return false;
}

/** The files module values were loaded from, where a loader said (see {@link noteModuleFile}). */
const moduleFiles = new WeakMap<object, string>();

/**
 * Notes that `module` (an object or function) is the module of `file`, so that an
 * import cycle through it names that file even where the value was imported from
 * another file (which its definitions are attributed to, as before).
 */
export function noteModuleFile(module: unknown, file: string): void {
  if ((typeof module === "object" && module !== null) || typeof module === "function") moduleFiles.set(module, file);
}

/** The file noted for a module value (see {@link noteModuleFile}). */
function notedFile(v: unknown): string | undefined {
  return (typeof v === "object" && v !== null) || typeof v === "function" ? moduleFiles.get(v) : undefined;
}

/** How a module of the chain is named: the file it was loaded from when known, else its file. */
function chainName(level: Level): string {
  return notedFile(level.source) ?? notedFile(level.loaded) ?? level.file;
}

/** The chain of importing modules from `from` (their files, a run of one file once), shortened in the middle when long. */
function showChain(levels: readonly Level[], from: number): string[] {
  const names: string[] = [];
  for (let i = from; i < levels.length; i++) {
    const name = chainName(levels[i]!);
    if (names[names.length - 1] !== name) names.push(name);
  }
  return names.length <= 12 ? names : [...names.slice(0, 6), `... ${names.length - 11} more ...`, ...names.slice(-5)];
}

function importCycle(levels: readonly Level[], source: unknown): ModuleError {
  let from = 1;
  while (levels[from]!.source !== source) from++;
  const name = chainName(levels[from]!);
  const importer = chainName(levels[levels.length - 1]!);
  const chain = [...showChain(levels, from), name];
  const itself = chain.length === 2 && importer === name;
  return new ModuleError({
    code: "INFINITE_RECURSION",
    message: itself
      ? `The module \`${name}' imports itself, so its imports never end.`
      : `The module \`${name}' imports itself through other modules, so its imports never end:\n  ${chain.join("\n  -> ")}`,
    definitions: [{ file: importer }, ...(name === importer ? [] : [{ file: name }])],
    hint: `Remove the import that closes the cycle (in \`${importer}'). A module imported from several places is loaded once; it never needs to import a module that imports it.`,
  });
}

function tooDeep(levels: readonly Level[], module: NormalModule): ModuleError {
  return new ModuleError({
    code: "INFINITE_RECURSION",
    message: `Imports are nested more than ${MAX_IMPORT_DEPTH} modules deep (each a new module): they seem never to end. The innermost importing modules:\n  ${showChain(levels, Math.max(1, levels.length - 5)).join("\n  -> ")}\n  -> ${module.file}`,
    definitions: [{ file: module.file }],
    hint: "A module (or a function making modules) imports a new module at each level without end: stop the recursion, or flatten the imports into one list.",
  });
}

function disabledKey(entry: unknown, file: string, modulesPath: unknown): string {
  // A string that does not start with "/" is relative to `modulesPath` ("" when there
  // is none: "foo" is then the path "/foo", not the key "foo").
  if (typeof entry === "string")
    return entry.startsWith("/")
      ? entry
      : `${modulesPath === undefined || modulesPath === null ? "" : String(modulesPath)}/${entry}`;
  // Values Nix's toString takes: numbers as written, true "1", false and null "".
  if (typeof entry === "number") return String(entry);
  if (typeof entry === "boolean" || entry === null) return entry === true ? "1" : "";
  if (typeof entry === "object" && entry !== null && "key" in entry) return String((entry as { key: unknown }).key);
  if (typeof entry === "object" && entry !== null) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `Module \`${file}\` contains a disabledModules item that is an attribute set, presumably a module, that does not have a \`key\` attribute. This means that the module system doesn't have any means to identify the module that should be disabled.`,
      hint: "Make sure that you've put the correct value in disabledModules: a string path relative to modulesPath, a path, or an object with a `key`.",
    });
  }
  throw new ModuleError({
    code: "INVALID_MODULE",
    message: `Each disabledModules item must be a path, string, or an attribute set with a key attribute, or a value supported by toString. However, one of the disabledModules items in \`${file}' is none of that.`,
  });
}

/**
 * The modules in collection order: breadth first, disabled keys removed, first of each
 * key kept. (Indexed loops: this runs once per evaluation, so mostly before V8 optimizes
 * it, where a for-of over an array allocates an iterator and a result per step.)
 */
export function closure(tops: readonly StructuredModule[], modulesPath?: unknown): NormalModule[] {
  const disabled = disabledKeys(tops, modulesPath);
  // The keys kept so far: a scan while there are few (a submodule value has a handful of modules), a set beyond.
  let seen: Set<string> | undefined;
  const out: NormalModule[] = [];
  const queue: StructuredModule[] = disabled ? tops.filter((s) => !disabled!.has(s.module.key)) : tops.slice();
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    const key = s.module.key;
    if (seen ? seen.has(key) : hasKey(out, key)) continue;
    out.push(s.module);
    if (seen) seen.add(key);
    else if (out.length >= 16) seen = new Set(out.map((m) => m.key));
    for (let j = 0; j < s.children.length; j++)
      if (!disabled?.has(s.children[j]!.module.key)) queue.push(s.children[j]!);
  }
  return out;
}

/** The keys the `disabledModules` of the whole tree name (undefined: none). */
function disabledKeys(tops: readonly StructuredModule[], modulesPath: unknown): Set<string> | undefined {
  let disabled: Set<string> | undefined;
  const stack = [...tops];
  while (stack.length > 0) {
    const s = stack.pop()!;
    const off = s.module.disabledModules;
    for (let i = 0; i < off.length; i++) (disabled ??= new Set()).add(disabledKey(off[i], s.module.file, modulesPath));
    for (let i = 0; i < s.children.length; i++) stack.push(s.children[i]!);
  }
  return disabled;
}

/** A module in the import graph of an evaluation (nixpkgs `graph`). */
export interface ModuleGraphNode {
  readonly key: string;
  readonly file: string;
  readonly imports: ModuleGraphNode[];
  /** Whether a `disabledModules` entry names its key. */
  readonly disabled: boolean;
}

/** The import graph of the modules `tops` (the internal module left out), as nixpkgs' `graph`. */
export function moduleGraph(tops: readonly StructuredModule[], modulesPath?: unknown): ModuleGraphNode[] {
  const disabled = disabledKeys(tops, modulesPath);
  const node = (s: StructuredModule): ModuleGraphNode => ({
    key: s.module.key,
    file: s.module.file,
    imports: s.children.map(node),
    disabled: disabled?.has(s.module.key) ?? false,
  });
  return tops.map(node);
}

function hasKey(modules: readonly NormalModule[], key: string): boolean {
  for (let i = 0; i < modules.length; i++) if (modules[i]!.key === key) return true;
  return false;
}
