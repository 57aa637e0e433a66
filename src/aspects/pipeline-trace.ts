/**
 * The trace of a host's context pipeline, for `tsden graph`: the stages the traversal
 * visits (`runPipeline`, with their contexts), the self and cross providers each visit
 * applies, the forwards those contributions include (found by walking them with the
 * resolver's `onAspect` hook; a forward carries its spec in `meta.forward`), and the
 * guests: Den hosts met in a stage's context, traced in turn.
 */
import { isAspect, type Aspect, type Ctx } from "./aspect.js";
import { itemIncludes, localName, runPipeline, type PipelineItem } from "./pipeline.js";
import { newWalk, walk } from "./resolve.js";
import type { ForwardSpec } from "./forward.js";
import { force } from "../modules/index.js";

/** A forward met in a stage: what goes from which class into which path of which class. */
export interface TraceForward {
  readonly fromClass: string;
  readonly intoClass: string;
  /** The target path, dotted; `(computed)` when it is a function of the target's arguments. */
  readonly intoPath: string;
  /** The identity of the source aspect (`host:<name>` is a host's whole pipeline). */
  readonly source: string;
  readonly guarded: boolean;
}

/** A provider a visit applies: `node.provides[<last part of key>]` (self) or `prev.provides[key]` (cross). */
export interface TraceProvider {
  readonly kind: "self" | "cross";
  readonly identity: string;
  readonly forwards: readonly TraceForward[];
}

/** One visit of the traversal. */
export interface TraceStage {
  /** The stage name: `den.ctx.<key>`. */
  readonly key: string;
  readonly depth: number;
  /** The index of the visit it came from (`into`), or -1 for the first. */
  readonly parent: number;
  /** The context, entity names by key: `{ host: "server", vm: "guest-microvm" }`. */
  readonly ctx: Readonly<Record<string, string>>;
  /** `full` on the first visit of a key, `param` (parametric-only) on later ones. */
  readonly mode: "full" | "param";
  readonly providers: readonly TraceProvider[];
  /** Forwards the stage's own aspect includes (not through a provider). */
  readonly forwards: readonly TraceForward[];
  /** Names of the guests (hosts other than the pipeline's own) in the context. */
  readonly guests: readonly string[];
  /** The named aspects the stage's own contribution reaches (not `ctx/*` nodes), in order. */
  readonly aspects: readonly string[];
}

/** The trace of one host's pipeline, with its guests' traces. */
export interface PipelineTrace {
  readonly host: string;
  readonly system: string;
  readonly class: string;
  /** Where the host's configuration goes (`osConfigurations.server`), empty for none. */
  readonly intoAttr: readonly string[];
  readonly stages: readonly TraceStage[];
  readonly guests: readonly PipelineTrace[];
}

/** The fields of a Den host the trace reads. */
interface HostLike {
  readonly name: string;
  readonly system: string;
  readonly class: string;
  readonly intoAttr: readonly string[];
}

/** Whether `v` is a Den host (an entity with a name, a class and an intoAttr). */
export function isHostEntity(v: unknown): v is HostLike {
  const h = v as Record<string, unknown> | null;
  return (
    typeof h === "object" &&
    h !== null &&
    typeof h.name === "string" &&
    typeof h.class === "string" &&
    Array.isArray(h.intoAttr)
  );
}

/** The name of a context value: an entity's `name`, else a short rendering. */
function nameOf(v: unknown): string {
  const x = force(v);
  if (typeof x === "object" && x !== null && typeof (x as { name?: unknown }).name === "string")
    return (x as { name: string }).name;
  if (typeof x === "string" || typeof x === "number" || typeof x === "boolean") return String(x);
  return typeof x;
}

function showPath(path: unknown): string {
  if (typeof path === "function") return "(computed)";
  if (!Array.isArray(path)) return String(path);
  if (path.length === 0) return "(top level)";
  return path.map((p) => (typeof p === "string" ? p : "<config>")).join(".");
}

/** The forwards of one spec, one per item. */
function describeForward(spec: ForwardSpec): TraceForward[] {
  return spec.each.map((item) => {
    const src = spec.fromAspect ? force(spec.fromAspect(item)) : item;
    const source = isAspect(src) ? src.identity : nameOf(src);
    return {
      fromClass: spec.fromClass(item),
      intoClass: spec.intoClass(item),
      intoPath: showPath(spec.intoPath(item)),
      source,
      guarded: spec.guard !== undefined,
    };
  });
}

/** The forwards an include reaches (walked for structure only: no class modules), and the named aspects. */
function walkInclude(include: unknown): { forwards: TraceForward[]; aspects: string[] } {
  const found: TraceForward[] = [];
  const aspects = new Set<string>();
  const seen = new Set<Aspect>();
  const w = {
    ...newWalk(null),
    onAspect: (a: Aspect) => {
      if (!a.anonymous && !a.identity.startsWith("ctx/")) aspects.add(a.identity);
      const spec = a.meta.forward as ForwardSpec | undefined;
      if (spec && typeof spec === "object" && Array.isArray(spec.each) && !seen.has(a)) {
        seen.add(a);
        found.push(...describeForward(spec));
      }
    },
  };
  walk(w, include, {}, "full", null, 0, []);
  return { forwards: found, aspects: [...aspects] };
}

function stageOf(it: PipelineItem, index: number, items: readonly PipelineItem[], self: HostLike): TraceStage {
  const [node, selfInc, crossInc] = classify(it);
  const providers: TraceProvider[] = [];
  const selfP = it.node.provides[localName(it.key)];
  if (selfInc && selfP)
    providers.push({ kind: "self", identity: selfP.identity, forwards: walkInclude(selfInc).forwards });
  const crossP = it.prev?.provides[it.key];
  if (crossInc && crossP)
    providers.push({ kind: "cross", identity: crossP.identity, forwards: walkInclude(crossInc).forwards });
  let parent = -1;
  for (let j = index - 1; j >= 0; j--) {
    if (items[j]!.depth === it.depth - 1) {
      parent = j;
      break;
    }
  }
  const ctx: Record<string, string> = {};
  const guests: string[] = [];
  for (const k of Object.keys(it.ctx)) {
    const v = force(it.ctx[k]);
    ctx[k] = nameOf(v);
    if (isHostEntity(v) && v.name !== self.name) guests.push(v.name);
  }
  const own = walkInclude(node);
  return {
    key: it.key,
    depth: it.depth,
    parent,
    ctx,
    mode: it.mode,
    providers,
    forwards: own.forwards,
    guests,
    aspects: own.aspects,
  };
}

/** The item's includes split into its node, self provider and cross provider (see itemIncludes). */
function classify(it: PipelineItem): [unknown, unknown, unknown] {
  const incs = itemIncludes(it);
  // a nested stage's self provider is named by its last part (`ns.inner` → `provides.inner`)
  const hasSelf = it.node.provides[localName(it.key)] !== undefined;
  const hasCross = it.prev?.provides[it.key] !== undefined && it.prevCtx !== null;
  return [incs[0], hasSelf ? incs[1] : undefined, hasCross ? incs[hasSelf ? 2 : 1] : undefined];
}

/**
 * Traces the `host` pipeline of a Den host (`den.ctx`), and of each guest met on the
 * way (a guest already traced, or the host itself, is not traced again).
 */
export function tracePipeline(
  ctxNodes: Readonly<Record<string, Aspect>>,
  host: HostLike,
  seen: Set<string> = new Set(),
): PipelineTrace {
  seen.add(host.name);
  const items = runPipeline(ctxNodes, "host", { host } as Ctx);
  const stages = items.map((it, i) => stageOf(it, i, items, host));
  const guests: PipelineTrace[] = [];
  for (const it of items) {
    for (const k of Object.keys(it.ctx)) {
      const v = force(it.ctx[k]);
      if (isHostEntity(v) && !seen.has(v.name)) guests.push(tracePipeline(ctxNodes, v, seen));
    }
  }
  return { host: host.name, system: host.system, class: host.class, intoAttr: [...host.intoAttr], stages, guests };
}
