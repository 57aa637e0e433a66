/**
 * `explainOption`: everything known about one option of a project, named by an output
 * path: its type, declarations (with lines), value, and every definition with file,
 * line, priority and what became of it (used, overridden by a lower priority number,
 * disabled by a false `mkIf`); for lists, where each element came from; for a
 * configuration built by Den, the aspect and pipeline stage behind each definition.
 */
import {
  type DefinitionStatus,
  type EvalResult,
  explainDefinitions,
  type ExplainedDefinition,
  listElementsOf,
  type OptionInfo,
  type OptionType,
  priorityName,
  type RawDefinition,
  rawDefinitions,
  showOptionPath,
} from "../../modules/index.js";
import { locateDefinitions, type Located } from "./lines.js";
import { aspectFiles, denOrigins, type DenOrigin } from "../../aspects/index.js";
import { anchorsOf, submoduleLevels } from "./submodule.js";
import { optionAt, optionTarget } from "./target.js";
import { listElements } from "../locate/value.js";
import { declarationLine, relativeImports, sourcePath } from "../locate/source.js";
import { relative, sep } from "node:path";

/** A file and, when found, a line. */
export interface Place {
  readonly file: string;
  readonly line?: number;
}

/** One definition in an {@link Explanation}. */
export interface DefinitionReport extends Place {
  readonly status: DefinitionStatus;
  /** Why it is used or not, in words. */
  readonly reason: string;
  readonly priority: number;
  readonly priorityName: string;
  /** The `mkOrder` priority, when not the plain 1000. */
  readonly order?: number;
  readonly value: unknown;
  readonly isDefault: boolean;
  /** The file the module system names, when the line was found in another one (an aspect's file). */
  readonly moduleFile?: string;
  /** The option path of the property at the line, when it is above the path explained (a value computed there). */
  readonly definedAt?: string;
  readonly origin?: DenOrigin;
}

/** One element of a list option's value and where it came from. */
export interface ElementReport extends Place {
  readonly value: unknown;
}

/** What `tsden explain` shows. */
export interface Explanation {
  readonly outputPath: readonly string[];
  /** The configuration the option belongs to (`[]`: the project's top-level evaluation). */
  readonly evaluationPath: readonly string[];
  /** The option (and the path below it, for a value inside a submodule or attribute set). */
  readonly option: string;
  readonly type: string;
  readonly description?: string;
  readonly declarations: readonly Place[];
  /** The value, or the error reading it. */
  readonly value: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };
  /** The lowest priority number among the definitions: the one that wins. */
  readonly highestPrio?: number;
  readonly definitions: readonly DefinitionReport[];
  readonly elements?: readonly ElementReport[];
}

interface SubOption {
  readonly type?: OptionType;
  readonly description?: string;
  readonly declarations: readonly string[];
  readonly default?: { value: unknown };
  readonly loc: readonly string[];
}

const placeholder = (s: string) => s === "*" || /^<.*>$/s.test(s);

/**
 * The declaration of a path below an option, following its type: `attrsOf` and
 * `listOf` take one name (or index) of the path, `nullOr` and `unique` none, and a
 * submodule's options take the rest. A type that wraps one of these (an `attrsOf`
 * whose names are checked) is followed as the type it wraps (its `functorName`).
 */
function subOption(option: OptionInfo, rest: readonly string[]): SubOption | undefined {
  let type: OptionType = option.type;
  let loc: string[] = [...option.loc];
  let i = 0;
  for (let guard = 0; guard < 64 && i < rest.length; guard++) {
    const kind =
      type.nestedTypes.elemType && /^(attrsOf|lazyAttrsOf|listOf|nonEmptyListOf)$/.test(type.functorName)
        ? type.functorName
        : type.name;
    if (/^(attrsOf|lazyAttrsOf|listOf|nonEmptyListOf)$/.test(kind)) {
      loc = [...loc, /List/.test(kind) ? "*" : "<name>"];
      i++;
      type = type.nestedTypes.elemType!;
    } else if (/^(nullOr|unique)$/.test(type.name) && type.nestedTypes.elemType) {
      type = type.nestedTypes.elemType;
    } else if (type.name === "submodule") {
      let found: ReturnType<typeof optionAt>;
      try {
        found = optionAt(type.getSubOptions(loc), rest.slice(i));
      } catch {
        return undefined;
      }
      if (!found) return undefined;
      const o = found.option as OptionInfo & { default?: unknown };
      if (found.rest.length === 0) {
        return {
          type: o.type,
          description: o.description,
          declarations: o.declarations,
          default: "default" in o ? { value: o.default } : undefined,
          loc: o.loc,
        };
      }
      i = rest.length - found.rest.length;
      loc = [...o.loc];
      type = o.type;
    } else return undefined;
  }
  return undefined;
}

function readValue(evaluation: EvalResult, path: readonly string[]): Explanation["value"] {
  try {
    let v: unknown = evaluation.config;
    for (const k of path) v = (v as Record<string, unknown>)[k];
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, error: (e instanceof Error ? e.message : String(e)).split("\n")[0]! };
  }
}

function reasonOf(d: ExplainedDefinition, highest: number): string {
  if (d.status === "disabled") return "its mkIf condition is false";
  if (d.status === "overridden")
    return `overridden: priority ${d.priority} (${priorityName(d.priority)}) loses to ${highest} (${priorityName(highest)})`;
  return d.isDefault
    ? "the option's default (nothing defines it at a lower priority number)"
    : `priority ${d.priority} (${priorityName(d.priority)}) is the lowest number`;
}

/**
 * Explains the option at an output path of an evaluated project (`root` is the
 * project folder, where definitions' files are found).
 *
 * @example explainOption(root, evalProject(project), ["osConfigurations", "server", "config", "networking", "hostName"])
 */
export function explainOption(root: string, project: EvalResult, outputPath: readonly string[]): Explanation {
  const target = optionTarget(project, outputPath);
  const { option, rest, evaluation } = target;
  const sub = rest.length > 0 ? subOption(option, rest) : undefined;
  const loc = [...option.loc, ...rest];
  const type = rest.length === 0 ? option.type : sub?.type;
  const declFiles = rest.length === 0 ? option.declarations : (sub?.declarations ?? []);
  const declLoc = rest.length === 0 ? option.loc : (sub?.loc ?? loc);
  const hasDefault = rest.length === 0 ? "default" in option : sub?.default !== undefined;
  const defaultValue = rest.length === 0 ? (option as { default?: unknown }).default : sub?.default?.value;
  const declarations: Place[] = declFiles.map((file) => {
    const abs = sourcePath(root, file);
    const line = abs ? declarationLine(abs, declLoc) : undefined;
    return line ? { file, line } : { file };
  });
  const path = [...target.path, ...rest];
  // definitions inside submodule values are read in the value's own evaluation
  const levels = submoduleLevels(evaluation, path, target.path.length);
  const inner = levels[levels.length - 1]!;
  const defs = explainDefinitions({
    evaluation: inner.evaluation,
    path: inner.path,
    loc,
    defaultValue: hasDefault ? { value: defaultValue, file: declFiles[0] ?? "<unknown-file>" } : undefined,
  });
  const anchors = anchorsOf(levels, [...new Set(defs.filter((d) => !d.isDefault).map((d) => d.raw))]);
  const originOfLevel = levels.map((l) => denOrigins(l.evaluation, project));
  const origins = new Map<RawDefinition, DenOrigin | undefined>();
  for (const a of anchors.values()) origins.set(a.raw, originOfLevel[a.level]!(a.raw.moduleKey));
  const filesOf = (d: RawDefinition): string[] => {
    const own = sourcePath(root, d.file);
    if (own) return [own, ...relativeImports(own)];
    const o = origins.get(d);
    return o ? aspectFiles(project, o.aspect).flatMap((f) => sourcePath(root, f) ?? []) : [];
  };
  const aspectName = (d: RawDefinition) => {
    const id = origins.get(d)?.aspect;
    return id === undefined
      ? undefined
      : id
          .split("/")
          .filter((s) => !placeholder(s) && !s.startsWith("<"))
          .pop();
  };
  // each definition is located where it is written: at the level it is anchored at
  const located = new Map<RawDefinition, Located>();
  const via = new Map<RawDefinition, string>();
  levels.forEach((level, i) => {
    const raws = [...new Set([...anchors.values()].filter((a) => a.level === i).map((a) => a.raw))];
    if (raws.length === 0) return;
    for (const [d, at] of locateDefinitions(raws, level.path, filesOf, aspectName)) located.set(d, at);
    if (i > 0) return;
    // below an option, a value may be computed inside a property higher up (`packages: lazy(...)`):
    // the definition is that property, shown with the path it defines
    for (let n = path.length - 1; n >= target.path.length && n > 0; n--) {
      const left = raws.filter((d) => !located.has(d));
      if (left.length === 0) break;
      const outer = rawDefinitions(evaluation.modules, path.slice(0, n));
      for (const [d, at] of locateDefinitions(outer, path.slice(0, n), (o) => filesOf(o), aspectName)) {
        const same = left.filter((l) => l.moduleKey === d.moduleKey);
        if (same.length !== 1) continue;
        located.set(same[0]!, at);
        via.set(
          same[0]!,
          showOptionPath([...option.loc.slice(0, option.loc.length - target.path.length), ...path.slice(0, n)]),
        );
      }
    }
  });
  const anchorOf = (d: RawDefinition) => anchors.get(d)?.raw ?? d;
  const show = (abs: string) => relative(root, abs).split(sep).join("/");
  const highest = defs.filter((d) => d.status === "used")[0]?.priority;
  const reports: DefinitionReport[] = defs.map((d) => {
    const anchor = anchorOf(d.raw);
    const at: Located | undefined = located.get(anchor);
    const file = d.isDefault ? (declarations[0]?.file ?? d.raw.file) : at ? show(at.path) : anchor.file;
    const line = d.isDefault ? declarations[0]?.line : at?.site.line;
    const origin = d.isDefault ? undefined : origins.get(anchor);
    return {
      file,
      ...(line !== undefined ? { line } : {}),
      ...(at && file !== anchor.file ? { moduleFile: anchor.file } : {}),
      ...(via.has(anchor) ? { definedAt: via.get(anchor)! } : {}),
      status: d.status,
      reason: reasonOf(d, highest ?? d.priority),
      priority: d.priority,
      priorityName: priorityName(d.priority),
      ...(d.order !== 1000 ? { order: d.order } : {}),
      value: d.value,
      isDefault: d.isDefault,
      ...(origin ? { origin } : {}),
    };
  });
  let elements: ElementReport[] | undefined;
  const isList = type !== undefined && /^(listOf|nonEmptyListOf)$/.test(unwrapName(type));
  if (isList) {
    elements = listElementsOf(defs, loc).map((e) => {
      const i = defs.indexOf(e.definition);
      const r = reports[i]!;
      const at = located.get(anchorOf(e.definition.raw));
      const lines = at ? listElements(at.site.value) : undefined;
      let line = r.line;
      if (lines) {
        const firstSpread = lines.findIndex((l) => l.spread);
        if (firstSpread < 0 || e.index < firstSpread) line = lines[e.index]?.line ?? r.line;
        else if (firstSpread === lines.length - 1) line = lines[firstSpread]!.line;
      }
      return { value: e.value, file: r.file, ...(line !== undefined ? { line } : {}) };
    });
  }
  const description = rest.length === 0 ? option.description : sub?.description;
  return {
    outputPath,
    evaluationPath: target.evaluationPath,
    option: showOptionPath(loc),
    type: type?.description ?? "unknown (a value below the option, with no declaration of its own)",
    ...(description ? { description } : {}),
    declarations,
    value: readValue(evaluation, path),
    ...(highest !== undefined ? { highestPrio: highest } : {}),
    definitions: reports,
    ...(elements ? { elements } : {}),
  };
}

/** The name of a type under `unique`/`uniq` wrappers. */
function unwrapName(t: OptionType): string {
  return t.name === "unique" && t.nestedTypes.elemType ? unwrapName(t.nestedTypes.elemType) : t.name;
}
