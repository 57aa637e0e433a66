/** Output paths: parsing (quote-aware) and walking the outputs tree with clear errors. */
import { describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/index.js";
import { evalProject, getOutput, parseOutputPath, showOutputPath } from "../../src/project/index.js";

describe("parseOutputPath", () => {
  it.each([
    ["a", ["a"]],
    ["a.b.c", ["a", "b", "c"]],
    ['packages."x86_64-linux".vm', ["packages", "x86_64-linux", "vm"]],
    ['a."b.c"', ["a", "b.c"]],
    ['"a\\"b"', ['a"b']],
    ['""', [""]],
  ])("%s", (path, segments) => {
    expect(parseOutputPath(path)).toEqual(segments);
    expect(parseOutputPath(showOutputPath(segments))).toEqual(segments);
  });

  it.each(["", "a.", ".a", "a..b", 'a."b', 'a"b"', '"a"b'])("rejects %j", (path) => {
    expect(() => parseOutputPath(path)).toThrow(expect.objectContaining({ code: "INVALID_OUTPUT_PATH" }));
  });
});

describe("getOutput", () => {
  const result = evalProject([
    { _file: "modules/options.ts", options: { name: mkOption({ type: types.str }) } },
    { _file: "modules/name.ts", name: "server" },
    ({ config }: { config: { name: string } }) => ({
      flake: {
        osConfigurations: {
          server: {
            config: {
              networking: {
                get hostName() {
                  return config.name;
                },
              },
            },
          },
        },
        packages: { "x86_64-linux": { vm: { type: "derivation", name: "vm" } } },
      },
    }),
  ]);

  it("walks a dotted path into the outputs", () => {
    expect(getOutput(result, "osConfigurations.server.config.networking.hostName")).toBe("server");
    expect(getOutput(result, 'packages."x86_64-linux".vm.name')).toBe("vm");
    expect(getOutput(result, ["packages", "x86_64-linux"])).toEqual({ vm: { type: "derivation", name: "vm" } });
  });

  it("names the available outputs and suggests the closest", () => {
    expect(() => getOutput(result, "osConfiguration.server")).toThrow(
      expect.objectContaining({
        code: "UNKNOWN_OUTPUT",
        message: "The project has no output `osConfiguration'. Did you mean `osConfigurations'?",
        hint: "Available outputs: osConfigurations, packages",
      }),
    );
    expect(() => getOutput(result, "osConfigurations.servr")).toThrow(
      /has no attribute `servr'. Did you mean `osConfigurations.server'\?/,
    );
  });

  it("says when the path goes through a value that is not an attribute set", () => {
    expect(() => getOutput(result, "osConfigurations.server.config.networking.hostName.length")).toThrow(
      "The output `osConfigurations.server.config.networking.hostName' is a string, not an attribute set, so it has no `length'.",
    );
  });
});

describe("outputs made by the flake-level pipeline", () => {
  const result = evalProject([
    { _file: "modules/hosts.ts", den: { hosts: { "x86_64-linux": { server: {} } } } },
    ({ den }: { den: any }) => ({
      _file: "modules/tools.ts",
      den: {
        aspects: { tools: { packages: ({ system }: { system: string }) => ({ hello: { name: `hello-${system}` } }) } },
        ctx: { "flake-packages": { includes: [den.aspects.tools] } },
      },
    }),
    { _file: "modules/vm.ts", flake: { packages: { "x86_64-linux": { vm: { name: "vm" } } } } },
  ]);

  it("merges an aspect's packages class with packages a module sets, at packages.<system>", () => {
    expect(getOutput(result, 'packages."x86_64-linux".hello.name')).toBe("hello-x86_64-linux");
    expect(getOutput(result, 'packages."x86_64-linux".vm.name')).toBe("vm");
    expect(Object.keys(getOutput(result, "osConfigurations") as object)).toEqual(["server"]);
  });

  it("with strict outputs, an output no schema declares is an error naming it and where to declare it", () => {
    const strict = evalProject([
      { _file: "modules/strict.ts", den: { schema: { strict: { flake: true } } } },
      { _file: "modules/extra.ts", flake: { extra: 1 } },
    ]);
    expect(() => getOutput(strict, "extra")).toThrow(
      expect.objectContaining({
        code: "UNKNOWN_OPTION",
        message: expect.stringContaining("the outputs have no `extra'. Declare it in den.schema.flake"),
        definitions: [expect.objectContaining({ file: "modules/extra.ts" })],
      }),
    );
  });
});
