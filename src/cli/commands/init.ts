/** `tsden init -t <template> [DIR]`: a new project from one of the bundled examples. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { defineCommand } from "../define-command.js";
import { exitCodes } from "../exit-codes.js";
import { writeEditorFiles } from "../init-editor.js";
import { copyTemplate, examplesFolder, templates } from "../init-template.js";
import { UsageError } from "../usage-error.js";

/** The `init` command. */
export const initCommand = defineCommand({
  name: "init",
  args: { usage: "[DIR]", name: "folder", count: "optional" },
  about: `Creates a project in DIR (default: the current folder) from a bundled example, with
a package.json and a tsconfig.json that let an editor and tsc --noEmit check its
modules against the running tsden's types.

Templates:
${templates.map((t) => `  ${t.name.padEnd(12)} ${t.summary}`).join("\n")}`,
  flags: {
    template: {
      type: "string",
      short: "t",
      value: "NAME",
      choices: templates.map((t) => t.name),
      default: "minimal",
      help: "the template (default: minimal)",
    },
    force: {
      type: "boolean",
      help: "write into a folder that is not empty (files of the same name are replaced)",
    },
  },
  async run({ flags, args, io }) {
    const template = templates.find((t) => t.name === flags.template)!;
    const dir = resolve(io.cwd, args[0] ?? ".");
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new UsageError(`'${args[0]}' exists and is not a folder`, "init");
      if (readdirSync(dir).length > 0 && !flags.force) {
        throw new UsageError(
          `'${args[0] ?? "."}' is not empty; choose an empty or new folder, or pass --force`,
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
});
