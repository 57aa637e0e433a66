/** A command line parsed against a declaration: values typed and defaulted, and every usage error the declaration implies. */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Flags } from "../../../src/cli/flags/declare.js";
import { type CommandLineSpec, parseCommandLine } from "../../../src/cli/flags/parse.js";
import { UsageError } from "../../../src/cli/usage-error.js";

const flags = {
  project: { type: "string", short: "p", value: "DIR", help: "the project folder" },
  format: { type: "string", short: "f", value: "FORMAT", choices: ["md", "json"], default: "md", help: "the format" },
  json: { type: "boolean", help: "as JSON" },
  on: { type: "string", value: "TAG", multiple: true, help: "a tag" },
  parallel: {
    type: "string",
    value: "N",
    default: "4",
    help: "at once",
    parse: (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--parallel takes a whole number, not ${text}`);
      return n;
    },
  },
  "out-link": { type: "string", value: "PATH", help: "the link" },
  "no-link": { type: "boolean", help: "no link" },
} as const satisfies Flags;

const spec: CommandLineSpec<typeof flags> = {
  name: "demo",
  flags,
  args: { usage: "<output.path>", name: "output path", count: "one" },
  exclusive: [["out-link", "no-link"]],
};

/** The UsageError `argv` gives (its message and the command it names). */
function usageError<F extends Flags>(argv: string[], s: CommandLineSpec<F>): { message: string; command?: string } {
  try {
    parseCommandLine(s, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return { message: (e as UsageError).message, command: (e as UsageError).command };
  }
  throw new Error(`${argv.join(" ")} parsed without an error`);
}

describe("parsing a command line against its declaration", () => {
  it("gives each flag its value, its default, or false and undefined when not given", () => {
    const line = parseCommandLine(spec, ["x.y"]);
    expect(line).toEqual({
      flags: {
        project: undefined,
        format: "md",
        json: false,
        on: [],
        parallel: 4,
        "out-link": undefined,
        "no-link": false,
      },
      args: ["x.y"],
      rest: [],
    });
    const given = parseCommandLine(spec, [
      "-p",
      "dir",
      "--format=json",
      "--json",
      "--on",
      "a",
      "--on",
      "b",
      "--parallel",
      "8",
      "x",
    ]);
    expect(given.flags).toMatchObject({ project: "dir", format: "json", json: true, on: ["a", "b"], parallel: 8 });
  });

  it("types the values after the declaration", () => {
    const { flags: values } = parseCommandLine(spec, ["x"]);
    expectTypeOf(values.project).toEqualTypeOf<string | undefined>();
    expectTypeOf(values.format).toEqualTypeOf<"md" | "json">();
    expectTypeOf(values.json).toEqualTypeOf<boolean>();
    expectTypeOf(values.on).toEqualTypeOf<string[]>();
    expectTypeOf(values.parallel).toEqualTypeOf<number>();
  });

  it.each([
    [["--nope", "x"], "Unknown option '--nope'."],
    [["x", "--project"], "Option '-p, --project <value>' argument missing"],
    [["--format", "xml", "x"], "unknown format 'xml' (formats: md, json)"],
    [["--parallel", "0", "x"], "--parallel takes a whole number, not 0"],
    [["--out-link", "r", "--no-link", "x"], "--out-link and --no-link exclude each other"],
    [[], "missing the output path"],
    [["a", "b"], "expected one output path, got 2"],
  ])("%j is a usage error of the command: %s", (argv, message) => {
    expect(usageError(argv, spec)).toEqual({ message, command: "demo" });
  });

  it("counts positional arguments as declared: none, at most one, any", () => {
    const none: CommandLineSpec<Flags> = { name: "none", flags: {} };
    expect(usageError(["extra"], none).message).toBe("unexpected argument 'extra'");
    const optional: CommandLineSpec<Flags> = {
      name: "opt",
      flags: {},
      args: { usage: "[HOST]", name: "host name", count: "optional" },
    };
    expect(parseCommandLine(optional, []).args).toEqual([]);
    expect(usageError(["a", "b"], optional).message).toBe("expected at most one host name, got 2");
    const any: CommandLineSpec<Flags> = {
      name: "any",
      flags: {},
      args: { usage: "[HOST...]", name: "host", count: "any" },
    };
    expect(parseCommandLine(any, ["a", "b", "c"]).args).toEqual(["a", "b", "c"]);
  });

  it("hands on the arguments after -- unparsed when the command passes them through", () => {
    const run: CommandLineSpec<Flags> = {
      name: "run",
      flags: { project: flags.project },
      args: { usage: "[<name>]", name: "name", count: "any" },
      passThrough: "args...",
    };
    expect(parseCommandLine(run, ["vm", "-p", "d", "--", "--weird", "-p"])).toEqual({
      flags: { project: "d" },
      args: ["vm"],
      rest: ["--weird", "-p"],
    });
    // without pass-through, -- only ends the flags
    expect(parseCommandLine(spec, ["--", "--json"]).args).toEqual(["--json"]);
  });
});
