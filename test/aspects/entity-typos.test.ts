/** A misspelt field of a host (`intoAtr`) through the real binary: an error with the file, line, path and "Did you mean", not a silent extra output. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen, host } from "./helpers.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const tmp = mkdtempSync(join(tmpdir(), "tsden-entity-typos-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("misspelt entity fields", () => {
  it("`tsden eval` fails on `intoAtr' naming the file, line, option path and `intoAttr'", () => {
    mkdirSync(join(tmp, "modules"));
    writeFileSync(
      join(tmp, "modules/hosts.ts"),
      [
        "export default {",
        "  den: {",
        "    hosts: {",
        '      "x86_64-linux": {',
        "        web: {",
        "          intoAtr: [],",
        "        },",
        "      },",
        "    },",
        "  },",
        "};",
        "",
      ].join("\n"),
    );
    const r = spawnSync(process.execPath, [bin, "eval", "osConfigurations", "--project", tmp, "--json"], {
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe("UNKNOWN_OPTION");
    expect(err.message).toContain("`den.hosts.x86_64-linux.web.intoAtr' is not a field of a host");
    expect(err.hint).toContain("Did you mean `den.hosts.x86_64-linux.web.intoAttr'?");
    expect(JSON.stringify(err)).toContain("modules/hosts.ts");
    const text = spawnSync(process.execPath, [bin, "eval", "osConfigurations", "--project", tmp], {
      encoding: "utf8",
    }).stderr;
    expect(text).toContain("--> modules/hosts.ts:6");
  });

  it("other undeclared fields stay open-record fields; a declared one is kept", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { h: { role: "db", intoAttrs: ["x"] } } } } },
      {
        den: { schema: { host: { options: { intoAttrs: mkOption({ type: types.listOf(types.str), default: [] }) } } } },
      },
    );
    expect(host(r).role).toBe("db");
    expect(host(r).intoAttrs).toEqual(["x"]);
  });

  it("users and homes are checked too", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { h: { users: { alice: { clases: ["user"] } } } } } } });
    expect(() => host(r).users.alice).toThrow(
      /`den.hosts.x86_64-linux.h.users.alice.clases' is not a field of a user[\s\S]*Did you mean `den.hosts.x86_64-linux.h.users.alice.classes'/,
    );
    const r2 = evalDen({ den: { homes: { "x86_64-linux": { alice: { userNmae: "al" } } } } });
    expect(() => r2.den.homes["x86_64-linux"]!.alice).toThrow(/Did you mean .*userName/);
  });
});
