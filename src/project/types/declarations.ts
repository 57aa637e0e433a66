/**
 * TypeScript declarations of a configuration from its declared options: one interface
 * per options tree, sets of options as nested object types, each option's description
 * as a doc comment, and option types mapped: `bool` → boolean, integers and numbers →
 * number, strings and paths → string, `enum` → a union of its values, `listOf` →
 * `T[]`, `attrsOf` → `{ [name: string]: T }`, `nullOr` → `T | null`, `either`/`oneOf`
 * → a union, `submodule` → an object type of its options, `package` → an object with
 * `type: "derivation"`. A type of its own is known by the TypeScript type it states
 * (`tsType`: a checked string is `string`) or by the type it wraps (`functorName`: an
 * `attrsOf` whose names are checked is still an `attrsOf`); Den's types by name: the
 * hosts (and users, homes) of a system are object types of their options (the schema
 * included), an aspect is an `AspectValue` whose class modules are typed by the classes
 * declared with it. Types with no TypeScript counterpart (`raw`, `anything`,
 * `deferredModule`, ...) are `any`.
 */
import { force, isOptionInfo, type OptionType } from "../../modules/index.js";

/** One options tree to declare an interface for. */
export interface TypegenSource {
  /** The interface's name (`Config`, `OsConfig`). */
  readonly name: string;
  /** What it is, for its doc comment. */
  readonly title: string;
  readonly options: unknown;
  /** The name of the module type to declare with it (`Module`, `OsModule`). */
  readonly moduleName: string;
  /** The Den class it is the configuration of (`os`), if any. */
  readonly className?: string;
}

const maxDepth = 16;
/** The package the declarations import their module type from. */
const tsdenPackage = "tsden";
const identifier = /^[A-Za-z_$][\w$]*$/;

function propName(k: string): string {
  return identifier.test(k) ? k : JSON.stringify(k);
}

function docComment(text: string | undefined, extra: string[], indent: string): string {
  const lines = [...(text ? text.trim().split("\n") : []), ...extra];
  if (lines.length === 0) return "";
  const safe = lines.map((l) => l.replace(/\*\//g, "*\\/"));
  return safe.length === 1
    ? `${indent}/** ${safe[0]} */\n`
    : `${indent}/**\n${safe.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

const literal = (v: unknown): string | undefined =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))
    ? JSON.stringify(v)
    : undefined;

/** `t` in parentheses when it is a union or an intersection at its top level (an element type of a list). */
function paren(t: string): string {
  return splitUnion(t).length > 1 || splitTop(t, " & ").length > 1 ? `(${t})` : t;
}

function union(parts: string[]): string {
  if (parts.includes("any")) return "any";
  return [...new Set(parts.flatMap((p) => splitUnion(p)))].join(" | ");
}

/** The top-level members of a union type text (not inside braces or parentheses). */
function splitUnion(t: string): string[] {
  return splitTop(t, " | ");
}

/** `t` split at `sep` where it is not inside braces, parentheses, brackets or angle brackets. */
function splitTop(t: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === "{" || c === "(" || c === "[" || c === "<") depth++;
    if (c === "}" || c === ")" || c === "]" || c === ">") depth--;
    if (depth === 0 && t.startsWith(sep, i)) {
      out.push(cur);
      cur = "";
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** The names the type texts of tsden's own types use (declared by the file that uses them). */
export const DEN_CLASSES = "DenClasses";

/** Names of the primitive and compound types of the module system. */
const knownName =
  /^(bool|boolByOr|int|float|number|intBetween|positiveInt|(unsigned|signed)Int\d*|str|nonEmptyStr|singleLineStr|separatedString|path|enum|listOf|nonEmptyListOf|attrsOf|lazyAttrsOf|nullOr|either|coercedTo|unique|functionTo|attrs|package|submodule|strMatching .*)$/s;

/** Den's types, by name: the TypeScript text of their values. */
function denTypeText(t: OptionType, indent: string, depth: number): string | undefined {
  const options = () => {
    try {
      return treeText(t.getSubOptions([]), indent, depth + 1);
    } catch {
      return "{}";
    }
  };
  switch (t.name) {
    case "den-system":
      // the entities of a system by name, each with the options of its schema (Den's fields among them)
      return `{ [name: string]: ${options()} }`;
    case "den-host":
    case "den-home":
    case "den-user":
      return options();
    case "aspect":
      return `AspectValue<${DEN_CLASSES}>`;
    case "den-guest":
      return "{ readonly name: string } | string";
    case "den-outputs":
      return "{ [output: string]: any }";
    default:
      return undefined;
  }
}

/** The TypeScript type of values of an option type. */
export function typeText(t: OptionType, indent = "", depth = 0): string {
  if (depth > maxDepth) return "any";
  const sub = (x: OptionType) => typeText(x, indent, depth + 1);
  const elem = t.nestedTypes.elemType;
  if (t.tsType !== undefined) return t.tsType;
  const den = denTypeText(t, indent, depth);
  if (den !== undefined) return den;
  const name = knownName.test(t.name) ? t.name : t.functorName;
  if (name === "bool" || name === "boolByOr") return "boolean";
  if (/^(int|float|number|intBetween|positiveInt|(unsigned|signed)Int\d*)$/.test(name)) return "number";
  if (/^(str|nonEmptyStr|singleLineStr|separatedString|path)$/.test(name) || name.startsWith("strMatching "))
    return "string";
  if (name === "enum" && Array.isArray(t.payload)) {
    const vs = (t.payload as unknown[]).map(literal);
    return vs.length > 0 && vs.every((v) => v !== undefined) ? vs.join(" | ") : vs.length === 0 ? "never" : "any";
  }
  if ((name === "listOf" || name === "nonEmptyListOf") && elem) return `${paren(sub(elem))}[]`;
  if ((name === "attrsOf" || name === "lazyAttrsOf") && elem) return `{ [name: string]: ${sub(elem)} }`;
  if (name === "attrsOf" || name === "lazyAttrsOf") return "{ [name: string]: any }";
  if (name === "nullOr" && elem) return union([sub(elem), "null"]);
  if (name === "either" && t.nestedTypes.left && t.nestedTypes.right)
    return union([sub(t.nestedTypes.left), sub(t.nestedTypes.right)]);
  if (name === "coercedTo" && t.nestedTypes.coercedType && t.nestedTypes.finalType)
    return union([sub(t.nestedTypes.finalType), sub(t.nestedTypes.coercedType)]);
  if (name === "unique" && elem) return sub(elem);
  if (name === "functionTo" && elem) return `(...args: any[]) => ${sub(elem)}`;
  if (name === "attrs") return "{ [name: string]: any }";
  if (name === "package") return `{ readonly type: "derivation"; readonly name?: string; readonly outPath?: string }`;
  if (name === "submodule") {
    let options: unknown;
    try {
      options = t.getSubOptions([]);
    } catch {
      return "any";
    }
    return treeText(options, indent, depth + 1, t.description !== "submodule");
  }
  return "any";
}

/** The object type of an options tree, members indented one step below `indent`. */
export function treeText(tree: unknown, indent = "", depth = 0, open = false): string {
  const t = tree;
  if (depth > maxDepth || typeof t !== "object" || t === null) return "any";
  const inner = `${indent}  `;
  const members: string[] = [];
  for (const k of Object.keys(t).sort()) {
    if (k === "_module" || k === "_freeformOptions") continue; // the latter: the options of freeform values, for docs
    const child = (t as Record<string, unknown>)[k];
    if (isOptionInfo(child)) {
      const extra: string[] = [];
      if (typeof child.type?.description === "string") extra.push(`Type: ${child.type.description}`);
      if ("defaultText" in child || "default" in child) {
        const d = force("defaultText" in child ? child.defaultText : child.default);
        const shown =
          typeof d === "object" && d !== null && "text" in d ? String((d as { text: unknown }).text) : safeJson(d);
        if (shown !== undefined && shown.length <= 80 && !shown.includes("\n")) extra.push(`Default: ${shown}`);
      }
      const ro = child.readOnly ? "readonly " : "";
      members.push(
        `${docComment(child.description, extra, inner)}${inner}${ro}${propName(k)}: ${child.type ? typeText(child.type, inner, depth + 1) : "any"};`,
      );
    } else {
      members.push(`${inner}${propName(k)}: ${treeText(child, inner, depth + 1)};`);
    }
  }
  if (open) members.push(`${inner}[name: string]: any;`);
  return members.length === 0 ? "{}" : `{\n${members.join("\n")}\n${indent}}`;
}

function safeJson(v: unknown): string | undefined {
  try {
    return typeof v === "function" ? undefined : JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/**
 * The text of a declarations file (`tsden-config.d.ts`): an interface per source and a
 * module type for each (`TypedModule<Config>` from tsden; an `os` class's modules get
 * `pkgs`, `store` and `host` too), the class modules an aspect holds (`DenClasses`),
 * and with `register`, the project's types registered with tsden (`ProjectTypes`), so
 * that `defineModule`, `defineOsModule` and `defineAspect` check against them.
 */
export function configDeclarations(sources: readonly TypegenSource[], header: string, register = false): string {
  const parts = [
    `// ${header}`,
    "// Do not edit: run `tsden types` again when the options change.",
    `import type { AspectValue, OsModuleArgs, Package, TypedModule } from "${tsdenPackage}";`,
    "",
  ];
  const classes = sources.filter((s) => s.className !== undefined);
  parts.push("/** The class modules an aspect holds, by class. */");
  parts.push(`export interface ${DEN_CLASSES} {`);
  for (const s of classes) parts.push(`  ${propName(s.className!)}?: ${s.moduleName};`);
  parts.push("  [cls: string]: unknown;");
  parts.push("}");
  parts.push("");
  for (const s of sources) {
    const body = treeText(s.options, "", 0);
    parts.push(`/** The configuration of ${s.title}, as its options declare it. */`);
    parts.push(`export interface ${s.name} ${body === "any" ? "{}" : body}`);
    parts.push("");
    const args = s.className === "os" ? `, OsModuleArgs<${s.name}>` : "";
    parts.push(
      `/** A module of ${s.title}: \`defineModule<${s.name}>(...)\` or \`{ ... } satisfies ${s.moduleName}\`. */`,
    );
    parts.push(`export type ${s.moduleName} = TypedModule<${s.name}${args}>;`);
    parts.push("");
  }
  if (register) {
    const config = sources.find((s) => s.className === undefined);
    const os = classes.find((s) => s.className === "os");
    parts.push("// the project's configurations, for defineModule, defineOsModule and defineAspect");
    parts.push(`declare module "${tsdenPackage}" {`);
    parts.push("  interface ProjectTypes {");
    if (config) parts.push(`    config: ${config.name};`);
    if (os) parts.push(`    os: ${os.name};`);
    parts.push("  }");
    parts.push("}");
    parts.push("");
  }
  return parts.join("\n");
}
