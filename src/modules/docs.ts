/**
 * Option documentation (nixpkgs lib/options.nix `optionAttrSetToDocList`,
 * `renderOptionValue`, lib/generators.nix `toPretty`).
 *
 * Semantics: options are collected depth first with attribute names in sorted order;
 * each option is followed by the options of its type (`getSubOptions`: `<name>` under
 * `attrsOf`, `*` under `listOf`) unless it is invisible or visible "shallow".
 * Defaults and examples are rendered as Nix expressions (`literalExpression`) unless
 * they already are a `literalExpression`/`literalMD`; `defaultText` wins over `default`.
 */
import { deref } from "./reference.js";
import { isPlainObject } from "./types/option-type.js";
import { isOptionInfo } from "./options-view.js";

/** Documentation text: Nix code (`literalExpression`) or Markdown (`literalMD`). */
export interface DocText {
  _type: "literalExpression" | "literalMD";
  text: string;
}

/** One entry of the documentation list. */
export interface DocOption {
  loc: string[];
  name: string;
  description: string | null;
  type: string;
  default?: DocText;
  example?: DocText;
  declarations: string[];
  readOnly: boolean;
  internal: boolean;
  visible: boolean | "transparent";
  relatedPackages?: unknown;
}

/** Marks `text` as Nix code for `defaultText` or `example`. */
export function literalExpression(text: string): DocText {
  return { _type: "literalExpression", text };
}

/** Marks `text` as Markdown for `defaultText` or `example`. */
export function literalMD(text: string): DocText {
  return { _type: "literalMD", text };
}

/** Files that name no module (the reference's `unknownModule`). */
const unknownFiles = new Set(["<unknown-file>", "_unknown"]);

const identifier = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/** A Nix string literal (`escapeNixString`). */
const nixString = (s: string) => JSON.stringify(s).replace(/\$/g, "\\$");

/** An attribute name as Nix writes it (`escapeNixIdentifier`). */
const nixIdentifier = (s: string) => (identifier.test(s) ? s : nixString(s));

/** An option path as the reference shows it: placeholders `<name>` and `*` unquoted. */
export function showOptionPath(loc: readonly string[]): string {
  return loc.map((p) => (p === "*" || /^<.*>$/s.test(p) ? p : nixIdentifier(p))).join(".");
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every option in an options tree, depth first, names sorted (`collect isOption`). */
function collectOptions(tree: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  const t = deref(tree);
  if (isOptionInfo(t)) out.push(t);
  else if (isPlainObject(t)) for (const k of Object.keys(t).sort(byName)) collectOptions(t[k], out);
  return out;
}

/**
 * The documentation list of an options tree (`evalModules(...).options`), as
 * `optionAttrSetToDocList`.
 *
 * @example optionsToDocList(evalModules({ modules }).options).map((o) => o.name)
 */
export function optionsToDocList(options: unknown): DocOption[] {
  return collectOptions(options).flatMap((opt) => {
    const loc = [...(opt.loc as string[])];
    const name = showOptionPath(loc);
    const visible = opt.visible === "shallow" ? true : ((opt.visible ?? true) as boolean | "transparent");
    const doc: DocOption = {
      loc,
      name,
      description: opt.description ?? null,
      type: opt.type?.description ?? "unspecified",
      declarations: ((opt.declarations ?? []) as string[]).filter((f) => !unknownFiles.has(f)),
      readOnly: opt.readOnly ?? false,
      internal: opt.internal ?? false,
      visible,
    };
    if ("example" in opt) doc.example = renderOptionValue(opt.example);
    if ("defaultText" in opt || "default" in opt)
      doc.default = renderOptionValue("defaultText" in opt ? opt.defaultText : opt.default);
    if (opt.relatedPackages != null) doc.relatedPackages = opt.relatedPackages;
    if (!visible || opt.visible === "shallow" || !opt.type) return [doc];
    const sub = opt.type.getSubOptions(loc) as Record<string, unknown>;
    return Object.keys(sub).length > 0 ? [doc, ...optionsToDocList(sub)] : [doc];
  });
}

/** A default or example as documentation text (`renderOptionValue`). */
export function renderOptionValue(v: unknown): DocText {
  const d = deref(v);
  if (typeof d === "object" && d !== null && "_type" in d && "text" in d) return d as DocText;
  return literalExpression(toPretty(d));
}

/** A value as a multi-line Nix expression (`generators.toPretty { multiline = true; }`). */
export function toPretty(value: unknown, indent = ""): string {
  const v = deref(value);
  const intro = `\n${indent}  `;
  const outro = `\n${indent}`;
  if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : JSON.stringify(v);
  if (typeof v === "bigint") return String(v);
  if (typeof v === "string") return prettyString(v, intro, outro);
  if (typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  if (typeof v === "function") return "<function>";
  if (Array.isArray(v)) {
    return v.length === 0 ? "[ ]" : `[${intro}${v.map((x) => toPretty(x, `${indent}  `)).join(intro)}${outro}]`;
  }
  if (typeof v !== "object") return String(v);
  const o = v as Record<string, unknown>;
  if ("__pretty" in o && "val" in o && typeof o.__pretty === "function")
    return String((o.__pretty as (x: unknown) => unknown)(o.val));
  if (o.type === "derivation") return `<derivation ${typeof o.name === "string" ? o.name : "???"}>`;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort(byName);
  if (keys.length === 0) return "{ }";
  return `{${intro}${keys.map((k) => `${nixIdentifier(k)} = ${toPretty(o[k], `${indent}  `)};`).join(intro)}${outro}}`;
}

function prettyString(s: string, intro: string, outro: string): string {
  const lines = s.split("\n");
  if (lines.length === 1) return `"${s.replace(/\\|"|\$\{/g, (m) => `\\${m}`)}"`;
  const escaped = lines.map((l) => l.replace(/\$\{|''/g, (m) => (m === "''" ? "'''" : "''${")));
  const last = escaped[escaped.length - 1]!;
  return `''${intro}${escaped.slice(0, -1).join(intro)}${last === "" ? outro : intro + last}''`;
}

/** What {@link renderOptionsMarkdown} takes. */
export interface MarkdownOptions {
  /** Include internal and invisible options (default false, as the NixOS manual). */
  includeHidden?: boolean;
  /** Heading level of each option (default 2). */
  headingLevel?: number;
}

/** Inline code that survives backticks in `text`. */
function inlineCode(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Descriptions written for the NixOS manual mark names with MyST roles
 * (``{option}`networking.hostName` ``); plain Markdown has no roles, so only the code
 * span is kept.
 */
function plainRoles(text: string): string {
  return text.replace(/\{(?:option|var|command|file|env|manpage|literal)\}(?=`)/g, "");
}

function renderText(t: DocText): string {
  if (t._type === "literalMD") return t.text;
  return t.text.includes("\n") ? `\n\`\`\`nix\n${t.text}\n\`\`\`` : inlineCode(t.text);
}

/**
 * The documentation list as Markdown: one section per option with its description,
 * type, default, example and declaring files.
 */
export function renderOptionsMarkdown(list: readonly DocOption[], opts: MarkdownOptions = {}): string {
  const heading = "#".repeat(opts.headingLevel ?? 2);
  const sections = list
    .filter((o) => opts.includeHidden || (o.visible !== false && !o.internal))
    .map((o) => {
      const parts = [`${heading} ${inlineCode(o.name)}`];
      if (o.description) parts.push(plainRoles(o.description.trim()));
      parts.push(`*Type:* ${o.type}${o.readOnly ? " *(read only)*" : ""}`);
      if (o.default) parts.push(`*Default:* ${renderText(o.default)}`);
      if (o.example) parts.push(`*Example:* ${renderText(o.example)}`);
      if (o.declarations.length > 0)
        parts.push(`*Declared by:*\n${o.declarations.map((f) => `- ${inlineCode(f)}`).join("\n")}`);
      return parts.join("\n\n");
    });
  return sections.length > 0 ? `${sections.join("\n\n")}\n` : "";
}
