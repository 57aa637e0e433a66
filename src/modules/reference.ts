/**
 * References into `config`, `options` and `_module.args`, handed to module functions.
 *
 * A module function runs while modules are collected, before any option has a value.
 * Taking a path (`const cfg = config.services.web`) is free: it gives a reference.
 * Once collection is over, a reference behaves as the value it names (property reads,
 * enumeration, serialization go through to it). Using a reference as a value while
 * modules are still being collected (reading it as a string or number, enumerating
 * it, serializing it) is an error that names the module and the path.
 *
 * References resolve against the evaluation that is current for their lineage, so the
 * modules collected once can serve an evaluation and all its `extendModules`.
 */
import { ModuleError } from "./errors/module-error.js";
import { showOption } from "./errors/render.js";
import { Lazy } from "./lazy.js";

/** What a reference needs from an evaluation. */
export interface RefHost {
  readonly collecting: boolean;
  readonly config: Record<string, unknown>;
  readonly options: Record<string, unknown>;
}

/**
 * The evaluations that share one set of collected modules: a base and its
 * extensions. `active` holds the ones evaluating right now, innermost last.
 */
export class Lineage {
  readonly active: RefHost[] = [];
  constructor(public owner: RefHost) {}
  current(): RefHost {
    const a = this.active;
    return a.length > 0 ? a[a.length - 1]! : this.owner;
  }
}

type Root = "config" | "options";

interface RefInfo {
  lineage: Lineage;
  root: Root;
  path: string[];
  file: string;
}

const REF = Symbol("tsden.reference");

function describe(info: RefInfo): string {
  return info.path.length === 0 ? info.root : `${info.root}.${showOption(info.path)}`;
}

function collectingError(info: RefInfo): ModuleError {
  const what = describe(info);
  return new ModuleError({
    code: "CONFIG_DURING_COLLECTION",
    message:
      `The module \`${info.file}' uses the value of \`${what}' while modules are being collected ` +
      `(in its body, in \`imports', or as a plain value). Values of \`${info.root}' exist only once every module is collected.`,
    optionPath: info.path,
    hint:
      `Defer the read: write a getter \`get x() { return ${what}; }\`, or \`lazy(() => ${what})\`, ` +
      `or for a condition \`mkIf(() => ${what}, { ... })\`.`,
  });
}

/** Reads the value a reference names (throws while its evaluation collects modules). */
function resolve(info: RefInfo): unknown {
  const host = info.lineage.current();
  if (host.collecting) throw collectingError(info);
  let v: unknown = info.root === "config" ? host.config : host.options;
  for (const key of info.path) {
    v = deref(v);
    if (v === null || typeof v !== "object") {
      throw new ModuleError({
        code: "NO_VALUE",
        message: `\`${describe(info)}' does not exist: \`${key}' is read from a value that is not an attribute set.`,
        optionPath: info.path,
      });
    }
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const handler: ProxyHandler<{ [REF]: RefInfo }> = {
  get(target, prop) {
    const info = target[REF];
    if (prop === REF) return info;
    const host = info.lineage.current();
    if (host.collecting) {
      if (typeof prop === "symbol" || prop === "toJSON" || prop === "then") throw collectingError(info);
      return makeRef(info.lineage, info.root, [...info.path, prop], info.file);
    }
    const v = deref(resolve(info));
    if (v === null || v === undefined) return undefined;
    const out = Reflect.get(Object(v), prop);
    return typeof out === "function" && typeof prop === "symbol" ? out.bind(v) : out;
  },
  has(target, prop) {
    return prop in Object(deref(resolve(target[REF])));
  },
  ownKeys(target) {
    return Reflect.ownKeys(Object(deref(resolve(target[REF]))));
  },
  getOwnPropertyDescriptor(target, prop) {
    const d = Reflect.getOwnPropertyDescriptor(Object(deref(resolve(target[REF]))), prop);
    return d ? { ...d, configurable: true } : undefined;
  },
  set(target) {
    throw new ModuleError({
      code: "INVALID_MODULE",
      message: `The module \`${target[REF].file}' assigns to \`${describe(target[REF])}'; configuration is defined by returning it, not by assignment.`,
    });
  },
};

/** A reference to `root.path` for the module `file`, resolved through `lineage`. */
export function makeRef(lineage: Lineage, root: Root, path: string[], file: string): unknown {
  const target = Object.create(null) as { [REF]: RefInfo };
  target[REF] = { lineage, root, path, file };
  return new Proxy(target, handler);
}

/** Whether `v` is a reference. */
export function isRef(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[REF] !== undefined;
}

/** The module and path of a reference, for messages. */
export function refInfo(v: unknown): { file: string; path: string } | undefined {
  if (!isRef(v)) return undefined;
  const info = (v as Record<symbol, RefInfo>)[REF];
  return { file: info.file, path: describe(info) };
}

/** The value behind references and `lazy` wrappers, followed until a plain value. */
export function deref(v: unknown): unknown {
  for (;;) {
    if (v instanceof Lazy) v = v.thunk();
    else if (typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[REF] !== undefined)
      v = resolve((v as Record<symbol, RefInfo>)[REF]);
    else return v;
  }
}
