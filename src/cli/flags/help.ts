/**
 * The `--help` text of a command, from its declaration: the synopsis (`Usage: tsden
 * VERB ARGS [--flag VALUE] [--a | --b]`, wrapped), the command's own description, the
 * Options section (a row per flag: `-s, --long VALUE` and what it does, wrapped in a
 * column; `-h, --help` last) and the command's closing notes.
 */
import type { Flag, Flags } from "./declare.js";
import type { CommandLineSpec } from "./parse.js";

/** Lines of the help are wrapped to this many columns. */
export const helpWidth = 88;

/** What the help is made of: the command line's declaration and the command's own text. */
export interface HelpSpec<F extends Flags> extends CommandLineSpec<F> {
  /** What the command does, with examples: between the synopsis and the Options section. */
  readonly about: string;
  /** What follows the Options section, if anything. */
  readonly notes?: string;
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word stands alone); `\n` breaks too. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ").filter((w) => w !== "")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

/** How a flag stands in the synopsis: `--json`, `--project DIR`, `--format md|json`. */
function synopsisFlag(long: string, flag: Flag): string {
  if (flag.type === "boolean") return `--${long}`;
  return `--${long} ${flag.choices !== undefined ? flag.choices.join("|") : flag.value}`;
}

/** The synopsis: `Usage: tsden VERB` and every argument and flag, wrapped under the first argument. */
export function synopsis<F extends Flags>(spec: CommandLineSpec<F>): string {
  const items: string[] = spec.args === undefined ? [] : [spec.args.usage];
  const placed = new Set<string>();
  for (const long of Object.keys(spec.flags)) {
    if (placed.has(long)) continue;
    const group = spec.exclusive?.find((g) => g.includes(long)) ?? [long];
    for (const member of group) placed.add(member);
    items.push(`[${group.map((member) => synopsisFlag(member, spec.flags[member]!)).join(" | ")}]`);
  }
  if (spec.passThrough !== undefined) items.push(`[-- ${spec.passThrough}]`);
  const head = `Usage: tsden ${spec.name}`;
  const indent = " ".repeat(head.length + 1);
  const lines = [head];
  for (const item of items) {
    const last = lines.length - 1;
    if (lines[last]!.length + 1 + item.length > helpWidth && lines[last] !== head) lines.push(`${indent}${item}`);
    else lines[last] += ` ${item}`;
  }
  return lines.join("\n");
}

/** The Options section: a row per declared flag, then `-h, --help`. */
export function optionsSection(flags: Flags): string {
  const rows: [string, string][] = Object.entries(flags).map(([long, flag]) => [
    `${flag.short === undefined ? "    " : `-${flag.short}, `}--${long}${flag.type === "string" ? ` ${flag.value}` : ""}`,
    flag.help,
  ]);
  rows.push(["-h, --help", "show this help"]);
  const left = Math.max(...rows.map(([l]) => l.length));
  const column = 2 + left + 2;
  const lines = rows.flatMap(([l, help]) =>
    wrap(help, Math.max(helpWidth - column, 30)).map((text, i) =>
      `${i === 0 ? `  ${l.padEnd(left)}  ` : " ".repeat(column)}${text}`.trimEnd(),
    ),
  );
  return `Options:\n${lines.join("\n")}`;
}

/** The whole `--help` text (no final newline). */
export function helpText<F extends Flags>(spec: HelpSpec<F>): string {
  const parts = [synopsis(spec), spec.about, optionsSection(spec.flags)];
  if (spec.notes !== undefined) parts.push(spec.notes);
  return parts.join("\n\n");
}
