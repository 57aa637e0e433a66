/**
 * A small layered layout for `tsden graph --format svg` (Sugiyama style, simplified):
 * 1. each box goes to the layer of its longest path from a source (arrows point down);
 * 2. an arrow that spans several layers passes through a point in each layer between,
 *    so it is routed around the boxes there;
 * 3. each layer is ordered by the mean position of its neighbours (barycenter sweeps,
 *    down then up);
 * 4. boxes are sized from their text (a monospace font) and placed at the mean x of
 *    their predecessors, pushed apart where they would overlap.
 */
import type { Graph, GraphEdge, GraphNode } from "./pipeline-graph.js";

/** The measures of the drawing, in SVG user units. */
export const metrics = {
  charWidth: 7.2,
  lineHeight: 16,
  padX: 12,
  padY: 8,
  gapX: 36,
  gapY: 80,
  margin: 24,
  /** The width a passing arrow takes in a layer. */
  lane: 16,
} as const;

/** A placed box: top-left corner and size. */
export interface PlacedNode {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly layer: number;
}

/** A point of the drawing. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A routed arrow: its points from the source box's bottom to the target box's top. */
export interface RoutedEdge {
  readonly edge: GraphEdge;
  readonly points: readonly Point[];
  /** Where the label goes: the first passing point (room is kept for it there), if any. */
  readonly labelAt?: Point;
}

/** The layout: boxes by id, routed arrows and the drawing's size. */
export interface Layout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: readonly RoutedEdge[];
  readonly width: number;
  readonly height: number;
}

/** The width of a text line in the drawing's font. */
export function textWidth(line: string): number {
  return [...line].length * metrics.charWidth;
}

/** The layer of each node: 0 for sources, else one more than its deepest predecessor (cycles cut). */
function layers(g: Graph): Map<string, number> {
  const preds = new Map<string, string[]>(g.nodes.map((n) => [n.id, []]));
  for (const e of g.edges) preds.get(e.to)?.push(e.from);
  const layer = new Map<string, number>();
  const onStack = new Set<string>();
  const visit = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (onStack.has(id)) return 0;
    onStack.add(id);
    let l = 0;
    for (const p of preds.get(id) ?? []) if (preds.has(p)) l = Math.max(l, visit(p) + 1);
    onStack.delete(id);
    layer.set(id, l);
    return l;
  };
  for (const n of g.nodes) visit(n.id);
  return layer;
}

/** A slot of a layer: a box, or a point an arrow passes through. */
interface Slot {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly node?: GraphNode;
  x: number;
}

function nodeSize(n: GraphNode): { width: number; height: number } {
  return {
    width: Math.ceil(Math.max(...n.lines.map(textWidth), 40) + 2 * metrics.padX),
    height: n.lines.length * metrics.lineHeight + 2 * metrics.padY,
  };
}

/** Lays out a graph top-down. */
export function layout(g: Graph): Layout {
  const layerOf = layers(g);
  const rows: Slot[][] = [];
  const slots = new Map<string, Slot>();
  const add = (l: number, s: Slot) => {
    (rows[l] ??= []).push(s);
    slots.set(s.id, s);
  };
  for (const n of g.nodes) add(layerOf.get(n.id)!, { id: n.id, node: n, x: 0, ...nodeSize(n) });
  // chains of segments, one per arrow (through passing points); links for the sweeps
  const chains: string[][] = [];
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    (down.get(a) ?? down.set(a, []).get(a)!).push(b);
    (up.get(b) ?? up.set(b, []).get(b)!).push(a);
  };
  g.edges.forEach((e, i) => {
    const la = layerOf.get(e.from);
    const lb = layerOf.get(e.to);
    if (la === undefined || lb === undefined) return chains.push([]);
    const chain = [e.from];
    for (let l = la + 1; l < lb; l++) {
      const id = `\u0000${i}:${l}`;
      const holdsLabel = l === la + 1 && e.label !== undefined && e.label.length > 0;
      const width = holdsLabel ? Math.max(metrics.lane, ...e.label!.map(textWidth)) + 8 : metrics.lane;
      add(l, { id, x: 0, width, height: holdsLabel ? e.label!.length * metrics.lineHeight : 0 });
      chain.push(id);
    }
    chain.push(e.to);
    for (let k = 0; k + 1 < chain.length; k++) link(chain[k]!, chain[k + 1]!);
    return chains.push(chain);
  });
  order(rows, up, down);
  const rowY: number[] = [];
  const rowH: number[] = [];
  let y = metrics.margin;
  rows.forEach((row, l) => {
    rowY[l] = y;
    rowH[l] = Math.max(0, ...row.map((s) => s.height));
    y += rowH[l]! + metrics.gapY;
  });
  place(rows, up, down);
  const minX = Math.min(...[...slots.values()].map((s) => s.x));
  const shift = metrics.margin - minX;
  for (const s of slots.values()) s.x += shift;
  const width = Math.max(0, ...[...slots.values()].map((s) => s.x + s.width)) + metrics.margin;
  const nodes = new Map<string, PlacedNode>();
  rows.forEach((row, l) => {
    for (const s of row)
      if (s.node)
        nodes.set(s.id, {
          node: s.node,
          x: s.x,
          y: rowY[l]! + (rowH[l]! - s.height) / 2,
          width: s.width,
          height: s.height,
          layer: l,
        });
  });
  const edges: RoutedEdge[] = [];
  g.edges.forEach((edge, i) => {
    const chain = chains[i]!;
    if (chain.length === 0) return;
    const points = chain.map((id, k) => {
      const s = slots.get(id)!;
      const cx = s.x + s.width / 2;
      if (k === 0) {
        const n = nodes.get(id)!;
        return { x: cx, y: n.y + n.height };
      }
      if (k === chain.length - 1) return { x: cx, y: nodes.get(id)!.y };
      const l = layerOf.get(edge.from)! + k;
      return { x: cx, y: rowY[l]! + rowH[l]! / 2 };
    });
    edges.push(points.length > 2 ? { edge, points, labelAt: points[1]! } : { edge, points });
  });
  return { nodes, edges, width: Math.ceil(width), height: Math.ceil(y - metrics.gapY + metrics.margin) };
}

const center = (s: Slot) => s.x + s.width / 2;

/** Barycenter sweeps: each row sorted by the mean index of its neighbours in the row before. */
function order(rows: Slot[][], up: Map<string, string[]>, down: Map<string, string[]>): void {
  const index = new Map<string, number>();
  const reindex = (row: Slot[]) => row.forEach((s, i) => index.set(s.id, i));
  rows.forEach(reindex);
  const sortBy = (row: Slot[], nb: Map<string, string[]>) => {
    const keyed = row.map((s, i) => {
      const ns = (nb.get(s.id) ?? []).map((n) => index.get(n)!);
      return { s, i, k: ns.length === 0 ? i : ns.reduce((a, b) => a + b, 0) / ns.length };
    });
    keyed.sort((a, b) => a.k - b.k || a.i - b.i);
    keyed.forEach(({ s }, i) => (row[i] = s));
    reindex(row);
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let l = 1; l < rows.length; l++) sortBy(rows[l]!, up);
    for (let l = rows.length - 2; l >= 0; l--) sortBy(rows[l]!, down);
  }
  for (let l = 1; l < rows.length; l++) sortBy(rows[l]!, up);
}

/** Puts each slot at the mean centre of its neighbours, then pushes overlapping ones apart. */
function place(rows: Slot[][], up: Map<string, string[]>, down: Map<string, string[]>): void {
  const byId = new Map<string, Slot>(rows.flat().map((s) => [s.id, s]));
  for (const row of rows) {
    let x = 0;
    for (const s of row) {
      s.x = x;
      x += s.width + metrics.gapX;
    }
  }
  const settle = (row: Slot[], nb: Map<string, string[]>) => {
    const want = row.map((s) => {
      const ns = (nb.get(s.id) ?? []).map((id) => center(byId.get(id)!));
      return ns.length === 0 ? center(s) : ns.reduce((a, b) => a + b, 0) / ns.length;
    });
    // left to right: at the wanted place or just right of the previous slot
    row.forEach((s, i) => {
      const prev = row[i - 1];
      const min = prev ? prev.x + prev.width + metrics.gapX : -Infinity;
      s.x = Math.max(want[i]! - s.width / 2, min);
    });
    // right to left: pull back towards the wanted place where there is room
    for (let i = row.length - 2; i >= 0; i--) {
      const s = row[i]!;
      const next = row[i + 1]!;
      s.x = Math.min(s.x, next.x - metrics.gapX - s.width, Math.max(s.x, want[i]! - s.width / 2));
    }
  };
  for (let pass = 0; pass < 6; pass++) {
    for (let l = 1; l < rows.length; l++) settle(rows[l]!, up);
    for (let l = rows.length - 2; l >= 0; l--) settle(rows[l]!, down);
  }
  for (let l = 1; l < rows.length; l++) settle(rows[l]!, up);
}
