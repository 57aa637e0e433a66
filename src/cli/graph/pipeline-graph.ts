/**
 * A pipeline trace as a graph of boxes and labelled arrows (what `tsden graph` draws,
 * as Mermaid text or SVG): the host, each stage visited with its context, the
 * providers, the forwards, the guests (each with its own pipeline), and the host's
 * configuration they all make.
 */
import type { PipelineTrace, TraceForward, TraceStage } from "../../aspects/index.js";
import type { ConfiguredVm } from "./host-vms.js";

/** A host's pipeline trace with the microVMs its configuration declares that are not among its guests. */
export type HostTrace = PipelineTrace & { readonly vms?: readonly ConfiguredVm[] };

/** What a box stands for (drawn with its own colour). */
export type NodeKind = "entity" | "stage" | "provider" | "forward" | "output";

/** A box: an id, its lines of text and its kind. */
export interface GraphNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly kind: NodeKind;
}

/** An arrow, optionally labelled (a label may have several lines); dashed for providers. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: readonly string[];
  readonly dashed?: boolean;
}

/** A directed graph, drawn top-down. */
export interface Graph {
  readonly title: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

function showCtx(ctx: Readonly<Record<string, string>>): string {
  const keys = Object.keys(ctx).sort();
  return `{ ${keys.map((k) => `${k}: ${ctx[k]}`).join(", ")} }`;
}

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  node(id: string, lines: string[], kind: NodeKind): string {
    this.nodes.push({ id, lines, kind });
    return id;
  }
  edge(from: string, to: string, label?: string[], dashed = false): void {
    this.edges.push({ from, to, ...(label ? { label } : {}), ...(dashed ? { dashed } : {}) });
  }
}

/** Adds one pipeline (a host's or a guest's); returns the ids of its entity and stage boxes. */
function addPipeline(
  b: Builder,
  t: PipelineTrace,
  prefix: string,
  isGuest: boolean,
  out: string,
  forwardIds: Map<TraceForward, string>,
): { entity: string; stages: string[] } {
  const entity = b.node(
    `${prefix}host`,
    [`${t.host} host`, isGuest ? `guest (${t.class})` : `${t.system}, class ${t.class}`],
    "entity",
  );
  const stageIds = t.stages.map((s, i) => b.node(`${prefix}s${i}`, stageLines(s, t.stages), "stage"));
  t.stages.forEach((s, i) => {
    if (s.parent < 0) b.edge(entity, stageIds[i]!, [isGuest ? `den.ctx.host host=${t.host}` : "Den transforms to"]);
    else b.edge(stageIds[s.parent]!, stageIds[i]!, intoLabel(s));
  });
  t.stages.forEach((s, i) => {
    const sid = stageIds[i]!;
    s.forwards.forEach((f, j) => addForward(b, f, `${prefix}s${i}f${j}`, sid, out, forwardIds));
    s.providers.forEach((p, j) => {
      const pid = b.node(
        `${prefix}s${i}p${j}`,
        [`provides.${s.key}`, `${p.kind} provider (${p.identity})`],
        "provider",
      );
      b.edge(sid, pid, [p.kind === "self" ? "applies" : "applies (from the stage before)"], true);
      if (p.forwards.length === 0) b.edge(pid, out);
      p.forwards.forEach((f, k) => addForward(b, f, `${pid}f${k}`, pid, out, forwardIds));
    });
  });
  return { entity, stages: stageIds };
}

function stageLines(s: TraceStage, stages: readonly TraceStage[]): string[] {
  const lines = [`den.ctx.${s.key}`, showCtx(s.ctx)];
  if (s.aspects.length > 0)
    lines.push(
      `aspects: ${s.aspects.length > 4 ? `${s.aspects.slice(0, 4).join(", ")}, +${s.aspects.length - 4}` : s.aspects.join(", ")}`,
    );
  if (s.mode === "param") {
    // the stage's first visit on this context, but not of its key: its own configuration came with an earlier context
    const full = stages.find((o) => o.key === s.key && o.mode === "full");
    lines.push(full ? `(parametric only: in full with ${showCtx(full.ctx)})` : "(parametric only)");
  }
  return lines;
}

function intoLabel(s: TraceStage): string[] {
  return [`into ${s.key}`];
}

function addForward(
  b: Builder,
  f: TraceForward,
  id: string,
  from: string,
  out: string,
  ids: Map<TraceForward, string>,
): void {
  const fid = b.node(
    id,
    [`forward ${f.fromClass} → ${f.intoClass}${f.guarded ? " (guarded)" : ""}:`, f.intoPath],
    "forward",
  );
  ids.set(f, fid);
  b.edge(from, fid);
  b.edge(fid, out);
}

/** The graph of a host's pipeline trace. */
export function pipelineGraph(t: HostTrace): Graph {
  const b = new Builder();
  const outLines =
    t.intoAttr.length > 0
      ? [`${t.host} configuration`, t.intoAttr.join(".")]
      : [`${t.host} configuration`, "(no output of its own)"];
  const forwardIds = new Map<TraceForward, string>();
  // the output box goes last in the listing but its id is known up front
  const out = "out";
  const main = addPipeline(b, t, "", false, out, forwardIds);
  b.edge(main.stages[0]!, out, [`produces ${t.class} config`]);
  const allForwards = [...forwardIds.entries()];
  t.guests.forEach((g, i) => {
    addGuest(b, g, `g${i}`, allForwards);
    t.stages.forEach((s, j) => {
      for (const k of Object.keys(s.ctx))
        if (k !== "host" && s.ctx[k] === g.host && s.guests.includes(g.host))
          b.edge(main.stages[j]!, `g${i}_host`, [`${k}: guest`]);
    });
  });
  (t.vms ?? []).forEach((vm, i) => {
    const id = b.node(
      `vm${i}`,
      [`${vm.name} microVM`, vm.via === "evaluatedConfig" ? "an evaluated configuration" : "a module of the host"],
      "entity",
    );
    b.edge(id, out, [`microvm.vms.${vm.name}.${vm.via}`]);
  });
  b.node(out, outLines, "output");
  return { title: `den.ctx pipeline of ${t.host}`, nodes: b.nodes, edges: b.edges };
}

/** A guest: its own pipeline, linked to the forwards whose source it is. */
function addGuest(b: Builder, g: PipelineTrace, prefix: string, forwards: readonly [TraceForward, string][]): void {
  const ids = new Map<TraceForward, string>();
  const { entity, stages } = addPipeline(b, g, `${prefix}_`, true, `${prefix}_cfg`, ids);
  g.guests.forEach((inner, i) => addGuest(b, inner, `${prefix}_g${i}`, [...ids.entries()]));
  b.node(`${prefix}_cfg`, [`${g.host} ${g.class} config`, "all Den features"], "output");
  b.edge(stages[0]!, `${prefix}_cfg`, ["produces"]);
  for (const [f, fid] of forwards) {
    if (f.source === `host:${g.host}`) b.edge(`${prefix}_cfg`, fid, [`forward ${f.fromClass}`]);
    else if (f.source === g.host) b.edge(entity, fid, [`${f.fromClass} class`]);
  }
}
