/** `tsden options` through the real binary (dist/cli/main.js, built by `pretest`). */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTsden } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const minimal = "examples/minimal";
const fixture = "test/fixtures/explain-priorities";

function tsden(args: string[], cwd = root) {
  return runTsden(args, { cwd });
}

describe("tsden options", () => {
  it("prints a host's options under a prefix as Markdown", () => {
    const r = tsden(["options", "--host", "server", "networking", "-p", minimal]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^## .*$/gm)).toEqual([
      "## `networking.firewall.allowedTCPPorts`",
      "## `networking.hostName`",
    ]);
    expect(r.stdout).toContain(
      'The host\'s name on the network.\n\n*Type:* string\n\n*Default:* `"nixos"`\n\n*Declared by:*\n- `modules/os-class.ts`',
    );
  });

  it("prints the options of a class, an output path or the top level as JSON", () => {
    const cls = JSON.parse(tsden(["options", "--class", "os", "--format", "json", "-p", minimal]).stdout) as {
      name: string;
      type: string;
      default?: { text: string };
    }[];
    expect(cls.map((o) => o.name)).toEqual([
      "environment.motd",
      "networking.firewall.allowedTCPPorts",
      "networking.hostName",
    ]);
    expect(cls[1]).toMatchObject({
      type: "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)",
      default: { text: "[ ]" },
    });
    const out = JSON.parse(
      tsden(["options", "--output", "osConfigurations.laptop", "-f", "json", "-p", minimal]).stdout,
    ) as { name: string }[];
    expect(out.map((o) => o.name)).toEqual(cls.map((o) => o.name));
    const top = JSON.parse(tsden(["options", "den.schema", "-f", "json", "-p", minimal]).stdout) as { name: string }[];
    expect(top.map((o) => o.name)).toContain("den.schema.host");
    expect(top.every((o) => o.name.startsWith("den.schema."))).toBe(true);
  });

  it("includes submodules' options with <name> placeholders", () => {
    const r = JSON.parse(tsden(["options", "services.web.users", "-f", "json", "-p", fixture]).stdout) as {
      name: string;
      type: string;
    }[];
    expect(r.map((o) => [o.name, o.type])).toEqual([
      ["services.web.users", "attribute set of (submodule)"],
      ["services.web.users.<name>.shell", "string"],
    ]);
  });

  it("prints a JSON Schema with types mapped", () => {
    const r = tsden(["options", "--format", "jsonschema", "-p", fixture]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(s.additionalProperties).toBe(false);
    const web = s.properties.services.properties.web;
    expect(web.properties.port).toEqual({
      type: "integer",
      minimum: 0,
      maximum: 65535,
      description: "The port.",
      default: 80,
    });
    expect(web.properties.enable).toMatchObject({ type: "boolean", default: false });
    expect(web.properties.users).toEqual({
      type: "object",
      additionalProperties: {
        type: "object",
        properties: { shell: { type: "string", default: "sh" } },
        additionalProperties: false,
      },
      default: {},
    });
    expect(s.properties.ports).toMatchObject({ type: "array", items: { type: "integer", minimum: 0, maximum: 65535 } });
    expect(s.properties._module).toBeUndefined();
    const host = JSON.parse(
      tsden(["options", "--host", "server", "networking", "-f", "jsonschema", "-p", minimal]).stdout,
    );
    expect(Object.keys(host.properties)).toEqual(["firewall", "hostName"]);
  });

  it("maps the OS layer's own types in a JSON Schema: checked strings, keyed attribute sets (a host with microVM options)", () => {
    const r = tsden(["options", "--host", "runnable-microvm", "-f", "jsonschema", "-p", "examples/microvm"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const props = JSON.parse(r.stdout).properties;
    expect(props.networking.properties.hostName).toMatchObject({ type: "string" });
    expect(props.users.properties.users).toMatchObject({ type: "object", additionalProperties: { type: "object" } });
    expect(props.users.properties.users.additionalProperties.properties.extraGroups).toMatchObject({
      type: "array",
      items: { type: "string" },
    });
    expect(props.systemd.properties.services).toMatchObject({
      type: "object",
      additionalProperties: { type: "object" },
    });
  });

  it("reports unknown hosts and prefixes (exit code 1) and bad flags (exit code 2)", () => {
    const host = tsden(["options", "--host", "nope", "-p", minimal]);
    expect(host.code).toBe(1);
    expect(host.stderr).toContain("error[UNKNOWN_OUTPUT]: The project has no host `nope'.");
    expect(host.stderr).toContain("Hosts: laptop, server");
    const prefix = tsden(["options", "--class", "os", "nothing.here", "-p", minimal]);
    expect(prefix.code).toBe(1);
    expect(prefix.stderr).toContain("There are no options under `nothing.here' in class os.");
    expect(tsden(["options", "--format", "yaml", "-p", minimal]).code).toBe(2);
    expect(tsden(["options", "--host", "a", "--class", "os", "-p", minimal]).stderr).toContain(
      "--host and --class exclude each other",
    );
  });

  it("documents the fields of host entries (den.hosts), the microvm class, and leaves no {option} markup in Markdown", () => {
    const hosts = tsden(["options", "den.hosts", "-p", "examples/microvm"]);
    expect(hosts.code, hosts.stderr).toBe(0);
    expect(hosts.stdout).toContain("## `den.hosts.<name>.<name>.intoAttr`\n\nWhere the output goes ([] for none).");
    expect(hosts.stdout).toContain("## `den.hosts.<name>.<name>.microvm.guests`");
    expect(hosts.stdout).toContain("## `den.hosts.<name>.<name>.users.<name>.classes`");
    const microvm = tsden(["options", "--class", "microvm", "-p", "examples/microvm"]);
    expect(microvm.code, microvm.stderr).toBe(0);
    expect(microvm.stdout).toContain("## `autostart`\n\nStart the VM with the host (microvms.target).");
    expect(microvm.stdout).toContain("## `restartIfChanged`");
    const all = tsden(["options", "-p", "examples/microvm"]);
    expect(all.stdout).toContain("Alias of `den.provides`.");
    expect(all.stdout).not.toContain("{option}");
  });
});
