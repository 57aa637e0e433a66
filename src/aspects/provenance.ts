/**
 * Where a definition of an aspect-built configuration came from in Den: the aspect
 * whose class module holds it, and the context-pipeline stage that brought that aspect
 * in.
 *
 * Den's `resolve` emits one module per aspect reached, under a module whose file is
 * `den:resolve <class> <pipeline identity>`: a named aspect's module has the key
 * `<class>@<identity>`, an inline one (a function's result) has the aspect's identity
 * as its file. The module system keys each import without its own key as
 * `<parent key>:anon-<n>`, so a definition's module leads back to its aspect through
 * the keys of the evaluation's modules. The stage is found by walking the pipeline's
 * items one by one, in the order Den walks them: the first item that emits an aspect
 * is the stage that contributed it.
 */
import { type EvalResult, force, isPlainObject, type NormalModule } from "../modules/index.js";
import type { Aspect, Ctx } from "./aspect.js";
import { itemIncludes, pipelineAspect, runPipeline } from "./pipeline.js";
import { newWalk, walk } from "./resolve.js";

/** The Den origin of a definition. */
export interface DenOrigin {
  /** The aspect's identity (`server`, `den/default/<fn>:0`). */
  readonly aspect: string;
  /** The class the aspect was resolved for. */
  readonly class?: string;
  /** The pipeline identity (`host:server`). */
  readonly pipeline?: string;
  /** The stage (`host`, `user`, `default`) and its context (`host server, user alice`). */
  readonly stage?: string;
}

const resolvedFile = /^den:resolve (\S+) (.+)$/;
const keyedAspect = /^([^@:]+)@(.+)$/;

/** Finds the Den origin of a module of `evaluation` by its key (see the file comment). */
export function denOrigins(evaluation: EvalResult, project: EvalResult): (moduleKey: string) => DenOrigin | undefined {
  const byKey = new Map<string, NormalModule>();
  for (const m of evaluation.modules) byKey.set(m.key, m);
  const resolvedTops = evaluation.modules.filter((m) => resolvedFile.test(m.file));
  const stages = new Map<string, Map<string, string>>();
  const stageOf = (pipelineId: string, cls: string, aspect: string): string | undefined => {
    let map = stages.get(`${cls} ${pipelineId}`);
    if (!map) stages.set(`${cls} ${pipelineId}`, (map = safeStages(project, pipelineId, cls)));
    return map.get(aspect);
  };
  return (moduleKey) => {
    let key = moduleKey;
    let child: NormalModule | undefined;
    for (;;) {
      const m = byKey.get(key);
      const top = m && resolvedFile.exec(m.file);
      if (top && child) return origin(child.file, top[1]!, top[2]!);
      const keyed = keyedAspect.exec(key);
      if (keyed && !key.includes(":anon-")) {
        const tops = resolvedTops.map((t) => resolvedFile.exec(t.file)!).filter((t) => t[1] === keyed[1]);
        return origin(keyed[2]!, keyed[1]!, tops.length === 1 ? tops[0]![2] : undefined);
      }
      const parent = key.replace(/:anon-\d+$/, "");
      if (parent === key) return undefined;
      if (m) child = m;
      key = parent;
    }
  };
  function origin(aspect: string, cls: string, pipeline: string | undefined): DenOrigin {
    return { aspect, class: cls, pipeline, stage: pipeline ? stageOf(pipeline, cls, aspect) : undefined };
  }
}

function safeStages(project: EvalResult, pipelineId: string, cls: string): Map<string, string> {
  try {
    return pipelineStages(project, pipelineId, cls);
  } catch {
    return new Map();
  }
}

/** A context, shown by the names of its entities: `host server, user alice`. */
function showCtx(ctx: Ctx): string {
  return Object.keys(ctx)
    .sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))
    .map((k) => {
      const v = force(ctx[k]) as { name?: unknown } | undefined;
      return typeof v?.name === "string" ? `${k} ${v.name}` : k;
    })
    .join(", ");
}
const order = (k: string) => ["host", "user", "home"].indexOf(k) + 1 || 9;

/** For each aspect the pipeline `host:<name>` (or `home:<name>`) emits for `cls`, the first stage that emits it. */
export function pipelineStages(project: EvalResult, pipelineId: string, cls: string): Map<string, string> {
  const [kind, name] = [pipelineId.slice(0, pipelineId.indexOf(":")), pipelineId.slice(pipelineId.indexOf(":") + 1)];
  const den = (
    project.config as {
      den: {
        hosts: Record<string, Record<string, unknown>>;
        homes: Record<string, Record<string, unknown>>;
        ctx: Record<string, Aspect>;
      };
    }
  ).den;
  const groups = kind === "host" ? den.hosts : kind === "home" ? den.homes : {};
  let entity: unknown;
  for (const sys of Object.values(groups)) {
    for (const e of Object.values(sys)) if ((e as { name?: unknown }).name === name) entity = e;
  }
  const out = new Map<string, string>();
  if (!entity) return out;
  const items = runPipeline(den.ctx, kind, { [kind]: entity });
  const root = pipelineAspect(pipelineId, items);
  let index = 0;
  for (const it of items) {
    const stage = `${it.key} (${showCtx(it.ctx)})`;
    for (const inc of itemIncludes(it)) {
      const w = newWalk(cls);
      walk(w, inc, {}, "full", root, index++, [root]);
      for (const e of w.out) if (!out.has(e.identity)) out.set(e.identity, stage);
    }
  }
  return out;
}

/**
 * The top-level definitions that define an aspect, by identity: `den/default/...` is
 * `den.default`, `ctx/<n>` is `den.ctx.<n>`, `den/<n>` a provider `den.provides.<n>`,
 * and `<n>/...` is `den.aspects.<n>`. Returns their files (the project files where the
 * aspect, and so its inline functions, are written).
 */
export function aspectFiles(project: EvalResult, identity: string): string[] {
  const segs = identity.split("/");
  const cut = segs.findIndex((s) => s.startsWith("<"));
  const named = cut < 0 ? segs : segs.slice(0, cut);
  const opts = (
    project.options as {
      den?: Record<string, { definitionsWithLocations?: readonly { file: string; value: unknown }[] }>;
    }
  ).den;
  if (!opts || named.length === 0) return [];
  let option: string;
  let attr: string | undefined;
  if (named[0] === "den" && named[1] === "default") option = "default";
  else if (named[0] === "den" && named[1]) [option, attr] = ["provides", named[1]];
  else if (named[0] === "ctx" && named[1]) [option, attr] = ["ctx", named[1]];
  else [option, attr] = ["aspects", named[0]!];
  const defs = opts[option]?.definitionsWithLocations ?? [];
  const files = defs
    .filter((d) => {
      if (attr === undefined) return true;
      const v = d.value;
      return isPlainObject(v) && Object.hasOwn(v, attr);
    })
    .map((d) => d.file);
  return [...new Set(files)];
}
