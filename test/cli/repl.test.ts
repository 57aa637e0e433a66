/** `tsden repl` through the real binary: under a pseudo-terminal (prompt, Tab completion, errors, :q) and piped. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tsdenPty, type Pty } from "./pty.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const pause = (ms = 250) => new Promise((r) => setTimeout(r, ms));

let pty: Pty | undefined;
afterEach(() => pty?.kill());

describe("tsden repl under a terminal", () => {
  it("prompts, completes paths and commands with Tab, prints shallowly and deeply, quits with :q", async () => {
    pty = tsdenPty(["repl", "--project", "examples/minimal"]);
    const banner = await pty.waitFor("tsden> ");
    expect(banner).toContain("tsden repl: project examples/minimal; outputs: osConfigurations");

    // one candidate: Tab completes the name in place
    pty.send("osConfigurations.ser");
    await pause();
    pty.send("\t");
    await pty.waitFor("osConfigurations.server");
    pty.send(".config.networking.hostN");
    await pause();
    pty.send("\t");
    await pty.waitFor("networking.hostName");
    pty.send("\r");
    expect(await pty.waitFor(/"server"\ntsden> /)).toContain('"server"');

    // several candidates: a second Tab lists them
    pty.send("osConfigurations.server.config.");
    await pause();
    pty.send("\t");
    await pause();
    pty.send("\t");
    expect(await pty.waitFor(/environment\s+networking/)).toMatch(/environment\s+networking/);
    pty.send("\x15"); // Ctrl-U: clear the line

    // commands complete too
    pty.send(":");
    await pause();
    pty.send("\t");
    await pause();
    pty.send("\t");
    expect(await pty.waitFor(/:p\s+:t\s+:\?\s+:q/)).toBeTruthy();
    pty.send("\x15");

    // plain evaluation is shallow: attribute names, scalars inline
    pty.send("osConfigurations.server.config\r");
    expect(await pty.waitFor(/\}\ntsden> /)).toContain("\n{ environment = { ... }; networking = { ... }; }\n");
    pty.send("osConfigurations.server.config.networking\r");
    expect(await pty.waitFor("tsden> ")).toContain('{ firewall = { ... }; hostName = "server"; }');

    // :p prints deeply
    pty.send(":p osConfigurations.server.config.networking\r");
    const deep = await pty.waitFor("tsden> ");
    expect(deep).toContain('"allowedTCPPorts": [\n      22,\n      80,\n      443\n    ]');

    // :t shows the option's type, description and files
    pty.send(":t osConfigurations.server.config.networking.hostName\r");
    const t = await pty.waitFor("tsden> ");
    expect(t).toContain("networking.hostName: string");
    expect(t).toContain("declared in: modules/os-class.ts");

    // an error is reported with its code and hint, and the session goes on
    pty.send("osConfigurations.sever\r");
    const err = await pty.waitFor("tsden> ");
    expect(err).toContain(
      "error[UNKNOWN_OUTPUT]: The output `osConfigurations' has no attribute `sever'. Did you mean `osConfigurations.server'?",
    );
    expect(err).toContain("hint:    Available names: laptop, server");
    pty.send("osConfigurations.laptop.config.networking.hostName\r");
    expect(await pty.waitFor("tsden> ")).toContain('"lap"');

    pty.send(":q\r");
    expect(await pty.exited).toBe(0);
  });

  it("ends on Ctrl-D with exit code 0", async () => {
    pty = tsdenPty(["repl", "-p", "examples/minimal"]);
    await pty.waitFor("tsden> ");
    pty.send("\x04");
    expect(await pty.exited).toBe(0);
  });

  it(":t finds options of attribute-set submodules (examples/microvm)", async () => {
    pty = tsdenPty(["repl", "-p", "examples/microvm"]);
    await pty.waitFor("tsden> ");
    pty.send("osConfigurations.server.config.microvm.vms.gu");
    await pause();
    pty.send("\t");
    await pty.waitFor("vms.guest-microvm");
    pty.send(".autostart\r");
    expect(await pty.waitFor("tsden> ")).toContain("true");
    pty.send(":t osConfigurations.server.config.microvm.vms.guest-microvm.autostart\r");
    expect(await pty.waitFor("tsden> ")).toContain("microvm.vms.guest-microvm.autostart: boolean");
    pty.send(':t packages."x86_64-linux"\r');
    expect(await pty.waitFor("tsden> ")).toContain("packages.x86_64-linux is not a declared option (it is a set)");
    pty.send(":q\r");
    expect(await pty.exited).toBe(0);
  });
});

describe("tsden repl piped", () => {
  it("answers each line without prompts; errors go to stderr", () => {
    const input = [
      "osConfigurations",
      ":p osConfigurations.server.config.networking.firewall",
      ":x",
      "osConfigurations.server.config.networking.hostName",
      ":q",
      "ignored",
    ].join("\n");
    const r = spawnSync(process.execPath, [bin, "repl", "-p", "examples/minimal"], {
      cwd: root,
      input,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `{ laptop = «configuration»; server = «configuration»; }\n${JSON.stringify({ allowedTCPPorts: [22, 80, 443] }, null, 2)}\n"server"\n`,
    );
    expect(r.stderr).toBe("error: unknown command `:x' (:? lists them)\n  hint:    see `tsden repl --help'\n");
  });

  it("checks its arguments (exit 2) and reports a missing project (exit 2)", () => {
    const extra = spawnSync(process.execPath, [bin, "repl", "extra"], { cwd: root, input: "", encoding: "utf8" });
    expect(extra.status).toBe(2);
    const missing = spawnSync(process.execPath, [bin, "repl", "-p", "no/such/dir"], {
      cwd: root,
      input: "",
      encoding: "utf8",
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("error[PROJECT_NOT_FOUND]");
  });
});
