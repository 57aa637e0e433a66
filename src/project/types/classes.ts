/**
 * The Den classes a project uses and the options of each, for `tsden types`. A class
 * declared with option modules (`den.classes.<class>`) has their options joined with
 * those of every configuration of the class the project makes: each host of the class
 * (its own modules' options, the microVM host module's `microvm.vms` on a host of
 * guests, the guest module's `microvm.*` on a runnable VM) and each microVM such a
 * host declares. Den's `microvm` class (what a guest's aspect sets about the guest on
 * its host) is there when an aspect uses it or a host has guests, and Den's `user`
 * class (forwarded into the host's `users.users.<name>`) when an aspect uses it.
 */
import { evalModules, type EvalResult, isOptionInfo } from "../../modules/index.js";
import { isConfiguration } from "../explain/target.js";
import { hostConfiguration, microvmClassSource } from "../schema/target.js";

/** A class and its options tree. */
export interface ClassOptions {
  readonly className: string;
  readonly title: string;
  readonly options: unknown;
}

interface DenView {
  hosts: Record<string, Record<string, { name: string; class: string; microvm?: { guests?: readonly unknown[] } }>>;
  classes: Record<string, readonly unknown[]>;
  aspects: Record<string, unknown>;
  default: unknown;
}

/** Joins options trees: each option as the first tree declaring it has it. */
export function joinOptionTrees(trees: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const into = (target: Record<string, unknown>, tree: unknown, depth: number) => {
    const t = tree;
    if (depth > 32 || typeof t !== "object" || t === null) return;
    for (const k of Object.keys(t)) {
      if (k === "_module") continue;
      const v = (t as Record<string, unknown>)[k];
      if (isOptionInfo(v)) {
        if (!(k in target)) target[k] = v;
      } else if (typeof v === "object" && v !== null) {
        if (!(k in target)) target[k] = {};
        if (!isOptionInfo(target[k])) into(target[k] as Record<string, unknown>, v, depth + 1);
      }
    }
  };
  for (const tree of trees) into(out, tree, 0);
  return out;
}

/** The classes the aspects hold modules for (`os`, `microvm`, `user`, ...). */
function aspectClasses(den: DenView): Set<string> {
  const out = new Set<string>();
  const add = (a: unknown) => {
    const classes = (a as { classes?: Record<string, unknown> } | undefined)?.classes;
    if (classes && typeof classes === "object") for (const c of Object.keys(classes)) out.add(c);
  };
  for (const name of Object.keys(den.aspects)) {
    try {
      add(den.aspects[name]);
    } catch {
      /* an aspect that fails to merge is reported by the commands that use it */
    }
  }
  try {
    add(den.default);
  } catch {
    /* as above */
  }
  return out;
}

/** The options of a configuration, and of the microVMs it declares. */
function configurationTrees(configuration: EvalResult): unknown[] {
  const trees: unknown[] = [configuration.options];
  const vmsOption = (configuration.options as { microvm?: { vms?: unknown } }).microvm?.vms;
  if (vmsOption === undefined) return trees;
  const vms = (configuration.config as { microvm: { vms: Record<string, { evaluation?: unknown }> } }).microvm.vms;
  for (const name of Object.keys(vms)) {
    try {
      const evaluation = vms[name]!.evaluation;
      if (isConfiguration(evaluation)) trees.push(evaluation.options);
    } catch {
      /* a VM that fails to evaluate adds no options */
    }
  }
  return trees;
}

/** The classes of the project and their options (see the file comment), sorted by name. */
export function classOptions(result: EvalResult): ClassOptions[] {
  const den = (result.config as { den: DenView }).den;
  const used = aspectClasses(den);
  const hosts = Object.values(den.hosts).flatMap((bySystem) => Object.values(bySystem));
  const out: ClassOptions[] = [];
  for (const cls of Object.keys(den.classes).sort()) {
    const trees: unknown[] = [evalModules({ modules: [...den.classes[cls]!], class: cls }).options];
    for (const host of hosts) {
      if (host.class !== cls) continue;
      try {
        trees.push(...configurationTrees(hostConfiguration(result, host.name)));
      } catch {
        /* a host that fails to evaluate adds no options */
      }
    }
    out.push({
      className: cls,
      title: `class ${cls} (den.classes.${cls}, with the options of its hosts)`,
      options: joinOptionTrees(trees),
    });
  }
  const hasGuests = hosts.some((h) => (h.microvm?.guests?.length ?? 0) > 0);
  if (!cls(out, "microvm") && (used.has("microvm") || hasGuests)) {
    const s = microvmClassSource();
    out.push({ className: "microvm", title: s.title, options: s.options });
  }
  // Den's user class: forwarded into its host's users.users.<name>, whose options it has
  const users = userOptions(out);
  if (!cls(out, "user") && used.has("user") && users !== undefined) {
    out.push({ className: "user", title: "class user (a user on its host: users.users.<name>)", options: users });
  }
  return out.sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
}

/** The options of an entry of `users.users` in a class that has them (what Den's user class sets). */
function userOptions(classes: readonly ClassOptions[]): unknown {
  for (const c of classes) {
    const option = (
      c.options as {
        users?: { users?: { type?: { nestedTypes?: { elemType?: { getSubOptions(p: string[]): unknown } } } } };
      }
    ).users?.users;
    const elem = option?.type?.nestedTypes?.elemType;
    if (elem === undefined) continue;
    try {
      return elem.getSubOptions([]);
    } catch {
      /* no options to tell */
    }
  }
  return undefined;
}

function cls(list: readonly ClassOptions[], name: string): boolean {
  return list.some((c) => c.className === name);
}
