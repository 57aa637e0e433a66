/**
 * The verbs of `tsden`, registered by name and one-line summary. A verb's module (and
 * with it the layers it uses) is imported only when that verb runs, so `tsden --help`,
 * `--version` and every verb pay only for what they use. Adding a verb is one line here
 * and one file under `commands/`.
 */
import type { Command } from "./command.js";

/** A registered verb: what `tsden --help` lists, and how to load the command. */
export interface Verb {
  /** The verb, as typed: `tsden <name>`. */
  readonly name: string;
  /** One line for `tsden --help`. */
  readonly summary: string;
  /** Imports the command's module. */
  load(): Promise<Command>;
}

/** The verbs, in the order `tsden --help` lists them. */
export const verbs: readonly Verb[] = [
  {
    name: "init",
    summary: "create a project from a template (minimal, microvm, composition)",
    load: async () => (await import("./commands/init.js")).initCommand,
  },
  {
    name: "eval",
    summary: "print the JSON value at an output path of the project",
    load: async () => (await import("./commands/eval.js")).evalCommand,
  },
  {
    name: "explain",
    summary: "show every definition of an option: file, line, priority, what won and why",
    load: async () => (await import("./commands/explain.js")).explainCommand,
  },
  {
    name: "options",
    summary: "print the option reference (Markdown, JSON or JSON Schema)",
    load: async () => (await import("./commands/options.js")).optionsCommand,
  },
  {
    name: "types",
    summary: "write TypeScript declarations of config from the declared options",
    load: async () => (await import("./commands/types.js")).typesCommand,
  },
  {
    name: "build",
    summary: "build the package at an output path and link ./result to it",
    load: async () => (await import("./commands/build.js")).buildCommand,
  },
  {
    name: "run",
    summary: "build packages.<system>.<name> and run its main program",
    load: async () => (await import("./commands/run.js")).runCommand,
  },
  {
    name: "graph",
    summary: "draw a host's context pipeline (Mermaid, SVG or JSON)",
    load: async () => (await import("./commands/graph.js")).graphCommand,
  },
  {
    name: "repl",
    summary: "inspect the project interactively (:p, :t, tab completion)",
    load: async () => (await import("./commands/repl.js")).replCommand,
  },
  {
    name: "deploy",
    summary: "build hosts, copy what each lacks over SSH, activate and confirm",
    load: async () => (await import("./commands/deploy.js")).deployCommand,
  },
  {
    name: "switch",
    summary: "as root on a host: build it and bring its running guests in line (or --rollback)",
    load: async () => (await import("./commands/switch.js")).switchCommand,
  },
  {
    name: "status",
    summary: "this host's guests (declared, running, current runner, volumes) and generations",
    load: async () => (await import("./commands/status.js")).statusCommand,
  },
  {
    name: "generations",
    summary: "list this machine's host generations",
    load: async () => (await import("./commands/generations.js")).generationsCommand,
  },
  {
    name: "gc",
    summary: "remove the store paths no generation, result link or cache holds",
    load: async () => (await import("./commands/gc.js")).gcCommand,
  },
  {
    name: "store",
    summary: "verify the store: find and remove damaged entries and leftovers",
    load: async () => (await import("./commands/store.js")).storeCommand,
  },
];
