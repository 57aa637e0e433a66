/**
 * Evaluation (nixpkgs `evalModules`): modules are collected once, eagerly; the
 * declaration tree and the index of definitions are built on first use; every option
 * value is computed on first read and cached. `config` is a tree of lazy getters whose
 * attribute names are strict and values lazy. `extendModules` reuses the collected
 * modules of its base (module functions are not called again) and adds the new ones.
 */
import type { PendingDefinition, UnmatchedDefinition } from "./definition.js";
import { collectStructured, closure, type CollectContext, type StructuredModule } from "./collect.js";
import { declareCached, type DeclTree, type MergedOption, type OptionLeaf } from "./declarations.js";
import { ModuleError } from "./errors/module-error.js";
import { closest } from "./errors/suggest.js";
import { showDefs, showOption, showValue } from "./errors/render.js";
import { defineLazy, guard, reentered, type Frame } from "./lazy.js";
import { mergeDefinitions, type Merged } from "./merge.js";
import type { NormalModule } from "./normalize.js";
import { mkOption, OptionDecl } from "./option.js";
import { MkIf, MkMerge, MkOrder, MkOverride, mkOptionDefault } from "./properties.js";
import { collectingError, deref, Lineage, refOf, type RefHost } from "./reference.js";
import { isPlainObject, type OptionType } from "./types/option-type.js";
import { bool, raw } from "./types/primitives.js";
import { lazyAttrsOf, nullOr } from "./types/compound.js";
import { optionType, submoduleWith } from "./types/submodule.js";
import { lib } from "./lib.js";
import { specialArgsValues, mergeSpecialArgs } from "./special-args.js";

/** What `evalModules` takes. */
export interface EvalModulesArgs {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
  class?: string;
}

/** What `extendModules` takes. */
export interface ExtendModulesArgs {
  modules?: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
}

/** An evaluated option, as found in `result.options`. */
export interface OptionInfo<T = unknown> {
  readonly _type: "option";
  readonly loc: readonly string[];
  readonly value: T;
  readonly isDefined: boolean;
  readonly highestPrio: number;
  readonly definitions: readonly unknown[];
  readonly files: readonly string[];
  readonly definitionsWithLocations: readonly { file: string; line?: number; value: unknown }[];
  readonly declarations: readonly string[];
  readonly declarationPositions: readonly { file: string; line?: number }[];
  readonly type: OptionType<T>;
  readonly description?: string;
  readonly default?: unknown;
  readonly defaultText?: unknown;
  readonly example?: unknown;
  readonly readOnly: boolean;
  readonly internal: boolean;
  readonly visible: boolean | "shallow" | "transparent";
}

/** The result of `evalModules`. */
export interface EvalResult<C = any> {
  readonly config: C;
  readonly options: any;
  readonly extendModules: (args?: ExtendModulesArgs) => EvalResult<C>;
  readonly _module: { readonly freeformType: OptionType | null; readonly check: boolean; readonly specialArgs: Record<string, unknown> };
  readonly type: OptionType<C>;
  readonly class: string | undefined;
  /** The modules in collection order (for tools). */
  readonly modules: readonly NormalModule[];
}

/** Per-option evaluation state. */
class OptionState {
  frame: Frame;
  running = false;
  merged?: Merged;
  done = false;
  value: unknown;
  readonly pending: PendingDefinition[] = [];
  constructor(readonly leaf: OptionLeaf) {
    this.frame = { path: leaf.option.loc, files: [] };
  }
}

interface Structure {
  tree: DeclTree;
  states: Map<OptionLeaf, OptionState>;
  unmatched: UnmatchedDefinition[];
}

/** One evaluation: collected modules, and lazily, structure and values. */
class Evaluation implements RefHost {
  collecting = true;
  private structure?: Structure;
  private root?: Record<string, unknown>;
  private declaredRoot?: Record<string, unknown>;
  private optionsRoot?: Record<string, unknown>;
  private checked = false;
  readonly prefix: readonly string[];
  modules: NormalModule[] = [];

  constructor(
    readonly args: EvalModulesArgs,
    readonly lineage: Lineage,
    readonly tops: StructuredModule[],
    readonly result: Partial<EvalResult>,
  ) {
    this.prefix = args.prefix ?? [];
  }

  get config(): Record<string, unknown> {
    return (this.root ??= this.buildConfig());
  }

  get options(): Record<string, unknown> {
    return (this.optionsRoot ??= this.buildOptions(this.struct().tree));
  }

  /** The configuration after the unknown-definition check. */
  checkedConfig(): Record<string, unknown> {
    const c = this.config;
    if (!this.checked) {
      this.checkUnmatched();
      this.checked = true;
    }
    return c;
  }

  struct(): Structure {
    if (this.structure) return this.structure;
    const ordered = [...this.modules].reverse();
    const tree = declareCached(ordered, this.prefix);
    const states = new Map<OptionLeaf, OptionState>();
    const unmatched: UnmatchedDefinition[] = [];
    const s: Structure = { tree, states, unmatched };
    this.structure = s;
    for (const m of ordered) this.index(s, tree, m.config, m.file, []);
    for (const st of states.values()) st.frame = { path: st.leaf.option.loc, files: st.pending.map((p) => p.file) };
    checkCollectionReads(this.lineage, tree, ordered);
    return s;
  }

  private state(s: Structure, leaf: OptionLeaf): OptionState {
    let st = s.states.get(leaf);
    if (!st) s.states.set(leaf, (st = new OptionState(leaf)));
    return st;
  }

  private index(s: Structure, tree: DeclTree, value: unknown, file: string, rel: string[]): void {
    for (const obj of pushDown(value, file, tree.path)) {
      for (const key of Object.keys(obj)) {
        const child = tree.children.get(key);
        const read = () => obj[key];
        if (!child) s.unmatched.push({ file, read, prefix: [...rel, key] });
        else if (child.kind === "option") this.state(s, child).pending.push({ file, read });
        else this.index(s, child, obj[key], file, [...rel, key]);
      }
    }
  }

  /** Computes (once) the merged definitions of an option. */
  mergedOf(leaf: OptionLeaf): Merged {
    const st = this.state(this.struct(), leaf);
    if (st.merged) return st.merged;
    return this.run(st, () => this.computeMerged(st));
  }

  private computeMerged(st: OptionState): Merged {
    const leaf = st.leaf;
    {
      const opt = leaf.option;
      const defs: { file: string; line?: number; value: unknown }[] = [];
      if ("default" in opt.spec) defs.push({ file: opt.declarations[0] ?? "<unknown-file>", value: mkOptionDefault(opt.spec.default) });
      for (const p of st.pending) defs.push({ file: p.file, value: p.read() });
      if (opt.spec.readOnly && defs.length > 1) {
        const separate = defs.map((d) => ({ ...d, value: safeValue(() => mergeDefinitions(opt.loc, opt.type, [d]).mergedValue) }));
        throw new ModuleError({
          code: "READ_ONLY",
          message: `The option \`${showOption(opt.loc)}' is read-only, but it's set multiple times. Definition values:${showDefs(separate)}`,
          optionPath: opt.loc,
          definitions: separate,
          hint: "A read-only option takes exactly one value; remove the other definitions.",
        });
      }
      return (st.merged = mergeDefinitions(opt.loc, opt.type, defs));
    }
  }

  /** Computes (once) the value of an option. */
  valueOf(leaf: OptionLeaf): unknown {
    const st = this.state(this.struct(), leaf);
    if (st.done) return st.value;
    return this.run(st, () => {
      const merged = st.merged ?? this.computeMerged(st);
      const v = merged.mergedValue;
      const apply = leaf.option.spec.apply;
      st.value = apply ? apply(v) : v;
      st.done = true;
      return st.value;
    });
  }

  private run<T>(st: OptionState, fn: () => T): T {
    if (st.running) throw reentered(st.frame);
    st.running = true;
    this.lineage.active.push(this);
    try {
      return guard(st.frame, fn);
    } finally {
      this.lineage.active.pop();
      st.running = false;
    }
  }

  private buildConfig(): Record<string, unknown> {
    const s = this.struct();
    const declared = this.declared();
    const freeform = this.freeformType();
    if (!freeform || s.unmatched.length === 0) return declared;
    const defs = s.unmatched.map((u) => ({ file: u.file, value: setAttrByPath(u.prefix, u.read()) }));
    const free = freeform.merge(this.prefix, defs) as Record<string, unknown>;
    return overlay(free, declared, s.tree);
  }

  private configNode(tree: DeclTree): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const names = [...tree.children.keys()].sort();
    for (const name of names) {
      const child = tree.children.get(name)!;
      const get = child.kind === "option" ? () => this.valueOf(child) : () => this.configNode(child);
      if (tree.path.length === this.prefix.length && name === "_module") {
        Object.defineProperty(obj, name, { enumerable: false, configurable: true, get: memo(get) });
      } else if (child.kind === "option") {
        Object.defineProperty(obj, name, { enumerable: true, configurable: true, get: () => this.valueOf(child) });
      } else {
        defineLazy(obj, name, get);
      }
    }
    return obj;
  }

  private buildOptions(tree: DeclTree): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    for (const name of [...tree.children.keys()].sort()) {
      const child = tree.children.get(name)!;
      defineLazy(obj, name, () => (child.kind === "option" ? this.optionInfo(child) : this.buildOptions(child)));
    }
    return obj;
  }

  private optionInfo(leaf: OptionLeaf): OptionInfo {
    const opt: MergedOption = leaf.option;
    const self = this;
    const spec = opt.spec;
    const info = {
      _type: "option" as const,
      loc: opt.loc,
      type: opt.type,
      declarations: opt.declarations,
      declarationPositions: opt.declarations.map((file) => ({ file })),
      description: spec.description,
      readOnly: spec.readOnly ?? false,
      internal: spec.internal ?? false,
      visible: spec.visible ?? true,
      get value() {
        return self.valueOf(leaf);
      },
      get isDefined() {
        return self.mergedOf(leaf).isDefined;
      },
      get highestPrio() {
        return self.mergedOf(leaf).highestPrio;
      },
      get definitions() {
        return self.mergedOf(leaf).defsFinal.map((d) => d.value);
      },
      get files() {
        return self.mergedOf(leaf).defsFinal.map((d) => d.file);
      },
      get definitionsWithLocations() {
        return self.mergedOf(leaf).defsFinal;
      },
      getSubOptions: (prefix?: readonly string[]) => opt.type.getSubOptions(prefix ?? opt.loc),
      toString: () => showOption(opt.loc),
    };
    for (const k of ["default", "defaultText", "example", "apply", "relatedPackages"] as const) {
      if (k in spec) Object.defineProperty(info, k, { value: spec[k], enumerable: true });
    }
    return info as unknown as OptionInfo;
  }

  private declared(): Record<string, unknown> {
    return (this.declaredRoot ??= this.configNode(this.struct().tree));
  }

  freeformType(): OptionType | null {
    return (this.declared()._module as { freeformType: OptionType | null }).freeformType;
  }

  private checkUnmatched(): void {
    const s = this.struct();
    if (s.unmatched.length === 0) return;
    const mod = this.declared()._module as { check: boolean; freeformType: OptionType | null };
    if (!mod.check || mod.freeformType) return;
    const sorted = [...s.unmatched].sort((a, b) => cmpPath(a.prefix, b.prefix));
    const first = sorted[0]!;
    const loc = [...this.prefix, ...first.prefix];
    const value = safeValue(first.read);
    const onlyModule = [...s.tree.children.keys()].every((k) => k === "_module");
    const candidates = this.siblingNames(s.tree, first.prefix);
    const suggestions = closest(first.prefix[first.prefix.length - 1]!, candidates);
    let hint = suggestions.length ? `Did you mean ${suggestions.map((x) => `\`${showOption([...loc.slice(0, -1), x])}'`).join(", ")}?` : undefined;
    if (onlyModule) {
      hint =
        this.prefix.length === 0
          ? "It seems as if you're trying to declare an option by placing it into `config' rather than `options'!"
          : `However there are no options defined in \`${showOption(this.prefix)}'. Are you sure you've declared your options properly? This can happen if you e.g. declared your options in \`types.submodule' under \`config' rather than \`options'.`;
    }
    throw new ModuleError({
      code: "UNKNOWN_OPTION",
      message: `The option \`${showOption(loc)}' does not exist. Definition values:${showDefs([{ file: first.file, value }])}`,
      optionPath: loc,
      definitions: [{ file: first.file, value }],
      hint,
    });
  }

  private siblingNames(tree: DeclTree, rel: readonly string[]): string[] {
    let t: DeclTree = tree;
    for (const k of rel.slice(0, -1)) {
      const c = t.children.get(k);
      if (!c || c.kind !== "tree") return [];
      t = c;
    }
    return [...t.children.keys()].filter((k) => k !== "_module");
  }
}

const scalarTypes = /^(unspecified|bool|boolByOr|int|float|number|str|nonEmptyStr|singleLineStr|enum|path|separatedString|intBetween|positiveInt|unsignedInt\d*|signedInt\d*|strMatching .*)$/;

function isScalar(t: OptionType): boolean {
  return scalarTypes.test(t.name) || (t.name === "nullOr" && isScalar(t.nestedTypes.elemType!));
}

/**
 * A module body can take a path into `config` freely, but a scalar option read there
 * and then used (in an `if`, a `?:`, a comparison) silently sees a reference, not the
 * value. Once the options are known, every scalar option read during collection must
 * have gone somewhere that defers it (a definition, a condition); otherwise it is
 * reported, naming the module and the option.
 */
function checkCollectionReads(lineage: Lineage, tree: DeclTree, modules: readonly NormalModule[]): void {
  const pending = lineage.taken.filter((i) => i.root === "config" && !i.consumed && scalarLeaf(tree, i.path));
  lineage.taken.length = 0;
  if (pending.length === 0) return;
  const wanted = new Set(pending);
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    const ref = refOf(v);
    if (ref) {
      wanted.delete(ref);
      return;
    }
    if (depth > 64 || v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (v instanceof MkIf) {
      visit(v.condition, depth + 1);
      visit(v.content, depth + 1);
    } else if (v instanceof MkMerge) v.contents.forEach((c) => visit(c, depth + 1));
    else if (v instanceof MkOverride || v instanceof MkOrder) visit(v.content, depth + 1);
    else if (v instanceof OptionDecl) visit(v.spec.default, depth + 1);
    else if (Array.isArray(v) || isPlainObject(v)) {
      for (const [, d] of Object.entries(Object.getOwnPropertyDescriptors(v))) if ("value" in d) visit(d.value, depth + 1);
    }
  };
  for (const m of modules) {
    if (wanted.size === 0) return;
    visit(m.config, 0);
    visit(m.options, 0);
  }
  const first = [...wanted][0];
  if (first) throw collectingError(first, "in a condition or comparison in its body");
}

function scalarLeaf(tree: DeclTree, path: readonly string[]): boolean {
  let t: DeclTree = tree;
  for (let i = 0; i < path.length; i++) {
    const c = t.children.get(path[i]!);
    if (!c) return false;
    if (c.kind === "option") return i === path.length - 1 && isScalar(c.option.type);
    t = c;
  }
  return false;
}

function memo(f: () => unknown): () => unknown {
  let done = false;
  let v: unknown;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}

function safeValue(f: () => unknown): unknown {
  try {
    return deref(f());
  } catch (e) {
    return `<error: ${(e as Error).message.split("\n")[0]}>`;
  }
}

function cmpPath(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

function setAttrByPath(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
}

/** `recursiveUpdate(free, declared)`: declared options win, sets merge where both are sets. */
function overlay(free: Record<string, unknown>, declared: Record<string, unknown>, tree: DeclTree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = new Set([...Object.keys(free), ...Object.keys(declared)]);
  for (const name of [...names].sort()) {
    const child = tree.children.get(name);
    if (!child) {
      Object.defineProperty(out, name, Object.getOwnPropertyDescriptor(free, name)!);
    } else if (!(name in free) || child.kind === "option") {
      Object.defineProperty(out, name, Object.getOwnPropertyDescriptor(declared, name)!);
    } else {
      defineLazy(out, name, () => {
        const f = free[name];
        const d = declared[name] as Record<string, unknown>;
        return isPlainObject(f) ? overlay(f, d, child) : d;
      });
    }
  }
  if ("_module" in declared) Object.defineProperty(out, "_module", Object.getOwnPropertyDescriptor(declared, "_module")!);
  return out;
}

/**
 * Expands `mkMerge` and pushes `mkIf`/`mkOverride` down to the children of a set of
 * definitions, so attribute names are known without deciding conditions.
 */
function pushDown(value: unknown, file: string, path: readonly string[]): Record<string, unknown>[] {
  const v = deref(value);
  if (v instanceof MkMerge) return v.contents.flatMap((c) => pushDown(c, file, path));
  if (v instanceof MkIf || v instanceof MkOverride) {
    return pushDown(v.content, file, path).map((o) => {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        Object.defineProperty(out, k, {
          enumerable: true,
          get: () => (v instanceof MkIf ? new MkIf(v.condition, o[k]) : new MkOverride(v.priority, o[k])),
        });
      }
      return out;
    });
  }
  if (!isPlainObject(v)) {
    throw new ModuleError({
      code: "TYPE_MISMATCH",
      message: `In module \`${file}', you're trying to define a value of type \`${v === null ? "null" : Array.isArray(v) ? "list" : typeof v}' rather than an attribute set for the option \`${showOption(path)}'! This usually happens if \`${showOption(path)}' has option definitions inside that are not matched.`,
      optionPath: path,
      definitions: [{ file, value: v }],
      hint: `\`${showOption(path)}' is a set of options; define its options one by one (${showValue(v)} is not a set).`,
    });
  }
  return [v];
}

let internalOptions: Record<string, unknown> | undefined;

/** The options of the internal module, the same for every evaluation. */
function internalModuleOptions(): Record<string, unknown> {
  return (internalOptions ??= {
    _module: {
      args: mkOption({ type: lazyAttrsOf(raw), internal: true, description: "Additional arguments passed to each module." }),
      check: mkOption({ type: bool, internal: true, default: true, description: "Whether to check whether all option definitions have matching declarations." }),
      freeformType: mkOption({ type: nullOr(optionType), internal: true, default: null, description: "If set, merge all definitions that don't have an associated option together using this type." }),
      specialArgs: mkOption({ readOnly: true, internal: true, description: "Externally provided module arguments that can't be modified from within a configuration." }),
    },
  });
}

/** The module every evaluation adds: `_module.args`, `.check`, `.freeformType`, `.specialArgs`. */
function internalModule(result: Partial<EvalResult>, specialArgs: Record<string, unknown>): unknown {
  return {
    _file: "lib/modules.ts",
    key: "lib/modules.ts",
    options: internalModuleOptions(),
    config: {
      _module: {
        args: {
          get extendModules() {
            return result.extendModules;
          },
          get moduleType() {
            return result.type;
          },
        },
        specialArgs,
      },
    },
  };
}

function freeformModules(mods: readonly NormalModule[]): NormalModule[] {
  return mods.map((m) =>
    m.freeformType
      ? { ...m, config: new MkMerge([m.config, { _module: { freeformType: m.freeformType } }]) }
      : m,
  );
}

function finish(ev: Evaluation, args: EvalModulesArgs, ctx: CollectContext, tops: StructuredModule[]): EvalResult {
  const result = ev.result as { -readonly [K in keyof EvalResult]: EvalResult[K] };
  const internal = collectStructured(ctx, [internalModule(result, ctx.specialArgs)], "lib/modules.ts", "");
  ev.modules = freeformModules(closure([...tops, ...internal], ctx.specialArgs.modulesPath));
  ev.collecting = false;
  Object.defineProperties(result, {
    config: { enumerable: true, get: () => ev.checkedConfig() },
    options: { enumerable: true, get: () => ev.options },
    _module: { enumerable: true, get: () => ev.config._module },
  });
  result.class = args.class;
  (result as { _type?: string })._type = "configuration";
  result.modules = ev.modules;
  result.extendModules = (ext: ExtendModulesArgs = {}) => extend(ev, args, ctx, tops, ext);
  let type: OptionType | undefined;
  Object.defineProperty(result, "type", {
    enumerable: true,
    get: () => (type ??= submoduleWith({ modules: args.modules, specialArgs: args.specialArgs ?? {}, class: args.class })),
  });
  return result as EvalResult;
}

function extend(base: Evaluation, args: EvalModulesArgs, ctx: CollectContext, tops: StructuredModule[], ext: ExtendModulesArgs): EvalResult {
  const specialArgs = ext.specialArgs ? mergeSpecialArgs(args.specialArgs ?? {}, ext.specialArgs) : args.specialArgs;
  const next: EvalModulesArgs = {
    modules: [...args.modules, ...(ext.modules ?? [])],
    specialArgs,
    prefix: ext.prefix ?? args.prefix,
    class: args.class,
  };
  const samePrefix = (ext.prefix ?? args.prefix ?? []).join("\0") === (args.prefix ?? []).join("\0");
  if (ext.specialArgs || !samePrefix) return evalModules(next);
  const ev = new Evaluation(next, base.lineage, tops, {});
  base.lineage.active.push(ev);
  try {
    const added = collectStructured(ctx, ext.modules ?? [], "<unknown-file>", "", args.modules.length);
    return finish(ev, next, ctx, [...tops, ...added]);
  } finally {
    base.lineage.active.pop();
  }
}

/**
 * Evaluates a list of modules.
 *
 * @example
 * const { config } = evalModules({ modules: [
 *   { options: { port: mkOption({ type: types.port, default: 80 }) } },
 *   { port: mkForce(8080) },
 * ] });
 * config.port; // 8080
 */
export function evalModules<C = any>(args: EvalModulesArgs): EvalResult<C> {
  const specialArgs = specialArgsValues(args.specialArgs ?? {});
  const result: Partial<EvalResult> = {};
  const lineage = new Lineage(undefined as unknown as RefHost);
  const ev = new Evaluation(args, lineage, [], result);
  lineage.owner = ev;
  const ctx: CollectContext = { lineage, specialArgs, class: args.class, prefix: args.prefix ?? [], lib };
  const tops = collectStructured(ctx, args.modules, "<unknown-file>", "");
  return finish(ev, args, ctx, tops) as EvalResult<C>;
}
