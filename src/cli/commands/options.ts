/** `tsden options [prefix]`: the option reference of a project, as Markdown, JSON or a JSON Schema. */
import { renderOptionsMarkdown } from "../../modules/index.js";
import {
  optionReference,
  optionReferenceSchema,
  parseOutputPath,
  type ReferenceOptions,
  schemaSource,
} from "../../project/index.js";
import { defineCommand } from "../define-command.js";
import { evaluate } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { projectFlag } from "../flags/common.js";
import { selectorExclusive, selectorFlags, selectorOf } from "../flags/schema.js";

/** The `options` command. */
export const optionsCommand = defineCommand({
  name: "options",
  args: { usage: "[prefix]", name: "prefix", count: "optional" },
  about: `Prints the option reference from the declarations, submodules' options included
(\`<name>\` stands for any attribute name, \`*\` for any list element). The options are
those of the project's top-level evaluation (den.*, flake), or of the configuration
that --host, --output or --class names.
A prefix (an option path such as networking or services.web) keeps the options under it.
E.g.
  tsden options --host server networking
  tsden options --class os --format jsonschema > os.schema.json`,
  flags: {
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      choices: ["md", "json", "jsonschema"],
      default: "md",
      help: `md (default): a section per option; json: the list of options (name, loc, type, description, default, example, declarations);\njsonschema: a JSON Schema of the option tree`,
    },
    ...selectorFlags,
    all: { type: "boolean", help: "include internal and invisible options" },
    project: projectFlag,
  },
  exclusive: selectorExclusive,
  async run({ flags, args, io }) {
    const prefix = args.length === 1 ? parseOutputPath(args[0]!) : [];
    const { result } = await evaluate({ flags, io });
    const source = schemaSource(result, selectorOf(flags));
    const reference: ReferenceOptions = { prefix, includeHidden: flags.all };
    if (flags.format === "jsonschema") io.out(`${JSON.stringify(optionReferenceSchema(source, reference), null, 2)}\n`);
    else if (flags.format === "json") io.out(`${JSON.stringify(optionReference(source, reference), null, 2)}\n`);
    else io.out(renderOptionsMarkdown(optionReference(source, reference), { includeHidden: true }));
    return exitCodes.ok;
  },
});
