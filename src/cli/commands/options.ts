/** `tsden options [prefix]`: the option reference of a project, as Markdown, JSON or a JSON Schema. */
import { renderOptionsMarkdown } from "../../modules/index.js";
import {
  evalProject,
  loadProject,
  optionReference,
  optionReferenceSchema,
  parseOutputPath,
  type SchemaSelector,
  schemaSource,
} from "../../project/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { parseFlags, projectDir, type ParsedFlags } from "../parse-flags.js";
import { UsageError } from "../usage-error.js";

const usage = `Usage: tsden options [prefix] [--format md|json|jsonschema] [--host NAME | --output PATH | --class CLASS] [--all]

Prints the option reference from the declarations, submodules' options included
(\`<name>\` stands for any attribute name, \`*\` for any list element). The options are
those of the project's top-level evaluation (den.*, flake), or of:
  --host NAME      the configuration of the host NAME (den.hosts.<system>.NAME)
  --output PATH    the configuration at an output path (osConfigurations.server)
  --class CLASS    the option modules of a Den class alone (den.classes.CLASS)
A prefix (an option path such as networking or services.web) keeps the options under it.
E.g.
  tsden options --host server networking
  tsden options --class os --format jsonschema > os.schema.json

Options:
  -f, --format FORMAT  md (default): a section per option; json: the list of options
                       (name, loc, type, description, default, example, declarations);
                       jsonschema: a JSON Schema of the option tree
  -p, --project DIR    the project folder (default: the current folder)
      --all            include internal and invisible options
  -h, --help           show this help`;

/** The selector given by --host, --output or --class (at most one). */
export function selectorOf(values: ParsedFlags["values"], command: string): SchemaSelector {
  const given = (["host", "output", "class"] as const).filter((k) => typeof values[k] === "string");
  if (given.length > 1) throw new UsageError(`--${given[0]} and --${given[1]} exclude each other`, command);
  if (typeof values.host === "string") return { host: values.host };
  if (typeof values.output === "string") return { output: parseOutputPath(values.output) };
  if (typeof values.class === "string") return { class: values.class };
  return {};
}

/** The `options` command. */
export const optionsCommand: Command = {
  name: "options",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        format: { type: "string", short: "f", default: "md" },
        host: { type: "string" },
        output: { type: "string" },
        class: { type: "string" },
        all: { type: "boolean", default: false },
        project: { type: "string", short: "p" },
      },
      "options",
    );
    const format = values.format as string;
    if (!["md", "json", "jsonschema"].includes(format))
      throw new UsageError(`unknown format '${format}' (md, json, jsonschema)`, "options");
    if (positionals.length > 1)
      throw new UsageError(`expected at most one prefix, got ${positionals.length}`, "options");
    const prefix = positionals.length === 1 ? parseOutputPath(positionals[0]!) : [];
    const selector = selectorOf(values, "options");
    const project = await loadProject(projectDir(values, io.cwd));
    const source = schemaSource(evalProject(project), selector);
    const reference = { prefix, includeHidden: values.all === true };
    if (format === "jsonschema") io.out(`${JSON.stringify(optionReferenceSchema(source, reference), null, 2)}\n`);
    else if (format === "json") io.out(`${JSON.stringify(optionReference(source, reference), null, 2)}\n`);
    else io.out(renderOptionsMarkdown(optionReference(source, reference), { includeHidden: true }));
    return exitCodes.ok;
  },
};
