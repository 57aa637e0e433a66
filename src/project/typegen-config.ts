/**
 * TypeScript declarations of a configuration from its declared options: one interface
 * per options tree, sets of options as nested object types, each option's description
 * as a doc comment, and option types mapped: `bool` → boolean, integers and numbers →
 * number, strings and paths → string, `enum` → a union of its values, `listOf` →
 * `T[]`, `attrsOf` → `{ [name: string]: T }`, `nullOr` → `T | null`, `either`/`oneOf`
 * → a union, `submodule` → an object type of its options, `package` → an object with
 * `type: "derivation"`; types with no TypeScript counterpart (`raw`, `anything`,
 * `deferredModule`, ...) are `any`.
 */
import { deref } from "../modules/reference.js";
import type { OptionType } from "../modules/types/option-type.js";

/** One options tree to declare an interface for. */
export interface TypegenSource {
  /** The interface's name (`Config`, `OsConfig`). */
  readonly name: string;
  /** What it is, for its doc comment. */
  readonly title: string;
  readonly options: unknown;
  /** The name of the module type to declare with it (`Module`, `OsModule`). */
  readonly moduleName: string;
}

const maxDepth = 16;
/** The package the declarations import their module type from. */
const tsdenPackage = "tsden";
const identifier = /^[A-Za-z_$][\w$]*$/;

const isOption = (v: unknown): v is Record<string, any> =>
  typeof v === "object" && v !== null && (v as { _type?: unknown })._type === "option";

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

function paren(t: string): string {
  return /[|&]/.test(t) && !/^\{/.test(t) ? `(${t})` : t;
}

function union(parts: string[]): string {
  if (parts.includes("any")) return "any";
  return [...new Set(parts.flatMap((p) => splitUnion(p)))].join(" | ");
}

/** The top-level members of a union type text (not inside braces or parentheses). */
function splitUnion(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === "{" || c === "(" || c === "[" || c === "<") depth++;
    if (c === "}" || c === ")" || c === "]" || c === ">") depth--;
    if (depth === 0 && t.startsWith(" | ", i)) {
      out.push(cur);
      cur = "";
      i += 2;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** The TypeScript type of values of an option type. */
export function typeText(t: OptionType, indent = "", depth = 0): string {
  if (depth > maxDepth) return "any";
  const sub = (x: OptionType) => typeText(x, indent, depth + 1);
  const elem = t.nestedTypes.elemType;
  const name = t.name;
  if (name === "bool" || name === "boolByOr") return "boolean";
  if (/^(int|float|number|intBetween|positiveInt|(unsigned|signed)Int\d*)$/.test(name)) return "number";
  if (/^(str|nonEmptyStr|singleLineStr|separatedString|path)$/.test(name) || name.startsWith("strMatching "))
    return "string";
  if (name === "enum") {
    const vs = (t.payload as unknown[]).map(literal);
    return vs.length > 0 && vs.every((v) => v !== undefined) ? vs.join(" | ") : vs.length === 0 ? "never" : "any";
  }
  if ((name === "listOf" || name === "nonEmptyListOf") && elem) return `${paren(sub(elem))}[]`;
  if ((name === "attrsOf" || name === "lazyAttrsOf") && elem) return `{ [name: string]: ${sub(elem)} }`;
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
  const t = deref(tree);
  if (depth > maxDepth || typeof t !== "object" || t === null) return "any";
  const inner = `${indent}  `;
  const members: string[] = [];
  for (const k of Object.keys(t).sort()) {
    if (k === "_module") continue;
    const child = deref((t as Record<string, unknown>)[k]);
    if (isOption(child)) {
      const extra: string[] = [];
      if (typeof child.type?.description === "string") extra.push(`Type: ${child.type.description}`);
      if ("defaultText" in child || "default" in child) {
        const d = deref("defaultText" in child ? child.defaultText : child.default);
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
 * module type for each (`TypedModule<Config>` from tsden).
 */
export function configDeclarations(sources: readonly TypegenSource[], header: string): string {
  const parts = [
    `// ${header}`,
    "// Do not edit: run `tsden types` again when the options change.",
    `import type { TypedModule } from "${tsdenPackage}";`,
    "",
  ];
  for (const s of sources) {
    const body = treeText(s.options, "", 0);
    parts.push(`/** The configuration of ${s.title}, as its options declare it. */`);
    parts.push(`export interface ${s.name} ${body === "any" ? "{}" : body}`);
    parts.push("");
    parts.push(
      `/** A module of ${s.title}: \`defineModule<${s.name}>(...)\` or \`{ ... } satisfies ${s.moduleName}\`. */`,
    );
    parts.push(`export type ${s.moduleName} = TypedModule<${s.name}>;`);
    parts.push("");
  }
  return parts.join("\n");
}
