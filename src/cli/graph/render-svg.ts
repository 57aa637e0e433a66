/**
 * A graph as a standalone SVG picture (no browser, no fonts to fetch): boxes from the
 * layered layout, coloured by kind, and curved arrows with their labels on a white
 * backing so they stay legible where they cross lines.
 */
import { escapeControls } from "../control-chars.js";
import type { Graph, NodeKind } from "./pipeline-graph.js";
import { layout, metrics, textWidth, type PlacedNode, type Point, type RoutedEdge } from "./render-svg-layout.js";

const colours: Readonly<Record<NodeKind, { fill: string; stroke: string }>> = {
  entity: { fill: "#fff3d6", stroke: "#b7791f" },
  stage: { fill: "#e6f0ff", stroke: "#2b6cb0" },
  provider: { fill: "#f0e6ff", stroke: "#6b46c1" },
  forward: { fill: "#e6fffa", stroke: "#2c7a7b" },
  output: { fill: "#f0fff4", stroke: "#2f855a" },
};

/** Escapes text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return escapeControls(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

const r = (n: number) => Math.round(n * 10) / 10;

function box(p: PlacedNode): string {
  const c = colours[p.node.kind];
  const cx = p.x + p.width / 2;
  const text = p.node.lines
    .map(
      (l, i) =>
        `<text x="${r(cx)}" y="${r(p.y + metrics.padY + (i + 0.75) * metrics.lineHeight)}"${i === 0 ? ' font-weight="bold"' : ""}>${xmlEscape(l)}</text>`,
    )
    .join("");
  return `<g class="node ${p.node.kind}" id="${xmlEscape(p.node.id)}"><rect x="${r(p.x)}" y="${r(p.y)}" width="${r(p.width)}" height="${r(p.height)}" rx="6" fill="${c.fill}" stroke="${c.stroke}"/>${text}</g>`;
}

/** One cubic segment with vertical tangents from `a` down to `b`. */
function segment(a: Point, b: Point): string {
  const dy = (b.y - a.y) / 2;
  return `C${r(a.x)},${r(a.y + dy)} ${r(b.x)},${r(b.y - dy)} ${r(b.x)},${r(b.y)}`;
}

/** The point at `t` of the cubic segment from `a` to `b` (where a label goes). */
function along(a: Point, b: Point, t: number): Point {
  const dy = (b.y - a.y) / 2;
  const u = 1 - t;
  const bez = (p0: number, p1: number, p2: number, p3: number) =>
    u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
  return { x: bez(a.x, a.x, b.x, b.x), y: bez(a.y, a.y + dy, b.y - dy, b.y) };
}

function arrow(route: RoutedEdge): string {
  const { edge: e, points } = route;
  const [first, ...rest] = points as [Point, ...Point[]];
  let d = `M${r(first.x)},${r(first.y)}`;
  let prev = first;
  for (const p of rest) {
    d += ` ${segment(prev, p)}`;
    prev = p;
  }
  const dash = e.dashed ? ' stroke-dasharray="5,4"' : "";
  let out = `<path class="edge" d="${d}" fill="none" stroke="#4a5568"${dash} marker-end="url(#arrow)"/>`;
  if (e.label && e.label.length > 0 && points.length >= 2) {
    // on the first segment, nearer its end: arrows fanning out of one box part there
    const m = route.labelAt ?? along(points[0]!, points[1]!, 0.62);
    const w = Math.max(...e.label.map(textWidth)) + 8;
    const h = e.label.length * metrics.lineHeight;
    out += `<rect x="${r(m.x - w / 2)}" y="${r(m.y - h / 2)}" width="${r(w)}" height="${r(h)}" fill="#ffffff" fill-opacity="0.85"/>`;
    out += e.label
      .map(
        (l, i) =>
          `<text class="label" x="${r(m.x)}" y="${r(m.y - h / 2 + (i + 0.75) * metrics.lineHeight)}">${xmlEscape(l)}</text>`,
      )
      .join("");
  }
  return out;
}

/** The SVG document of a graph (UTF-8 text with an XML declaration). */
export function renderSvg(g: Graph): string {
  const l = layout(g);
  const edges = l.edges.map(arrow).join("\n");
  const nodes = [...l.nodes.values()].map(box).join("\n");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12" text-anchor="middle">`,
    `<title>${xmlEscape(g.title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5568"/></marker></defs>',
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    edges,
    nodes,
    "</svg>",
    "",
  ].join("\n");
}
