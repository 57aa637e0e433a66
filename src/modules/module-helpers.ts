/**
 * Helpers of nixpkgs `lib.modules` and `lib.options` that build modules, options or
 * definitions from others (no evaluation of their own):
 * - `setDefaultModuleLocation(file, m)`: `m` imported from a module whose file is
 *   `file`, so that its definitions name `file` unless it says otherwise;
 * - `importApply(path, arg)`: the module that the file `path` exports as a function of
 *   `arg`, applied, located at `path`; it has no key of its own (each application is
 *   a module of its own, and disabling `path` does not disable it);
 * - `mkDerivedConfig(option, f)`: a definition of `f(option.value)` at the option's
 *   priority (both read when the definition is merged);
 * - `mergeAttrDefinitionsWithPrio(option)`: per attribute of an `attrsOf` option, its
 *   merged value and the priority that won;
 * - `mkSinkUndeclaredOptions(attrs)`: an option that takes any definitions and whose
 *   value may not be read;
 * - `mkPackageOption(pkgs, name, { nullable, default, example, extraDescription,
 *   pkgsText })`: a package option whose default is `pkgs.<default>`, documented as
 *   such.
 */
import { createRequire } from "node:module";
import { isAbsolute, resolve as resolvePath } from "node:path";
import { literalExpression } from "./docs.js";
import { ModuleError } from "./errors/module-error.js";
import { lazy } from "./lazy.js";
import { discharge, mergeDefinitions } from "./merge.js";
import { mkOption, type OptionSpec } from "./option.js";
import { MkOverride } from "./properties.js";
import { priorities } from "./priority.js";
import { pushDown } from "./push-down.js";
import { deref } from "./reference.js";
import { nullOr } from "./types/compound.js";
import { mkOptionType, type OptionType } from "./types/option-type.js";
import { packageType } from "./types/primitives.js";

/** nixpkgs `defaultOverridePriority`: the priority of a plain definition (100). */
export const defaultOverridePriority: number = priorities.plain;

/**
 * `m` as a module imported from `file` (nixpkgs `setDefaultModuleLocation`): its
 * definitions name `file` unless it gives its own `_file`.
 */
export function setDefaultModuleLocation(file: string, m: unknown): { _file: string; imports: unknown[] } {
  return { _file: file, imports: [m] };
}

const require = createRequire(import.meta.url);

/**
 * The module that the file `path` exports (its default export, or itself) as a
 * function of `arg`, applied to `arg`, with `path` as its file (nixpkgs `importApply`).
 * The result has no key: two applications are two modules.
 *
 * @example imports: [importApply("./modules/web.js", { port: 8080 })]
 */
export function importApply(path: string, arg: unknown): { _file: string; imports: unknown[] } {
  const abs = isAbsolute(path) ? path : resolvePath(path);
  let loaded: unknown;
  try {
    loaded = require(abs);
  } catch (e) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `importApply: cannot import \`${abs}': ${e instanceof Error ? e.message : String(e)}`,
      hint: "importApply loads a JavaScript file whose export is a function of one argument returning a module.",
    });
  }
  const f =
    loaded && typeof loaded === "object" && "default" in loaded ? (loaded as { default: unknown }).default : loaded;
  if (typeof f !== "function") {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `importApply: \`${abs}' does not export a function (it exports ${f === null ? "null" : typeof f}).`,
      hint: "Export a function of the static argument that returns the module.",
    });
  }
  return setDefaultModuleLocation(abs, (f as (a: unknown) => unknown)(arg));
}

/** What `mkDerivedConfig` reads of an option. */
interface OptionLike {
  readonly value: unknown;
  readonly highestPrio?: number;
}

/**
 * A definition of `f(option.value)` with the option's priority (nixpkgs
 * `mkDerivedConfig`): both are read when the definition is merged, so `option` may be
 * taken from the module's `options` argument.
 *
 * @example config: { source: mkDerivedConfig(options.text, (t) => writeText("x.conf", t)) }
 */
export function mkDerivedConfig<A, B>(option: A, f: (value: A extends OptionLike ? A["value"] : unknown) => B): B {
  const opt = () => deref(option) as OptionLike;
  const o = new MkOverride(
    priorities.plain,
    lazy(() => f(deref(opt().value) as never)),
  );
  Object.defineProperty(o, "priority", { get: () => opt().highestPrio ?? priorities.plain, enumerable: true });
  return o as unknown as B;
}

/** What `mergeAttrDefinitionsWithPrio` reads of an option. */
interface AttrsOption {
  readonly loc: readonly string[];
  readonly type: OptionType;
  readonly definitionsWithLocations: readonly { file: string; line?: number; value: unknown }[];
}

/**
 * Per attribute of an `attrsOf`/`lazyAttrsOf` option: the merged value and the
 * priority that won, from the option's definitions (nixpkgs
 * `mergeAttrDefinitionsWithPrio`). Values are merged when read.
 */
export function mergeAttrDefinitionsWithPrio(option: unknown): Record<string, { value: unknown; highestPrio: number }> {
  const opt = deref(option) as AttrsOption;
  if (opt.type.name !== "attrsOf" && opt.type.name !== "lazyAttrsOf") {
    throw new ModuleError({
      code: "INVALID_ARGUMENT",
      message: `mergeAttrDefinitionsWithPrio: the option \`${opt.loc.join(".")}' is not an attribute set option (its type is ${opt.type.name}).`,
      optionPath: opt.loc,
    });
  }
  const byAttr = new Map<string, { file: string; line?: number; value: unknown }[]>();
  for (const def of opt.definitionsWithLocations) {
    for (const set of pushDown(def.value, def.file, opt.loc)) {
      for (const k of Object.keys(set)) {
        let list = byAttr.get(k);
        if (!list) byAttr.set(k, (list = []));
        list.push({ file: def.file, line: def.line, value: set[k] });
      }
    }
  }
  const elemType = opt.type.nestedTypes.elemType!;
  const out: Record<string, { value: unknown; highestPrio: number }> = {};
  for (const [k, defs] of byAttr) {
    const loc = [...opt.loc, k];
    out[k] = {
      get value() {
        return mergeDefinitions(loc, elemType, defs).mergedValue;
      },
      // The priority is that of the definitions' overrides: their values are not read.
      get highestPrio() {
        let prio = 9999;
        for (const d of defs)
          for (const v of discharge(d.value, d.file, loc))
            prio = Math.min(prio, v instanceof MkOverride ? v.priority : priorities.plain);
        return prio;
      },
    };
  }
  return out;
}

/** A type taking any definitions and merging them to `false` (nixpkgs' `sink`). */
const sink = mkOptionType<boolean>({ name: "sink", check: () => true, merge: () => false });

/**
 * An option that accepts any definitions but has no readable value (nixpkgs
 * `mkSinkUndeclaredOptions`): for modules shared with configurations that do not
 * declare some of their options. `attrs` overrides the fields of the declaration.
 */
export function mkSinkUndeclaredOptions(attrs: OptionSpec = {}): unknown {
  return mkOption({
    internal: true,
    visible: false,
    default: false,
    description: "Sink for option definitions.",
    type: sink,
    apply: () => {
      throw new ModuleError({
        code: "NO_VALUE",
        message: "Option value is not readable because the option is not declared.",
        hint: "This option only collects definitions; declare the option to read its value.",
      });
    },
    ...attrs,
  } as OptionSpec);
}

const identifier = /^[A-Za-z_][A-Za-z0-9_'-]*$/;
const keywords = new Set(["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"]);
/** A Nix string literal of `s` (nixpkgs `escapeNixString`). */
const nixString = (s: string) => JSON.stringify(s).replace(/\$/g, "\\$");

/** An attribute path as Nix writes it (nixpkgs `showAttrPath`): names quoted where needed. */
export function showAttrPath(path: readonly string[]): string {
  if (path.length === 0) return "<root attribute path>";
  return path.map((n) => (identifier.test(n) && !keywords.has(n) ? n : nixString(n))).join(".");
}

/** What `mkPackageOption` takes. */
export interface PackageOptionArgs {
  /** Whether the option may be null. */
  nullable?: boolean;
  /** The attribute path of the default in `pkgs` (default: `name`); null for no default. */
  default?: string | readonly string[] | null;
  /** An example: an attribute path in `pkgs`, or an expression as text. */
  example?: string | readonly string[] | null;
  /** Text added after "The <name> package to use.". */
  extraDescription?: string;
  /** How `pkgs` is written in the documentation (default "pkgs"). */
  pkgsText?: string;
}

/**
 * An option for a package taken from the package set `pkgs` (nixpkgs
 * `mkPackageOption`): of type `package` (or `nullOr(package)`), described "The <name>
 * package to use.", defaulting to `pkgs.<default>` (documented as such).
 *
 * @example options: { package: mkPackageOption(pkgs, "hello", {}) }
 */
export function mkPackageOption(
  pkgs: unknown,
  name: string | readonly string[],
  args: PackageOptionArgs = {},
): unknown {
  const { nullable = false, example = null, extraDescription = "", pkgsText = "pkgs" } = args;
  const dflt = "default" in args ? args.default : name;
  const shortName = typeof name === "string" ? name : name[name.length - 1]!;
  const spec: Record<string, unknown> = {};
  if (dflt !== null && dflt !== undefined) {
    const path = typeof dflt === "string" ? [dflt] : [...dflt];
    const text = showAttrPath(path);
    Object.defineProperty(spec, "default", {
      enumerable: true,
      get: () => {
        let v: unknown = deref(pkgs);
        for (const k of path) {
          if (v === null || typeof v !== "object" || !(k in v)) {
            throw new ModuleError({
              code: "NO_VALUE",
              message: `${text} cannot be found in ${pkgsText}`,
              hint: `Give the package set a \`${text}', or the option another default.`,
            });
          }
          v = deref((v as Record<string, unknown>)[k]);
        }
        return v;
      },
    });
    spec.defaultText = literalExpression(`${pkgsText}.${text}`);
  } else if (nullable) spec.default = null;
  spec.description = `The ${shortName} package to use.${extraDescription === "" ? "" : ` ${extraDescription}`}`;
  spec.type = nullable ? nullOr(packageType) : packageType;
  if (example !== null && example !== undefined)
    spec.example = literalExpression(typeof example === "string" ? example : `${pkgsText}.${showAttrPath(example)}`);
  return mkOption(spec as OptionSpec);
}
