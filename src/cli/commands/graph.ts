/**
 * `tsden graph <host>`: the host's context pipeline (stages with their contexts,
 * providers, forwards, guests) as Mermaid text, an SVG picture, or the trace as JSON.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { defineCommand } from "../define-command.js";
import { evaluate } from "../evaluate.js";
import { exitCodes } from "../exit-codes.js";
import { projectFlag } from "../flags/common.js";
import { hostTrace } from "../graph/host-trace.js";
import { pipelineGraph } from "../graph/pipeline-graph.js";
import { renderMermaid } from "../graph/render-mermaid.js";
import { renderSvg } from "../graph/render-svg.js";

/** The `graph` command. */
export const graphCommand = defineCommand({
  name: "graph",
  args: { usage: "<host>", name: "host name", count: "one" },
  about: `Draws the context pipeline of a host (den.hosts.<system>.<host>): the den.ctx stages
it visits with their contexts, the self and cross providers, the forwards and the
guests (each with its own pipeline), e.g.
  tsden graph server                       Mermaid text on stdout
  tsden graph server --format svg --out server.svg`,
  flags: {
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      choices: ["mermaid", "svg", "json"],
      default: "mermaid",
      help: "mermaid (default), svg (a standalone picture) or json (the trace)",
    },
    out: { type: "string", short: "o", value: "FILE", help: "write to FILE instead of stdout" },
    project: projectFlag,
  },
  async run({ flags, args, io }) {
    // how each VM of the host's configuration is given is read in its evaluation: keep them
    const { result } = await evaluate({ flags, io }, { keepSubmodules: true });
    const trace = hostTrace(result, args[0]!);
    const text =
      flags.format === "json"
        ? `${JSON.stringify(trace, null, 2)}\n`
        : flags.format === "svg"
          ? renderSvg(pipelineGraph(trace))
          : renderMermaid(pipelineGraph(trace));
    if (flags.out !== undefined) {
      const file = resolve(io.cwd, flags.out);
      await writeFile(file, text);
      io.progress?.(`wrote ${file}`);
    } else io.out(text);
    return exitCodes.ok;
  },
});
