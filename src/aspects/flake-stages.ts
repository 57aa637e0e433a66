/**
 * The flake-level pipeline: how a project's outputs are made. `den.ctx.flake({})` is
 * the root; the outputs tree `flake` is the `flake` class of its resolution, evaluated
 * as a module with the option `flake`.
 *
 *   flake {}                    → flake-system, one { system } per den.systems entry
 *   flake-system { system }     → flake-os { host } per host of that system
 *                               → flake-hm { home } per home of that system
 *                               → flake-<output> { system, output } for each per-system
 *                                 output: packages, apps, checks, devShells, legacyPackages
 *
 * Cross providers of `flake-system` do the work: `flake-os` places the host's
 * instantiated configuration at `flake.<intoAttr>` (nothing when `intoAttr` is `[]`),
 * `flake-hm` the home's, and `flake-<output>` evaluates the `<output>` class of the
 * system's part of the pipeline (the `flake` stage and everything below that system's
 * `flake-system` visit) and places it at `flake.<output>.<system>` (only when some
 * aspect there has that class). An `<output>` class module is a module of a freeform
 * outputs tree; it receives `system` and `perSystem` (see the perSystem battery), and
 * what `den.classes.<output>` gives.
 * `den.ctx.flake-packages.includes = [den.aspects.foo]` makes foo's `packages` class
 * an output; `den.ctx.flake-system.into.host` makes every host's pipeline part of it.
 */
import { evalModules, force, mkOption, setAttrByPath } from "../modules/index.js";
import { mergeAspect, type Aspect } from "./aspect.js";
import type { Home, Host, Instantiate } from "./entities.js";
import { pipelineAspect, runPipeline, type PipelineItem } from "./pipeline.js";
import { resolve } from "./resolve.js";
import { outputsType } from "./outputs.js";

/** The per-system outputs: `flake.<output>.<system>`, each made from the class `<output>`. */
export const systemOutputs = ["packages", "apps", "checks", "devShells", "legacyPackages"] as const;

/** What the flake stages read of the evaluated `den` tree. */
export interface FlakeDen {
  readonly hosts: Readonly<Record<string, Readonly<Record<string, Host>>>>;
  readonly homes: Readonly<Record<string, Readonly<Record<string, Home>>>>;
  readonly ctx: Readonly<Record<string, Aspect>>;
  readonly classes: Readonly<Record<string, readonly unknown[]>>;
  readonly systems: readonly string[];
}

/** Systems used when no host or home names one (as Den falls back to every flake system). */
export const fallbackSystems: readonly string[] = ["aarch64-linux", "x86_64-linux"];

/** The default `den.systems`: the systems of hosts and homes, sorted, else {@link fallbackSystems}. */
export function defaultSystems(den: Pick<FlakeDen, "hosts" | "homes">): string[] {
  const s = [...new Set([...Object.keys(den.hosts), ...Object.keys(den.homes)])].sort();
  return s.length > 0 ? s : [...fallbackSystems];
}

/** An object whose one property `name` is computed once, on first read. */
function onceProperty(name: string, get: () => unknown): Record<string, unknown> {
  let done = false;
  let v: unknown;
  return Object.defineProperty({}, name, {
    enumerable: true,
    get: () => {
      if (!done) {
        v = get();
        done = true;
      }
      return v;
    },
  });
}

/** A `flake` class module placing a lazily computed value at `flake.<path>`. */
function placeAt(path: readonly string[], get: () => unknown): Record<string, unknown> {
  return { flake: setAttrByPath(path.slice(0, -1), onceProperty(path[path.length - 1]!, get)) };
}

const entityOutputs = new WeakMap<object, Aspect | null>();

/**
 * An entity's output: an aspect whose `flake` class places the instantiated entity at
 * its intoAttr, or null for none. Made once per entity, so that every resolution (each
 * system's output classes walk it too) shares one aspect and one instantiation.
 */
function entityOutput(kind: string, e: Host | Home, specialArgs: () => Record<string, unknown> | undefined) {
  let a = entityOutputs.get(e);
  if (a === undefined) {
    const m =
      e.intoAttr.length === 0
        ? null
        : placeAt(e.intoAttr, () => {
            const args = specialArgs();
            return (e.instantiate as Instantiate)({
              modules: [e.mainModule],
              entity: e,
              class: e.class,
              ...(args ? { specialArgs: args } : {}),
            });
          });
    const identity = `${kind}:${e.intoAttr.join(".")}`;
    a = m && mergeAspect({ name: kind, identity, anonymous: true }, [{ file: `den.ctx.${kind}`, value: { flake: m } }]);
    entityOutputs.set(e, a);
  }
  return a;
}

const flakeItems = new WeakMap<object, readonly PipelineItem[]>();

/** The items of the flake pipeline (`den.ctx.flake({})`), once per `den.ctx`. */
function itemsOf(den: FlakeDen): readonly PipelineItem[] {
  let items = flakeItems.get(den.ctx);
  if (!items) flakeItems.set(den.ctx, (items = runPipeline(den.ctx, "flake", {})));
  return items;
}

/** The aspect of `den.ctx.flake({})` (identity `ctx:flake`), its items computed once per `den.ctx`. */
export function flakeAspect(den: FlakeDen): Aspect {
  return pipelineAspect("ctx:flake", itemsOf(den));
}

/**
 * The items of one system: those outside every `flake-system` visit (the `flake`
 * stage) and those below the visit of `{ system }`; the first visit of each stage
 * among them is in full mode.
 */
export function systemItems(items: readonly PipelineItem[], system: string): PipelineItem[] {
  const out: PipelineItem[] = [];
  const seen = new Set<string>();
  let within: { depth: number; system: unknown } | null = null;
  for (const it of items) {
    if (within && it.depth <= within.depth) within = null;
    if (!within && it.key === "flake-system") within = { depth: it.depth, system: it.ctx.system };
    if (within && within.system !== system) continue;
    out.push({ ...it, mode: seen.has(it.key) ? "param" : "full" });
    seen.add(it.key);
  }
  return out;
}

const systemAspects = new WeakMap<object, Map<string, Aspect>>();

/** The aspect of one system's part of the flake pipeline (identity `flake:<system>`). */
export function systemAspect(den: FlakeDen, system: string): Aspect {
  let bySystem = systemAspects.get(den.ctx);
  if (!bySystem) systemAspects.set(den.ctx, (bySystem = new Map()));
  let a = bySystem.get(system);
  if (!a) bySystem.set(system, (a = pipelineAspect(`flake:${system}`, systemItems(itemsOf(den), system))));
  return a;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * A tree whose values are read through (`lazy(...)` values and references to module
 * arguments, such as `pkgs.cowsay`, become what they name), each on first read.
 */
function forcedTree(tree: unknown): unknown {
  const v = force(tree);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    let done = false;
    let got: unknown;
    Object.defineProperty(out, k, {
      enumerable: true,
      get: () => {
        if (!done) {
          got = forcedTree(v[k]);
          done = true;
        }
        return got;
      },
    });
  }
  return out;
}

/** `<output>` of one system: the class `<output>` of the system's pipeline, evaluated as a freeform tree. */
function systemOutput(
  den: () => FlakeDen,
  system: string,
  output: string,
  args: (system: string) => Record<string, unknown>,
): () => Record<string, unknown> {
  return () => {
    const module = resolve(output, systemAspect(den(), system));
    if (module.imports.length === 0) return {};
    return placeAt([output, system], () => {
      const ev = evalModules({
        modules: [
          ...(den().classes[output] ?? []),
          { _file: `den (${output} outputs)`, freeformType: outputsType },
          module,
        ],
        class: output,
        specialArgs: { ...args(system), system },
        prefix: ["flake", output, system],
      });
      return forcedTree(ev.config);
    });
  };
}

/**
 * The flake-level stages of `den.ctx` (see the file comment). `homeArgs` gives a home's
 * extra instantiation arguments (`osConfig`, for a home whose host exists), `systemArgs` the module arguments of the
 * per-system output classes besides `system` (`perSystem`).
 */
export function flakeStages(
  den: () => FlakeDen,
  homeArgs: (home: Home) => Record<string, unknown> | undefined,
  systemArgs: (system: string) => Record<string, unknown> = () => ({}),
): Record<string, unknown> {
  const stageOf = (description: string) => ({ description });
  return {
    flake: {
      description: "The project's outputs: one flake-system per system of den.systems.",
      into: () => ({ "flake-system": den().systems.map((system) => ({ system })) }),
    },
    "flake-system": {
      description: "One system: its hosts (flake-os), homes (flake-hm) and per-system outputs (flake-<output>).",
      into: ({ system }: { system: string }) => ({
        "flake-os": Object.values(den().hosts[system] ?? {}).map((host) => ({ host })),
        "flake-hm": Object.values(den().homes[system] ?? {}).map((home) => ({ home })),
        ...Object.fromEntries(systemOutputs.map((output) => [`flake-${output}`, [{ system, output }]])),
      }),
      provides: {
        "flake-os":
          () =>
          ({ host }: { host: Host }) =>
            entityOutput("flake-os", host, () => undefined),
        "flake-hm":
          () =>
          ({ home }: { home: Home }) =>
            entityOutput("flake-hm", home, () => homeArgs(home)),
        ...Object.fromEntries(
          systemOutputs.map((output) => [
            `flake-${output}`,
            ({ system }: { system: string }) =>
              () => ({ flake: systemOutput(den, system, output, systemArgs) }),
          ]),
        ),
      },
    },
    "flake-os": stageOf("A host of a system: its configuration at flake.<intoAttr>."),
    "flake-hm": stageOf("A home of a system: its configuration at flake.<intoAttr>."),
    ...Object.fromEntries(
      systemOutputs.map((output) => [
        `flake-${output}`,
        stageOf(`The ${output} of a system: the ${output} class of its pipeline at flake.${output}.<system>.`),
      ]),
    ),
  };
}

/**
 * The outputs tree: the `flake` class of `den.ctx.flake({})`, evaluated with the
 * option `flake` (an untyped outputs tree: `den.schema.flake` types the top-level
 * option this becomes a definition of) and the module arguments `args`.
 */
export function flakeOutputs(den: FlakeDen, args: Record<string, unknown>): unknown {
  const option = mkOption({ type: outputsType, default: {}, description: "The outputs the flake class defines." });
  const ev = evalModules({
    modules: [{ _file: "den (flake class)", options: { flake: option } }, resolve("flake", flakeAspect(den))],
    class: "flake",
    specialArgs: args,
  });
  return (ev.config as { flake: unknown }).flake;
}
