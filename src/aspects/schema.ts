/**
 * `den.schema`: modules added to every entity of a kind (`host`, `user`, `home`;
 * `conf` goes to all three), to every aspect (`aspect`: its options become aspect
 * fields rather than classes) and to the outputs tree (`flake`: options of `flake.*`),
 * and `strict` (for every kind, or per kind), which turns unknown entity fields (and
 * unknown outputs, for `flake`) into errors saying where to declare them.
 */
import { evalModules, mkOption, types } from "../modules/index.js";
import type { AspectDefinition } from "./aspect.js";

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

/** Whether entities of `kind` are strict under the `den.schema.strict` value `s`. */
export function isStrict(s: unknown, kind: string): boolean {
  return typeof s === "boolean"
    ? s
    : typeof s === "object" && s !== null && (s as Record<string, unknown>)[kind] === true;
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
