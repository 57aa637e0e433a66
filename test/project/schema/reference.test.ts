/** The option reference of an options tree (what `tsden options` prints): under a prefix, through submodules, hidden options on request. */
import { describe, expect, it } from "vitest";
import { evalModules, mkOption, types } from "../../../src/modules/index.js";
import { isProjectError, optionReference, optionReferenceSchema } from "../../../src/project/index.js";

const options = evalModules({
  modules: [
    {
      options: {
        networking: {
          hostName: mkOption({ type: types.str, default: "nixos", description: "The host name." }),
          secret: mkOption({ type: types.str, default: "", internal: true }),
        },
        services: {
          web: {
            users: mkOption({
              type: types.attrsOf(
                types.submodule({ options: { shell: mkOption({ type: types.str, default: "/bin/sh" }) } }),
              ),
              default: {},
            }),
          },
        },
      },
    },
  ],
}).options;
const source = { options, title: "the test evaluation" };

describe("the option reference", () => {
  it("lists every visible option, or those under a prefix, a submodule's through its <name> placeholder", () => {
    expect(optionReference(source).map((o) => o.name)).toEqual([
      "networking.hostName",
      "services.web.users",
      "services.web.users.<name>.shell",
    ]);
    expect(optionReference(source, { prefix: ["services", "web", "users", "alice"] }).map((o) => o.name)).toEqual([
      "services.web.users.<name>.shell",
    ]);
    expect(optionReference(source, { prefix: ["networking"], includeHidden: true }).map((o) => o.name)).toEqual([
      "networking.hostName",
      "networking.secret",
    ]);
  });

  it("makes a JSON Schema of the tree at a prefix, reaching into a submodule's options", () => {
    expect(optionReferenceSchema(source, { prefix: ["networking"] })).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "Options of the test evaluation under networking",
      type: "object",
      properties: { hostName: { type: "string", description: "The host name.", default: "nixos" } },
      additionalProperties: false,
    });
    const shell = optionReferenceSchema(source, { prefix: ["services", "web", "users", "shell"] });
    expect(shell).toMatchObject({ type: "string", default: "/bin/sh" });
  });

  it("names the prefix and the source when nothing lies under it (UNKNOWN_OUTPUT)", () => {
    for (const read of [optionReference, optionReferenceSchema]) {
      let thrown: unknown;
      try {
        read(source, { prefix: ["nowhere"] });
      } catch (e) {
        thrown = e;
      }
      expect(isProjectError(thrown) && thrown.code).toBe("UNKNOWN_OUTPUT");
      expect((thrown as Error).message).toBe("There are no options under `nowhere' in the test evaluation.");
    }
  });
});
