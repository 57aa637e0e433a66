/** `tsden init -t <template> [DIR]`: a new project from one of the bundled examples. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { copyTemplate, examplesFolder, templates } from "../init-template.js";
import { writeEditorFiles } from "../init-editor.js";
import { parseFlags } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden init [-t TEMPLATE] [DIR] [--force]

Creates a project in DIR (default: the current folder) from a bundled example, with
a package.json and a tsconfig.json that let an editor and tsc --noEmit check its
modules against the running tsden's types.

Templates:
${templates.map((t) => `  ${t.name.padEnd(12)} ${t.summary}`).join("\n")}

Options:
  -t, --template NAME  the template (default: minimal)
      --force          write into a folder that is not empty (files of the same name are replaced)
  -h, --help           show this help`;

/** The `init` command. */
export const initCommand: Command = {
  name: "init",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        template: { type: "string", short: "t", default: "minimal" },
        force: { type: "boolean", default: false },
      },
      "init",
    );
    if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}`, "init");
    const name = values.template as string;
    const template = templates.find((t) => t.name === name);
    if (!template)
      throw new UsageError(
        `unknown template '${name}' (templates: ${templates.map((t) => t.name).join(", ")})`,
        "init",
      );
    const dir = resolve(io.cwd, positionals[0] ?? ".");
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new UsageError(`'${positionals[0]}' exists and is not a folder`, "init");
      if (readdirSync(dir).length > 0 && !values.force) {
        throw new UsageError(
          `'${positionals[0] ?? "."}' is not empty; choose an empty or new folder, or pass --force`,
          "init",
        );
      }
    }
    const files = [...copyTemplate(join(examplesFolder(), template.example), dir), ...writeEditorFiles(dir)];
    const shown = relative(io.cwd, dir) || ".";
    io.out(`Created a ${template.name} project in ${shown} (${files.length} files).\n\nNext:\n`);
    if (shown !== ".") io.out(`  cd ${/^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)}\n`);
    for (const c of template.next) io.out(`  ${c}\n`);
    return exitCodes.ok;
  },
};
