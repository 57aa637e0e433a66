/**
 * What `tsden run <name>` runs: the package `packages.<system>.<name>`, else the guest
 * microVM `<name>` of one of the project's hosts (its declared runner,
 * `<host output>.config.microvm.vms.<name>.runner`), so every VM a host declares can be
 * booted by name. `tsden run` without a name lists both kinds.
 */
import { closest, type EvalResult } from "../modules/index.js";
import { ProjectError } from "./errors.js";
import { showOutputPath } from "./output-path.js";
import { getOutput, outputsOf } from "./outputs.js";

/** A name `tsden run` accepts, and the output path of what it runs. */
export interface Runnable {
  readonly name: string;
  readonly path: readonly string[];
  /** `package` (packages.<system>.<name>) or `guest` (a host's microVM). */
  readonly kind: "package" | "guest";
  /** The host that declares a guest. */
  readonly host?: string;
}

function attrs(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Reads `get()`, or undefined when it fails (a host that does not evaluate has no guests to list). */
function attempt<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

interface HostLike {
  readonly name: string;
  readonly intoAttr: readonly string[];
}

/** The guests of each host of `system` that has an output: name, host and runner path. */
function guests(result: EvalResult, system: string): Runnable[] {
  const hosts =
    attempt(() => attrs((result.config as { den?: { hosts?: Record<string, unknown> } }).den?.hosts?.[system])) ?? {};
  const out: Runnable[] = [];
  for (const hostName of Object.keys(hosts).sort()) {
    const host = attempt(() => hosts[hostName] as HostLike);
    if (host === undefined || !Array.isArray(host.intoAttr) || host.intoAttr.length === 0) continue;
    const vms = attempt(() => attrs(attrs(attrs(attrs(getOutput(result, host.intoAttr))?.config)?.microvm)?.vms));
    for (const vm of Object.keys(vms ?? {}).sort()) {
      out.push({
        name: vm,
        path: [...host.intoAttr, "config", "microvm", "vms", vm, "runner"],
        kind: "guest",
        host: host.name,
      });
    }
  }
  return out;
}

/** Every name `tsden run` accepts: the packages of `system`, then the hosts' guests not shadowed by a package. */
export function runnables(result: EvalResult, system: string): Runnable[] {
  const packages = attempt(() => attrs(attrs(attrs(outputsOf(result))?.packages)?.[system])) ?? {};
  const out: Runnable[] = Object.keys(packages)
    .sort()
    .map((name) => ({ name, path: ["packages", system, name], kind: "package" as const }));
  const taken = new Set(out.map((r) => r.name));
  for (const g of guests(result, system)) {
    if (!taken.has(g.name)) {
      taken.add(g.name);
      out.push(g);
    }
  }
  return out;
}

/** The output path `name` runs; an unknown name is UNKNOWN_OUTPUT with the runnable names. */
export function runnablePath(result: EvalResult, system: string, name: string): readonly string[] {
  const pkgPath = ["packages", system, name];
  const packages = attempt(() => attrs(attrs(attrs(outputsOf(result))?.packages)?.[system]));
  if (packages !== undefined && Object.hasOwn(packages, name)) return pkgPath;
  const all = runnables(result, system);
  const found = all.find((r) => r.name === name);
  if (found !== undefined) return found.path;
  const near = closest(
    name,
    all.map((r) => r.name),
  );
  throw new ProjectError({
    code: "UNKNOWN_OUTPUT",
    message: `Nothing to run named \`${name}': no package \`${showOutputPath(pkgPath)}' and no host has a microVM \`${name}'.${near.length > 0 ? ` Did you mean ${near.map((n) => `\`${n}'`).join(", ")}?` : ""}`,
    outputPath: pkgPath,
    hint:
      all.length > 0
        ? `Runnable names: ${all.map((r) => r.name).join(", ")} (tsden run lists them).`
        : "The project has no packages and no host declares microVMs.",
  });
}
