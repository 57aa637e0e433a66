/**
 * `den.schema`: modules added to every entity of a kind (`host`, `user`, `home`;
 * `conf` goes to all three), to every aspect (`aspect`: its options become aspect
 * fields rather than classes) and to the outputs tree (`flake`: options of `flake.*`),
 * and `strict` (for every kind, or per kind; or `den.lib.strict` imported by a kind's
 * schema, as in Den), which turns unknown entity fields (and unknown outputs, for
 * `flake`) into errors saying where to declare them.
 */
import { evalModules, mkOption, types } from "../modules/index.js";
import type { AspectDefinition } from "./aspect.js";
import { force } from "../modules/index.js";

/** The `den.schema` options. */
export function schemaOptions(): Record<string, unknown> {
  const mod = (description: string) => mkOption({ type: types.deferredModule, default: {} as never, description });
  return {
    host: mod("A module added to every host (receives { host })."),
    user: mod("A module added to every user (receives { user, host })."),
    home: mod("A module added to every home (receives { home })."),
    conf: mod("A module added to every host, user and home."),
    aspect: mod("A module added to every aspect: the options it declares are aspect fields, not classes."),
    flake: mkOption({
      type: types.nullOr(types.deferredModule),
      default: null,
      description: "A module of the outputs tree `flake`: the options it declares type those outputs.",
    }),
    strict: mkOption({
      type: types.either(
        types.bool,
        types.submodule({
          options: Object.fromEntries(
            ["host", "user", "home", "aspect", "flake"].map((k) => [
              k,
              mkOption({
                type: types.bool,
                default: false,
                description:
                  k === "aspect"
                    ? "Whether an aspect key that is neither a field (den.schema.aspect) nor a known class is an error."
                    : k === "flake"
                      ? "Whether an output that neither den nor den.schema.flake declares is an error."
                      : `Whether unknown fields of ${k}s are errors.`,
              }),
            ]),
          ),
        }),
      ),
      default: false,
      description: "Whether unknown fields on entities are errors: true for every kind, or per kind ({ host: true }).",
    }),
  };
}

/**
 * Den's `den.lib.strict`: a module that makes the kind whose schema imports it strict
 * (`den.schema.host = den.lib.strict`; in `den.schema.conf`, hosts, users and homes). It
 * declares nothing itself.
 */
export const strictModule: { readonly _file: string; readonly key: string } = {
  _file: "den.lib.strict",
  key: "den.lib.strict",
};

/** Whether a module is, or imports (at any depth, without calling functions), `den.lib.strict`. */
export function importsStrict(m: unknown, depth = 0): boolean {
  const v = force(m);
  if (v === strictModule) return true;
  if (depth > 16 || typeof v !== "object" || v === null) return false;
  const imports = (v as { imports?: unknown }).imports;
  return Array.isArray(imports) && imports.some((x) => importsStrict(x, depth + 1));
}

/**
 * Whether `kind` (`host`, `user`, `home`, `aspect`, `flake`) is strict under the
 * `den.schema` value: `strict: true`, `strict: { <kind>: true }`, or `den.lib.strict`
 * imported by `den.schema.<kind>` (or by `den.schema.conf`, for entities).
 */
export function isStrict(schema: Readonly<Record<string, unknown>> | undefined, kind: string): boolean {
  if (!schema) return false;
  const s = schema.strict;
  if (s === true) return true;
  if (typeof s === "object" && s !== null && (s as Record<string, unknown>)[kind] === true) return true;
  if (importsStrict(schema[kind])) return true;
  return (kind === "host" || kind === "user" || kind === "home") && importsStrict(schema.conf);
}

/** The option names the aspect schema declares (top-level names). */
export function aspectFieldNames(aspectSchema: unknown): Set<string> {
  const ev = evalModules({ modules: [aspectSchema, { config: { _module: { check: false } } }] });
  return new Set(Object.keys(ev.options).filter((k) => k !== "_module"));
}

/** The values of aspect fields, evaluated against the aspect schema. */
export function aspectFields(
  aspectSchema: unknown,
  defs: Readonly<Record<string, readonly AspectDefinition[]>>,
): Record<string, unknown> {
  const modules: unknown[] = [aspectSchema];
  for (const [k, list] of Object.entries(defs))
    for (const d of list) modules.push({ _file: d.file, config: { [k]: d.value } });
  const config = evalModules({ modules }).config as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(config)) Object.defineProperty(out, k, { enumerable: true, get: () => config[k] });
  return out;
}
