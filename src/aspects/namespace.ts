/**
 * Namespaces: aspects shared across projects (Den's `den.namespace` and its angle
 * brackets). `namespace("acme", sources)` is a module that declares `den.ful.acme`, a
 * set of aspects named `acme.<name>`, writable at the top level as `acme.<name>` and
 * given to modules as the argument `acme`. Each source is what a package exports
 * (`{ denful: { acme: { <name>: aspect } } }`), merged into the namespace; `true` among
 * the sources (or `sources === true`) also exports the namespace at
 * `flake.denful.acme`, for other projects to import.
 *
 * `lookup(den, "foo/bar")` is the angle-bracket lookup (`<foo/bar>`): `/` goes down
 * `provides`; the first name is `den` (`den.provides.hostname` as "den.provides.hostname"
 * or "den/hostname" for den.provides), an aspect of `den.aspects`, or a namespace.
 */
import { applicable } from "./den-lib-module.js";
import { force, mkAliasOptionModule, mkOption, mkOptionType, type OptionType, types } from "../modules/index.js";
import { aspectType, withCall, type Aspect } from "./aspect.js";
import { ctxTreeType } from "./ctx-tree.js";
import { pipeline } from "./pipeline.js";

/** What a package exports for a namespace: `{ denful: { <namespace>: { <name>: aspect } } }`. */
export interface DenfulSource {
  readonly denful: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * A module declaring the namespace `name`, with the aspects of `sources` merged in.
 *
 * @example
 * import * as acme from "@acme/den-aspects"; // exports denful.acme
 * export default namespace("acme", [acme]);   // then: den.aspects.web.includes = [acme.nginx]
 */
export function namespace(name: string, sources: boolean | readonly (DenfulSource | boolean)[] = false): unknown {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name))
    throw new TypeError(`namespace: ${JSON.stringify(name)} is not a namespace name (letters, digits, _ and -)`);
  const list = typeof sources === "boolean" ? [sources] : sources;
  const exported = list.includes(true);
  const defs: unknown[] = [];
  list.forEach((s, i) => {
    if (typeof s === "boolean") return;
    const ns = (force(s) as DenfulSource | undefined)?.denful?.[name];
    if (ns === undefined)
      throw new TypeError(
        `namespace "${name}": source #${i} has no denful.${name} (a package exports { denful: { ${name}: { ... } } })`,
      );
    defs.push({ _file: `namespace ${name} (source #${i})`, config: { den: { ful: { [name]: ns } } } });
  });
  return ({ config }: { config: { den: { ful: Record<string, unknown> } } }) => ({
    _file: `namespace ${name}`,
    key: `den/namespace:${name}`,
    imports: [mkAliasOptionModule([name], ["den", "ful", name]), ...defs],
    options: {
      den: {
        ful: {
          [name]: mkOption({
            type: types.lazyAttrsOf(namespaceEntryType(name, () => config.den.ful[name] as Record<string, any>)),
            default: {},
            description: `The aspects of the namespace ${name} (also written ${name}.<aspect>, and the module argument ${name}).`,
          }),
        },
      },
    },
    config: {
      _module: {
        args: {
          get [name]() {
            return config.den.ful[name];
          },
        },
      },
      ...(exported
        ? {
            flake: {
              denful: {
                get [name]() {
                  return config.den.ful[name];
                },
              },
            },
          }
        : {}),
    },
  });
}

/**
 * The aspect at `path` (Den's `<path>`): `/` goes down `provides`, `.` down fields.
 *
 * @example
 * lookup(den, "igloo/to-users"); lookup(den, "acme/nginx"); lookup(den, "den.provides.hostname")
 */
export function lookup(den: unknown, path: string): unknown {
  const d = den as Record<string, any>;
  const parts = path.replace(/\//g, ".provides.").split(".");
  const [head, ...tail] = parts;
  let base: unknown;
  let rest = tail;
  if (head === "den") base = d;
  else if (head !== undefined && d.aspects && Object.hasOwn(d.aspects, head)) base = d.aspects[head];
  else if (head !== undefined && d.ful && Object.hasOwn(d.ful, head)) {
    base = d.ful[head];
    if (rest[0] === "provides") rest = rest.slice(1);
  } else
    throw new Error(
      `den: no aspect \`${path}' (the first name is neither den, an aspect of den.aspects nor a namespace)`,
    );
  let v: unknown = base;
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i]!;
    const o = force(v) as Record<string, unknown> | null;
    if ((typeof o !== "object" && typeof o !== "function") || o === null || !(k in o)) {
      throw new Error(`den: no aspect \`${path}': \`${[head, ...rest.slice(0, i + 1)].join(".")}' does not exist`);
    }
    v = o[k];
  }
  return v;
}

/**
 * The type of an entry of a namespace: `ctx` holds the namespace's own context stages
 * (a tree as `den.ctx`; `<ns>.ctx.<stage>(ctx)` runs the pipeline among them), `schema`
 * deferred modules by name (for entities of one's own), any other name an aspect.
 */
function namespaceEntryType(name: string, ns: () => Record<string, any>): OptionType<unknown> {
  const aspect = aspectType({ identity: (loc) => `${name}.${loc[loc.length - 1]}`, call: applicable });
  // loc of a stage: den.ful.<name>.ctx.<path...>
  const path = (loc: readonly string[]) => loc.slice(4).join(".");
  const stages = types.lazyAttrsOf(
    ctxTreeType(
      aspectType({
        identity: (loc) => `${name}.ctx/${path(loc)}`,
        call: (loc, a: Aspect) =>
          withCall(
            a,
            (ctx: Record<string, unknown>) => pipeline(ns().ctx, path(loc), ctx, `${name}.ctx:${path(loc)}`).aspect,
          ),
      }),
    ),
  );
  const schema = types.lazyAttrsOf(types.deferredModule);
  return mkOptionType<unknown>({
    name: "namespaceEntry",
    description: `aspect of the namespace ${name} (or its ctx stages, or its schema modules)`,
    descriptionClass: "noun",
    check: (v) => v !== null && (typeof v === "object" || typeof v === "function"),
    merge: (loc, defs) => {
      const key = loc[loc.length - 1];
      if (key === "ctx") return stages.merge(loc, defs);
      if (key === "schema") return schema.merge(loc, defs);
      return aspect.merge(loc, defs);
    },
    emptyValue: undefined,
  });
}
