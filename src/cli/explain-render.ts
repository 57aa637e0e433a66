/** The text of `tsden explain`: an option's facts, its definitions, and its list's elements. */
import { type Explanation, type Place, showOutputPath } from "../project/index.js";
import { toJson } from "./to-json.js";

const width = 72;

/** A value on one line, shortened when long. */
function short(v: unknown): string {
  let s: string;
  try {
    s = toJson(v, false);
  } catch {
    s = "<a value that contains itself>";
  }
  if (s === undefined) s = typeof v === "function" ? "<function>" : String(v);
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

const place = (p: Place) => (p.line !== undefined ? `${p.file}:${p.line}` : p.file);

/** Renders an explanation for the terminal. */
export function renderExplanation(x: Explanation): string {
  const out: string[] = [];
  const where =
    x.evaluationPath.length > 0 ? `${showOutputPath(x.evaluationPath)}` : "the project's top-level evaluation";
  out.push(`${x.option}  (option of ${where})`);
  out.push(`  type:      ${x.type}`);
  if (x.description) out.push(`  about:     ${x.description.trim().split("\n")[0]}`);
  if (x.declarations.length > 0) out.push(`  declared:  ${x.declarations.map(place).join(", ")}`);
  out.push(`  value:     ${x.value.ok ? short(x.value.value) : `error: ${x.value.error}`}`);
  out.push("");
  if (x.definitions.length === 0) {
    out.push("No definitions and no default.");
  } else {
    const n = x.definitions.length;
    out.push(
      `Definitions (${n}; the lowest priority number wins${x.highestPrio !== undefined ? `: ${x.highestPrio}` : ""}):`,
    );
    for (const d of x.definitions) {
      out.push(`  ${d.status.padEnd(10)} ${place(d)}${d.isDefault ? " (default)" : ""}`);
      out.push(`             value:  ${short(d.value)}`);
      out.push(`             why:    ${d.reason}${d.order !== undefined ? `; order ${d.order}` : ""}`);
      if (d.origin) {
        const stage = d.origin.stage
          ? `, stage ${d.origin.stage}`
          : d.origin.pipeline
            ? `, pipeline ${d.origin.pipeline}`
            : "";
        out.push(
          `             from:   aspect ${d.origin.aspect}${d.origin.class ? ` (class ${d.origin.class})` : ""}${stage}`,
        );
      }
      if (d.moduleFile) out.push(`             module: ${d.moduleFile}`);
      if (d.definedAt) out.push(`             at:     the definition of ${d.definedAt} (the value is computed there)`);
    }
  }
  if (x.elements) {
    out.push("");
    out.push(x.elements.length === 0 ? "Elements: none." : "Elements:");
    const shown = x.elements.map((e) => short(e.value));
    const pad = Math.min(24, Math.max(0, ...shown.map((s) => s.length)));
    x.elements.forEach((e, i) => out.push(`  ${shown[i]!.padEnd(pad)}  ${place(e)}`));
  }
  return `${out.join("\n")}\n`;
}
