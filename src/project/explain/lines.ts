/**
 * Line numbers of definitions: each definition written in a module is matched to a
 * property of its file whose chain of names ends with the definition's path (see
 * `locate/source.ts`). When a file has several such properties, literal values decide
 * (`port: 8080` is the definition whose value is 8080), then a name the property's
 * chain must hold (the aspect a definition came from); definitions of one module that
 * remain are matched in source order when the counts agree. What stays ambiguous gets
 * no line: a line is never guessed.
 */
import { deepEqual, plainDefinitionData, type RawDefinition } from "../../modules/index.js";
import type { PropertySite } from "../locate/syntax.js";
import { definitionSites } from "../locate/source.js";
import { literalValue } from "../locate/value.js";

/** Where a definition is written: the file searched (absolute) and the property found. */
export interface Located {
  readonly path: string;
  readonly site: PropertySite;
}

/**
 * Locates definitions of `path` in the files given for each (`files(def)`: absolute
 * paths to search, in order of preference). Returns a map from definition to where it
 * is written; definitions left out have no known line.
 */
export function locateDefinitions(
  defs: readonly RawDefinition[],
  path: readonly string[],
  files: (d: RawDefinition) => readonly string[],
  prefer: (d: RawDefinition) => string | undefined = () => undefined,
): Map<RawDefinition, Located> {
  const found = new Map<RawDefinition, Located>();
  const byFile = new Map<string, RawDefinition[]>();
  for (const d of defs) {
    for (const f of files(d)) {
      if (definitionSites(f, path).length === 0) continue;
      let list = byFile.get(f);
      if (!list) byFile.set(f, (list = []));
      list.push(d);
      break;
    }
  }
  for (const [file, group] of byFile) {
    const sites = definitionSites(file, path);
    const free = new Set(sites);
    const literal = new Map(sites.map((s) => [s, literalValue(s.value)] as const));
    const data = new Map(group.map((d) => [d, plainDefinitionData(d.value)] as const));
    const fits = (d: RawDefinition, s: PropertySite) => {
      const l = literal.get(s)!;
      const p = data.get(d);
      return !l.ok || !p || deepEqual(l.value, p.value);
    };
    const assign = (d: RawDefinition, s: PropertySite) => {
      found.set(d, { path: file, site: s });
      free.delete(s);
    };
    // 1. literal values that match exactly one property
    for (const d of group) {
      const p = data.get(d);
      if (!p) continue;
      const same = sites.filter(
        (s) => free.has(s) && literal.get(s)!.ok && deepEqual((literal.get(s) as { value: unknown }).value, p.value),
      );
      if (same.length === 1) assign(d, same[0]!);
    }
    // 2. a name the definition's property chain must hold (its aspect), when it leaves one property
    for (const d of group) {
      const name = prefer(d);
      if (found.has(d) || name === undefined) continue;
      const named = sites.filter(
        (s) => free.has(s) && s.chain.slice(0, s.chain.length - path.length).includes(name) && fits(d, s),
      );
      if (named.length === 1) assign(d, named[0]!);
    }
    // 3. what remains: one for one, or one module's definitions in source order
    const rest = group.filter((d) => !found.has(d));
    const left = sites.filter((s) => free.has(s));
    if (rest.length === 0 || rest.length !== left.length) continue;
    const oneModule = rest.every((d) => d.moduleKey === rest[0]!.moduleKey);
    if (rest.length === 1 || oneModule) {
      if (rest.every((d, i) => fits(d, left[i]!))) rest.forEach((d, i) => assign(d, left[i]!));
    }
  }
  return found;
}
