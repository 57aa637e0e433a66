/** A graph as Mermaid flowchart text (`graph TD`), as data-flow diagrams in Markdown are written. */
import { escapeControls } from "../control-chars.js";
import type { Graph } from "./pipeline-graph.js";

/** Mermaid's quoted label text: `"` becomes `#quot;`, lines join with `<br/>`, control characters `\uXXXX`. */
function label(lines: readonly string[]): string {
  return lines
    .map((l) =>
      escapeControls(l).replace(/"/g, "#quot;").replace(/\|/g, "#124;").replace(/</g, "#lt;").replace(/>/g, "#gt;"),
    )
    .join("<br/>");
}

/** The classes that colour each kind of box. */
const classDefs = [
  "classDef entity fill:#fff3d6,stroke:#b7791f",
  "classDef stage fill:#e6f0ff,stroke:#2b6cb0",
  "classDef provider fill:#f0e6ff,stroke:#6b46c1",
  "classDef forward fill:#e6fffa,stroke:#2c7a7b",
  "classDef output fill:#f0fff4,stroke:#2f855a",
];

/**
 * The Mermaid text of a graph: one line per box (`id["line<br/>line"]:::kind`), one per
 * arrow (`a -->|label| b`, dashed `-.->` for providers), then the colour classes.
 */
export function renderMermaid(g: Graph): string {
  // a comment ends at the line's end: a newline in a name must not start a line of Mermaid
  const lines = ["graph TD", `  %% ${escapeControls(g.title)}`];
  for (const n of g.nodes) lines.push(`  ${n.id}["${label(n.lines)}"]:::${n.kind}`);
  for (const e of g.edges) {
    const arrow = e.dashed ? "-.->" : "-->";
    lines.push(e.label ? `  ${e.from} ${arrow}|"${label(e.label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  }
  for (const c of classDefs) lines.push(`  ${c}`);
  return `${lines.join("\n")}\n`;
}
