/**
 * `tsden graph <host>`: the host's context pipeline (stages with their contexts,
 * providers, forwards, guests) as Mermaid text, an SVG picture, or the trace as JSON.
 */
import { escapeControls } from "../control-chars.js";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { closest, type EvalResult, keepSubmoduleEvaluations } from "../../modules/index.js";
import { type Aspect, isHostEntity, tracePipeline } from "../../aspects/index.js";
import { evalProject, hostConfiguration, loadProject, ProjectError } from "../../project/index.js";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { parseFlags, projectDir } from "../parse-flags.js";
import { pipelineGraph } from "../graph/pipeline-graph.js";
import { renderMermaid } from "../graph/render-mermaid.js";
import { renderSvg } from "../graph/render-svg.js";
import { UsageError } from "../usage-error.js";
import { configuredVms, type ConfiguredVm } from "../graph/host-vms.js";

const usage = `Usage: tsden graph <host> [--format mermaid|svg|json] [--out FILE] [--project DIR]

Draws the context pipeline of a host (den.hosts.<system>.<host>): the den.ctx stages
it visits with their contexts, the self and cross providers, the forwards and the
guests (each with its own pipeline), e.g.
  tsden graph server                       Mermaid text on stdout
  tsden graph server --format svg --out server.svg

Options:
  -f, --format FORMAT  mermaid (default), svg (a standalone picture) or json (the trace)
  -o, --out FILE       write to FILE instead of stdout
  -p, --project DIR    the project folder (default: the current folder)
  -h, --help           show this help`;

const formats = ["mermaid", "svg", "json"] as const;

/** The host named `name` in `den.hosts` (any system); throws UNKNOWN_OUTPUT listing the hosts. */
export function findHost(hosts: Readonly<Record<string, Readonly<Record<string, unknown>>>>, name: string): unknown {
  const all: string[] = [];
  for (const system of Object.keys(hosts)) {
    const bySystem = hosts[system]!;
    if (Object.hasOwn(bySystem, name)) return bySystem[name];
    all.push(...Object.keys(bySystem));
  }
  const near = closest(name, all);
  throw new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `The project has no host \`${escapeControls(name)}'.${near.length > 0 ? ` Did you mean ${near.map((n) => `\`${escapeControls(n)}'`).join(", ")}?` : ""}`,
    hint: `Hosts: ${all.length > 0 ? all.sort().map(escapeControls).join(", ") : "(none: declare den.hosts.<system>.<name>)"}`,
  });
}

/** The VMs of the host's configuration; none when it cannot be evaluated (the pipeline is drawn all the same). */
function vmsOf(result: EvalResult, name: string): ConfiguredVm[] {
  try {
    return configuredVms(hostConfiguration(result, name));
  } catch {
    return [];
  }
}

/** The `graph` command. */
export const graphCommand: Command = {
  name: "graph",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        format: { type: "string", short: "f", default: "mermaid" },
        out: { type: "string", short: "o" },
        project: { type: "string", short: "p" },
      },
      "graph",
    );
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0 ? "missing the host name" : `expected one host name, got ${positionals.length}`,
        "graph",
      );
    const format = values.format as string;
    if (!(formats as readonly string[]).includes(format))
      throw new UsageError(`unknown format '${format}' (expected ${formats.join(", ")})`, "graph");
    // how each VM of the host's configuration is given is read in its evaluation: keep them
    keepSubmoduleEvaluations();
    const project = await loadProject(projectDir(values, io.cwd));
    const result = evalProject(project);
    const den = (
      result.config as { den: { hosts: Record<string, Record<string, unknown>>; ctx: Record<string, Aspect> } }
    ).den;
    const host = findHost(den.hosts, positionals[0]!);
    if (!isHostEntity(host)) throw new Error(`den.hosts: \`${positionals[0]}' is not a host`);
    const traced = tracePipeline(den.ctx, host);
    // the VMs of the host's configuration that come from no Den guest (evaluated configurations, modules)
    const guests = new Set(traced.guests.map((g) => g.host));
    const vms = vmsOf(result, host.name).filter((vm) => !guests.has(vm.name));
    const trace = vms.length > 0 ? { ...traced, vms } : traced;
    const text =
      format === "json"
        ? `${JSON.stringify(trace, null, 2)}\n`
        : format === "svg"
          ? renderSvg(pipelineGraph(trace))
          : renderMermaid(pipelineGraph(trace));
    if (typeof values.out === "string") {
      const file = resolve(io.cwd, values.out);
      await writeFile(file, text);
      io.progress?.(`wrote ${file}`);
    } else io.out(text);
    return exitCodes.ok;
  },
};
