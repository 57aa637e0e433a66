/**
 * `types.attrTag` (nixpkgs): an attribute-tagged union. A value is an object with
 * exactly one key, its tag, which must be one of the union's tags; the value under the
 * tag is an option of its own (declared with `mkOption`: type, default, apply), at the
 * location `<option>.<tag>`. Every definition must use the same tag. Declared twice,
 * the unions merge: their tags are joined, and a tag both declare is one option whose
 * declarations merge.
 *
 * The tags are checked when the type is first used (as nixpkgs, lazily): a tag whose
 * value is not an option (a bare type, say) is an error naming the tag.
 */
import { mergeOptionDecls } from "../declarations.js";
import { type Definition, withValue } from "../definition.js";
import { ModuleError } from "../errors/module-error.js";
import { showFiles, showOption } from "../errors/render.js";
import { mergeDefinitions } from "../merge.js";
import { isOption, OptionDecl, type OptionSpec } from "../option.js";
import { mkOptionDefault } from "../properties.js";
import { isOptionType, isPlainObject, mkOptionType, type OptionType } from "./option-type.js";
import { unspecified } from "./primitives.js";

/** A tag of the union: its declaration, and the files that declared it. */
interface Tag {
  readonly spec: OptionSpec;
  readonly type: OptionType;
  readonly declarations: readonly string[];
}

const TAG_FILE = "<attrTag {...}>";
const identifier = /^[A-Za-z_][A-Za-z0-9_'-]*$/;
const showName = (n: string) => (identifier.test(n) ? n : JSON.stringify(n));

function badTag(name: string, v: unknown): ModuleError {
  const what = isOptionType(v)
    ? "was a bare type, not wrapped in mkOption."
    : isPlainObject(v) && "_type" in v
      ? `was of type ${JSON.stringify(String(v._type))}.`
      : "was not.";
  return new ModuleError({
    code: "INVALID_ARGUMENT",
    message: `In attrTag, each tag value must be an option, but tag ${showName(name)} ${what}`,
    hint: `Declare the tag with mkOption: ${name}: mkOption({ type: ... }).`,
  });
}

/** The tags of a union, checked (each an option). */
function checkTags(tags: Readonly<Record<string, unknown>>): Map<string, Tag> {
  const out = new Map<string, Tag>();
  for (const name of Object.keys(tags)) {
    const v = tags[name];
    if (!isOption(v)) throw badTag(name, v);
    const spec = (v as OptionDecl).spec;
    out.set(name, { spec, type: spec.type ?? unspecified, declarations: [] });
  }
  return out;
}

/** The value of tag `tag` at `loc` from `defs` (nixpkgs `evalOptionValue`: the default first, then `apply`). */
function tagValue(loc: readonly string[], tag: Tag, defs: readonly Definition[]): unknown {
  const all = "default" in tag.spec ? [{ file: TAG_FILE, value: mkOptionDefault(tag.spec.default) }, ...defs] : defs;
  const value = mergeDefinitions(loc, tag.type, all).mergedValue;
  return tag.spec.apply ? tag.spec.apply(value) : value;
}

/** A union whose tags are already checked. */
function fromTags(getTags: () => Map<string, Tag>): OptionType<Record<string, unknown>> {
  let cached: Map<string, Tag> | undefined;
  const tags = () => (cached ??= getTags());
  const type: OptionType<Record<string, unknown>> = mkOptionType<Record<string, unknown>>({
    name: "attrTag",
    description: "attribute-tagged union",
    descriptionClass: "noun",
    check: (v) => {
      if (!isPlainObject(v)) return false;
      const keys = Object.keys(v);
      return keys.length === 1 && tags().has(keys[0]!);
    },
    merge: (loc, defs) => {
      const choice = Object.keys(defs[0]!.value as object)[0]!;
      const valueDefs = defs.map((d) => {
        const keys = Object.keys(d.value as object);
        if (keys[0] !== choice) {
          throw new ModuleError({
            code: "CONFLICT",
            message: `The option \`${showOption(loc)}\` is defined both as \`${choice}\` and \`${keys[0]}\`, in ${showFiles(defs.map((x) => x.file))}.`,
            optionPath: loc,
            definitions: defs,
            hint: "Give every definition the same tag, or use mkForce on the one that should win.",
          });
        }
        return withValue(d, (d.value as Record<string, unknown>)[choice]);
      });
      const tag = tags().get(choice);
      if (!tag) {
        throw new ModuleError({
          code: "TYPE_MISMATCH",
          message: `The option \`${showOption(loc)}\` is defined as ${showName(choice)}, but ${showName(choice)} is not among the valid choices (${[...tags().keys()].map(showName).join(", ")}). Value ${choice} was defined in ${showFiles(defs.map((x) => x.file))}.`,
          optionPath: loc,
          definitions: defs,
        });
      }
      let value: unknown;
      let done = false;
      const out: Record<string, unknown> = {};
      Object.defineProperty(out, choice, {
        enumerable: true,
        get: () => {
          if (!done) {
            value = tagValue([...loc, choice], tag, valueDefs);
            done = true;
          }
          return value;
        },
      });
      return out;
    },
    getSubOptions: (prefix) => {
      const out: Record<string, unknown> = {};
      for (const [name, tag] of tags()) {
        out[name] = {
          ...Object.fromEntries(
            Object.entries(Object.getOwnPropertyDescriptors(tag.spec)).flatMap(([k, d]) =>
              "value" in d ? [[k, d.value]] : [],
            ),
          ),
          _type: "option",
          loc: [...prefix, name],
          type: tag.type,
          declarations: tag.declarations,
          declarationPositions: tag.declarations.map((file) => ({ file, line: null, column: null })),
          readOnly: tag.spec.readOnly ?? false,
          internal: tag.spec.internal ?? false,
          visible: tag.spec.visible ?? true,
        };
      }
      return out;
    },
    typeMerge: (self, other) => {
      if (other.name !== "attrTag") return null;
      const otherTags = (other.payload as { tags: () => Map<string, Tag> }).tags;
      return fromTags(() => {
        const a = tags();
        const b = otherTags();
        const merged = new Map(a);
        for (const [name, tb] of b) {
          const ta = a.get(name);
          if (!ta) {
            merged.set(name, tb);
            continue;
          }
          const m = mergeOptionDecls(
            [name],
            [
              { file: TAG_FILE, value: new OptionDecl({ ...ta.spec, type: ta.type }) },
              { file: TAG_FILE, value: new OptionDecl({ ...tb.spec, type: tb.type }) },
            ],
          );
          merged.set(name, { spec: m.spec, type: m.type, declarations: [...ta.declarations, ...tb.declarations] });
        }
        return merged;
      });
    },
    payload: { tags },
    functor: { name: "attrTag", payload: { tags }, wrapped: null },
  });
  // nixpkgs' nestedTypes of an attrTag are its tag options: made on first read.
  Object.defineProperty(type, "nestedTypes", {
    enumerable: true,
    get: () => Object.fromEntries([...tags()].map(([n, t]) => [n, t.type])),
  });
  return type;
}

/**
 * An attribute-tagged union: a value is `{ <tag>: <value> }` with one of the tags, each
 * declared with `mkOption`.
 *
 * @example
 * types.attrTag({ port: mkOption({ type: types.port }), socket: mkOption({ type: types.path }) })
 * // defined as { port: 8080 } or { socket: "/run/app.sock" }
 */
export function attrTag(tags: Record<string, unknown>): OptionType<Record<string, unknown>> {
  return fromTags(() => checkTags(tags));
}
