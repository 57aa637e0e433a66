/**
 * References into `config`, `options` and `_module.args`, handed to module functions.
 *
 * A module function runs while modules are collected, before any option has a value.
 * Taking a path (`const cfg = config.services.web`) is free: it gives a reference.
 * Once collection is over, a reference behaves as the value it names (property reads,
 * enumeration, serialization go through to it). Calling one while modules are
 * collected gives the call's result lazily. Using a reference as a value while
 * modules are still being collected (reading it as a string or number, enumerating
 * it, serializing it) is an error that names the module and the path.
 *
 * References resolve against the evaluation that is current for their lineage, so the
 * modules collected once can serve an evaluation and all its `extendModules`.
 */
import { ModuleError } from "./errors/module-error.js";
import { showOption } from "./errors/render.js";
import { Lazy } from "./lazy.js";
import type { Lineage } from "./lineage.js";

/** What a reference needs from an evaluation. */
export interface RefHost {
  readonly collecting: boolean;
  readonly config: Record<string, unknown>;
  readonly options: Record<string, unknown>;
  /** The module argument `name` (from `_module.args`); `has` false when there is none. */
  moduleArg(name: string): { has: boolean; value?: unknown };
}

/** What a reference starts from: `config`, `options`, or a module argument (`_module.args.<name>`). */
export type Root = "config" | "options" | "args";

/** What a reference names. */
export interface RefInfo {
  lineage: Lineage;
  root: Root;
  path: string[];
  file: string;
  /** Whether the value was used in a way that defers it (a condition, a definition, a read after collection). */
  consumed?: boolean;
}

const REF = Symbol("tsden.reference");

function describe(info: RefInfo): string {
  if (info.root === "args")
    return `the module argument \`${info.path[0]}'${info.path.length > 1 ? `.${showOption(info.path.slice(1))}` : ""}`;
  return info.path.length === 0 ? info.root : `${info.root}.${showOption(info.path)}`;
}

/** The error for using a value of the configuration while modules are collected. */
export function collectingError(info: RefInfo, how = "in its body, in `imports', or in a condition"): ModuleError {
  const what = describe(info);
  // The expression a getter would return: `config.a.b`, or the argument's name and path.
  const expr = info.root === "args" ? info.path.join(".") : what;
  return new ModuleError({
    code: "INFINITE_RECURSION",
    message:
      (info.root === "args" ? `while evaluating the module argument \`${info.path[0]}' in \`${info.file}':\n` : "") +
      `infinite recursion encountered: the module \`${info.file}' uses the value of ${info.root === "args" ? what : `\`${what}'`} while modules are being collected (${how}). ` +
      `If you get an infinite recursion here, you probably reference \`config\` in \`imports\`, or test a configuration value with \`if\`/\`?:\` in a module body. ` +
      `If you are trying to achieve a conditional import behavior dependent on \`config\`, consider importing unconditionally, and using \`mkEnableOption\` and \`mkIf\` to control its effect.`,
    optionPath: info.root === "args" ? ["_module", "args", ...info.path] : info.path,
    hint:
      `Defer the read: write a getter \`get x() { return ${expr}; }\`, or \`lazy(() => ${expr})\`, ` +
      `or for a condition \`mkIf(() => ${expr}, { ... })\`.`,
  });
}

/** Reads the value a reference names (throws while its evaluation collects modules). */
function resolve(info: RefInfo): unknown {
  const host = info.lineage.current();
  if (host.collecting) throw collectingError(info);
  info.consumed = true;
  let v: unknown = info.root === "options" ? host.options : host.config;
  if (info.root === "args") {
    const name = info.path[0]!;
    const arg = host.moduleArg(name);
    if (!arg.has) {
      throw new ModuleError({
        code: "NO_VALUE",
        message: `while evaluating the module argument \`${name}' in \`${info.file}': the module asks for the module argument \`${name}', which is neither a specialArg nor defined in \`_module.args'.`,
        optionPath: ["_module", "args", name],
        hint: `Pass it with evalModules({ specialArgs: { ${name} } }), or define \`_module.args.${name}' in a module.`,
      });
    }
    v = arg.value;
  }
  for (const key of info.root === "args" ? info.path.slice(1) : info.path) {
    v = deref(v);
    if (v === null || (typeof v !== "object" && typeof v !== "function")) {
      throw new ModuleError({
        code: "NO_VALUE",
        message: `\`${describe(info)}' does not exist: \`${key}' is read from a value that is not an attribute set.`,
        optionPath: info.path,
      });
    }
    try {
      v = (v as Record<string, unknown>)[key];
    } catch (e) {
      throw locatedError(e, info);
    }
  }
  return v;
}

/**
 * An error thrown by reading a name through a reference (`pkgs.cowsy` from a package
 * set that knows no such name), marked with the module that wrote the read: `file`
 * and `expression` (`pkgs.cowsy`), so a report can point at its line. Module errors
 * and errors already marked pass unchanged.
 */
function locatedError(e: unknown, info: RefInfo): unknown {
  if (!(e instanceof Error) || e instanceof ModuleError || "file" in e) return e;
  const expression = info.root === "args" ? info.path.join(".") : `${info.root}.${info.path.join(".")}`;
  return Object.assign(e, { file: info.file, expression });
}

type Target = (() => void) & { [REF]: RefInfo };

const handler: ProxyHandler<Target> = {
  get(target, prop) {
    const info = target[REF];
    if (prop === REF) return info;
    const host = info.lineage.current();
    if (host.collecting) {
      if (typeof prop === "symbol" || prop === "toJSON" || prop === "then") throw collectingError(info, "as a value");
      return makeRef(info.lineage, info.root, [...info.path, prop], info.file);
    }
    const v = deref(resolve(info));
    if (v === null || v === undefined) return undefined;
    const out = Reflect.get(Object(v), prop);
    // A primitive's methods (`valueOf` and `toString`, which `+` and template strings
    // call, `toFixed`, ...) are called on the reference: they get the value itself.
    return typeof out === "function" && (typeof prop === "symbol" || typeof v !== "object") ? out.bind(v) : out;
  },
  has(target, prop) {
    const info = target[REF];
    if (info.root === "options" && typeof prop === "string" && info.lineage.current().collecting)
      return optionNames(info).includes(prop);
    return prop in Object(deref(resolve(info)));
  },
  ownKeys(target) {
    const info = target[REF];
    if (info.root === "options" && info.lineage.current().collecting) return optionNames(info);
    return Reflect.ownKeys(Object(deref(resolve(info))));
  },
  getOwnPropertyDescriptor(target, prop) {
    const d = Reflect.getOwnPropertyDescriptor(Object(deref(resolve(target[REF]))), prop);
    return d ? { ...d, configurable: true } : undefined;
  },
  apply(target, thisArg, args) {
    // Calling a reference while modules are collected (`den.aspects.facter("/r")`,
    // `den.provides.forward({ ... })`) gives the call's result lazily: it is made when
    // the definition holding it is read.
    if (target[REF].lineage.current().collecting) return deferred(() => callRef(target[REF], thisArg, args));
    return callRef(target[REF], thisArg, args);
  },
  getPrototypeOf(target) {
    return Reflect.getPrototypeOf(Object(deref(resolve(target[REF]))));
  },
  set(target) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `The module \`${target[REF].file}' assigns to \`${describe(target[REF])}'; configuration is defined by returning it, not by assignment.`,
    });
  },
};

/**
 * A value computed when used (a `lazy` value) whose properties are deferred the same
 * way: what a call of a reference gives while modules are collected, so that
 * `extendModules({ ... }).type` can be written in a module body.
 */
function deferred(compute: () => unknown): unknown {
  return new Proxy(new Lazy(compute), {
    get(t, p, r) {
      if (typeof p === "symbol" || p in t) return Reflect.get(t, p, r);
      return deferred(() => (deref(compute()) as Record<string, unknown> | null | undefined)?.[p]);
    },
  });
}

/**
 * The names of options (and sets of options) under an `options` reference, asked while
 * modules are collected (nixpkgs allows `options ? x` in a module body: options do not
 * depend on the configuration). They are taken from the previous collection of the
 * same modules; the evaluation collects again until the answers agree (eval.ts).
 */
function optionNames(info: RefInfo): string[] {
  const lineage = info.lineage;
  lineage.askedOptions = true;
  const known = lineage.knownOptions;
  if (!known) return [];
  const prefix = info.path.length === 0 ? "" : `${info.path.join("\0")}\0`;
  const names = new Set<string>();
  for (const p of known) {
    if (!p.startsWith(prefix) || p.length === prefix.length) continue;
    const rest = p.slice(prefix.length);
    const end = rest.indexOf("\0");
    names.add(end === -1 ? rest : rest.slice(0, end));
  }
  return [...names].sort();
}

function callRef(info: RefInfo, thisArg: unknown, args: unknown[]): unknown {
  const f = deref(resolve(info));
  if (typeof f !== "function") {
    throw new ModuleError({
      code: "TYPE_MISMATCH",
      message: `\`${describe(info)}' is called, but it is not a function.`,
    });
  }
  return Reflect.apply(f, thisArg, args);
}

/** A reference to `root.path` for the module `file`, resolved through `lineage`. */
export function makeRef(lineage: Lineage, root: Root, path: string[], file: string): unknown {
  const target = (() => {}) as Target;
  const info: RefInfo = { lineage, root, path, file };
  target[REF] = info;
  if (lineage.current().collecting) lineage.taken.push(info);
  return new Proxy(target, handler);
}

/** Whether `v` is a reference. */
export function isRef(v: unknown): boolean {
  return typeof v === "function" && (v as unknown as Record<symbol, unknown>)[REF] !== undefined;
}

/** What a reference names, or undefined for other values. */
export function refOf(v: unknown): RefInfo | undefined {
  return isRef(v) ? (v as unknown as Record<symbol, RefInfo>)[REF] : undefined;
}

/** The module and path of a reference, for messages. */
export function refInfo(v: unknown): { file: string; path: string } | undefined {
  const info = refOf(v);
  return info && { file: info.file, path: describe(info) };
}

/** The value behind references and `lazy` wrappers, followed until a plain value. */
export function deref(v: unknown): unknown {
  for (;;) {
    if (v instanceof Lazy) v = v.thunk();
    else if (typeof v === "function" && (v as unknown as Record<symbol, unknown>)[REF] !== undefined)
      v = resolve((v as unknown as Record<symbol, RefInfo>)[REF]);
    else return v;
  }
}
