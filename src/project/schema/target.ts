/**
 * Which options `tsden options` and `tsden types` describe: the project's top-level
 * evaluation (den.*, flake), a host's configuration (`--host server`), the
 * configuration at an output path (`--output osConfigurations.server`), or the option
 * modules of a Den class alone (`--class os`; `--class microvm`: the settings of a
 * guest on its host, `microvm.vms.<name>`).
 */
import { evalModules, type EvalResult } from "../../modules/index.js";
import { microvmHostModule } from "../../host/index.js";
import { osModules } from "../../os/index.js";
import { ProjectError } from "../errors.js";
import { isConfiguration } from "../explain/target.js";
import { getOutput } from "../outputs.js";
import { showOutputPath } from "../output-path.js";

/** Where the options come from (at most one of the fields). */
export interface SchemaSelector {
  readonly host?: string;
  readonly output?: readonly string[];
  readonly class?: string;
}

/** The options tree chosen, and what it is, in words. */
export interface SchemaSource {
  readonly options: unknown;
  /** `the project's top-level evaluation`, `host server`, `class os`, ... */
  readonly title: string;
}

interface DenLike {
  hosts: Record<string, Record<string, HostLike>>;
  classes: Record<string, readonly unknown[]>;
}
interface HostLike {
  name: string;
  class: string;
  intoAttr: readonly string[];
  mainModule: unknown;
  instantiate: (a: { modules: unknown[]; entity: unknown; class: string }) => unknown;
}

const den = (result: EvalResult) => (result.config as { den: DenLike }).den;

/** The configuration of the host named `name` (at its output path, or instantiated when it has none). */
export function hostConfiguration(result: EvalResult, name: string): EvalResult {
  const hosts = den(result).hosts;
  const all: string[] = [];
  for (const sys of Object.keys(hosts).sort()) {
    for (const n of Object.keys(hosts[sys]!)) {
      all.push(n);
      if (n !== name) continue;
      const h = hosts[sys]![n]!;
      const value =
        h.intoAttr.length > 0
          ? getOutput(result, h.intoAttr)
          : h.instantiate({ modules: [h.mainModule], entity: h, class: h.class });
      if (!isConfiguration(value)) throw notConfiguration(h.intoAttr);
      return value;
    }
  }
  throw new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `The project has no host \`${name}'.`,
    hint: `Hosts: ${[...new Set(all)].sort().join(", ") || "(none)"}`,
  });
}

function notConfiguration(path: readonly string[]): ProjectError {
  return new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `The output \`${showOutputPath(path)}' is not a configuration.`,
    outputPath: path,
    hint: "Name a configuration, such as osConfigurations.<host>.",
  });
}

/** The options tree a selector names (see the file comment). */
export function schemaSource(result: EvalResult, sel: SchemaSelector): SchemaSource {
  if (sel.host !== undefined)
    return { options: hostConfiguration(result, sel.host).options, title: `host ${sel.host}` };
  if (sel.output !== undefined) {
    const v = getOutput(result, sel.output);
    if (!isConfiguration(v)) throw notConfiguration(sel.output);
    return { options: v.options, title: showOutputPath(sel.output) };
  }
  if (sel.class !== undefined) {
    const classes = den(result).classes;
    const modules = classes[sel.class];
    if (!modules && sel.class === "microvm") return microvmClassSource();
    if (!modules) {
      throw new ProjectError({
        code: "UNKNOWN_OUTPUT",
        message: `The project has no class \`${sel.class}' in den.classes.`,
        hint: `Classes: ${[...new Set([...Object.keys(classes), "microvm"])].sort().join(", ")}`,
      });
    }
    return { options: evalModules({ modules: [...modules], class: sel.class }).options, title: `class ${sel.class}` };
  }
  return { options: result.options, title: "the project's top-level evaluation" };
}

/**
 * The options of Den's `microvm` class: what a guest's aspect sets about the guest on
 * its host (forwarded into the host's `microvm.vms.<name>`), i.e. the options of a VM
 * entry of the microVM host module.
 */
export function microvmClassSource(): SchemaSource {
  const host = evalModules({ modules: [...osModules, microvmHostModule], class: "os" });
  type Typed = { getSubOptions(prefix: readonly string[]): unknown; nestedTypes: { elemType?: Typed } };
  const vms = (host.options as { microvm: { vms: { type: Typed } } }).microvm.vms;
  return {
    options: vms.type.nestedTypes.elemType!.getSubOptions([]),
    title: "class microvm (a guest on its host: microvm.vms.<name>)",
  };
}

/** The names of the Den classes that have option modules (`den.classes`), sorted. */
export function classNames(result: EvalResult): string[] {
  return Object.keys(den(result).classes).sort();
}
