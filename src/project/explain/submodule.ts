/**
 * Definitions inside submodule values. A value of a submodule option (an entry of
 * `microvm.vms`, of `users.users`) is an evaluation of its own, whose modules are the
 * submodule's declarations plus one module per definition of the value. A definition
 * given as a module (a function, `{ imports }`, what a Den forward places there) is
 * opaque to a walk of the outer modules' values: its definitions are found in the
 * inner evaluation's modules, where its imports were collected with their own files.
 *
 * `submoduleLevels` follows an option path through the submodule values on the way,
 * giving each evaluation met and the path in it. A definition of an inner level is
 * anchored at the outer level when an outer definition of the value has the same file
 * that defines the same path there (the inner module is that definition, as written
 * in the outer module): its Den origin and its line are looked for there, under the
 * outer path.
 */
import { type EvalResult, type RawDefinition, rawDefinitions, submoduleEvaluation } from "../../modules/index.js";

/** One evaluation on the way to an option, and the path in it. */
export interface Level {
  readonly evaluation: EvalResult;
  /** The path of the option (or below it) in this evaluation. */
  readonly path: readonly string[];
}

/** A definition and the level where it is written (itself, or an outer definition with its file). */
export interface Anchor {
  readonly level: number;
  readonly raw: RawDefinition;
}

/**
 * The evaluations `path` (an option path of `evaluation`, from `from` on below the
 * option) passes through: the outer one, then each submodule value on the way whose
 * evaluation is known. A value that cannot be read ends the walk.
 */
export function submoduleLevels(evaluation: EvalResult, path: readonly string[], from: number): Level[] {
  const levels: Level[] = [{ evaluation, path }];
  let value: unknown = evaluation.config;
  for (let i = 0; i < path.length - 1; i++) {
    try {
      value = (value as Record<string, unknown>)[path[i]!];
    } catch {
      break;
    }
    if (typeof value !== "object" || value === null) break;
    if (i + 1 < from) continue;
    const inner = submoduleEvaluation(value);
    if (inner === undefined) continue;
    levels.push({ evaluation: inner, path: path.slice(i + 1) });
  }
  return levels;
}

/**
 * Anchors definitions of the innermost level: each is followed outwards while the outer
 * level has a definition of the same path in the same file.
 */
export function anchorsOf(levels: readonly Level[], raws: readonly RawDefinition[]): Map<RawDefinition, Anchor> {
  const outerByFile = levels.map((_level, i) => {
    if (i === 0) return new Map<string, RawDefinition>();
    const outer = levels[i - 1]!;
    const byFile = new Map<string, RawDefinition>();
    for (const r of rawDefinitions(outer.evaluation.modules, outer.path))
      if (!byFile.has(r.file)) byFile.set(r.file, r);
    return byFile;
  });
  const out = new Map<RawDefinition, Anchor>();
  for (const raw of raws) {
    let anchor: Anchor = { level: levels.length - 1, raw };
    for (;;) {
      const outer = anchor.level > 0 ? outerByFile[anchor.level]!.get(anchor.raw.file) : undefined;
      if (outer === undefined) break;
      anchor = { level: anchor.level - 1, raw: outer };
    }
    out.set(raw, anchor);
  }
  return out;
}
