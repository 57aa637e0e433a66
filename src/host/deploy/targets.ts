/**
 * Which hosts a deployment reaches: the configurations named on the command line (all
 * when none is named), narrowed to those having one of the `--on` tags, each with its
 * evaluated `deployment.*` options and its host output (the package `tsden build`
 * builds for it). Unknown names and tags, and options tsden cannot honour, are errors
 * naming the host and how to fix them.
 */
import type { OsDeployment } from "../../os/index.js";
import { isPackage, type Package } from "../../store/index.js";
import type { SshTarget } from "./ssh.js";

/** A host to deploy. */
export interface DeployTarget {
  /** The configuration's name (`osConfigurations.<name>`). */
  readonly name: string;
  readonly deployment: OsDeployment;
  /** The SSH destination host (deployment.targetHost, else the name). */
  readonly host: string;
  /** The host output to build and activate. */
  readonly output: Package;
}

/** An evaluated configuration, as far as deploying reads it. */
interface Configuration {
  readonly config: {
    readonly deployment?: OsDeployment;
    readonly system?: { readonly build?: Readonly<Record<string, unknown>> };
  };
}

function isConfiguration(value: unknown): value is Configuration {
  return (
    typeof value === "object" &&
    value !== null &&
    "config" in value &&
    typeof (value as { extendModules?: unknown }).extendModules === "function"
  );
}

/** The package a host deploys: `system.build.microvmHost` when it hosts microVMs, else `system.build.toplevel`. */
export function hostOutputOf(name: string, configuration: Configuration): Package {
  const build = configuration.config.system?.build;
  for (const key of ["microvmHost", "toplevel"]) {
    const candidate = build?.[key];
    if (isPackage(candidate)) return candidate;
  }
  throw new Error(
    `osConfigurations.${name} has neither system.build.microvmHost nor system.build.toplevel; give it the OS class (osClassModule) to deploy it`,
  );
}

/** Selects the targets among `configurations` (name → evaluated configuration). */
export function selectTargets(
  configurations: Readonly<Record<string, unknown>>,
  names: readonly string[],
  tags: readonly string[],
): DeployTarget[] {
  const all = Object.keys(configurations).sort();
  for (const name of names) {
    if (!all.includes(name)) {
      throw new Error(
        `there is no host ${JSON.stringify(name)} to deploy; the hosts are: ${all.join(", ") || "(none: the project has no osConfigurations)"}`,
      );
    }
  }
  const chosen = names.length > 0 ? [...new Set(names)] : all;
  const targets: DeployTarget[] = [];
  for (const name of chosen) {
    const configuration = configurations[name];
    if (!isConfiguration(configuration)) throw new Error(`osConfigurations.${name} is not an evaluated configuration`);
    const deployment = configuration.config.deployment;
    if (deployment === undefined)
      throw new Error(`osConfigurations.${name} has no deployment options; give it the OS class (osClassModule)`);
    if (tags.length > 0 && !deployment.tags.some((t) => tags.includes(t))) continue;
    if (deployment.buildOnTarget) {
      throw new Error(
        `osConfigurations.${name}: deployment.buildOnTarget is true, but tsden builds on this machine and copies what the target lacks; set deployment.buildOnTarget = false`,
      );
    }
    targets.push({ name, deployment, host: deployment.targetHost ?? name, output: hostOutputOf(name, configuration) });
  }
  if (targets.length === 0 && tags.length > 0) {
    const known = [
      ...new Set(chosen.flatMap((n) => (configurations[n] as Configuration).config.deployment?.tags ?? [])),
    ].sort();
    throw new Error(
      `no host has the tag${tags.length > 1 ? "s" : ""} ${tags.join(", ")}; the tags are: ${known.join(", ") || "(none: set deployment.tags)"}`,
    );
  }
  return targets;
}

/**
 * How to reach host `name` of `configurations` over SSH, as `tsden deploy` does
 * (deployment.targetHost, else the name; targetUser; targetPort).
 */
export function sshTargetOf(configurations: Readonly<Record<string, unknown>>, name: string): SshTarget {
  const configuration = configurations[name];
  if (configuration === undefined) {
    const all = Object.keys(configurations).sort();
    throw new Error(
      `there is no host ${JSON.stringify(name)} in this project; the hosts are: ${all.join(", ") || "(none: the project has no osConfigurations)"}`,
    );
  }
  if (!isConfiguration(configuration)) throw new Error(`osConfigurations.${name} is not an evaluated configuration`);
  const deployment = configuration.config.deployment;
  if (deployment === undefined) {
    throw new Error(`osConfigurations.${name} has no deployment options; give it the OS class (osClassModule)`);
  }
  return { host: deployment.targetHost ?? name, user: deployment.targetUser, port: deployment.targetPort };
}
