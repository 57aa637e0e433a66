import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalDen, hostConfig, host } from "./helpers.js";
import { importTree } from "../../src/aspects/index.js";

const hostsWith = (users: string[], extra: Record<string, unknown> = {}) => ({
  den: { hosts: { "x86_64-linux": { h: { users: Object.fromEntries(users.map((u) => [u, {}])), ...extra } } } },
});

describe("batteries", () => {
  it("hostname", () => {
    const cfg = hostConfig({ hostName: "box" }, ({ den }: any) => ({
      den: { default: { includes: [den.provides.hostname] } },
    }));
    expect(cfg.networking.hostName).toBe("box");
  });
  it("define-user and primary-user", () => {
    const r = evalDen(hostsWith(["alice"]), ({ den }: any) => ({
      den: { aspects: { alice: { includes: [den._["define-user"], den._["primary-user"]] } } },
    }));
    const u = r.flake.osConfigurations.h.config.users.users.alice;
    expect(u.isNormalUser).toBe(true);
    expect(u.home).toBe("/home/alice");
    expect(u.extraGroups).toEqual(["wheel", "networkmanager"]);
  });
  it("user-shell (a factory) for two users with different shells", () => {
    const r = evalDen(hostsWith(["alice", "bob"]), ({ den }: any) => ({
      den: {
        aspects: {
          alice: { includes: [({ user }: any) => den.provides["user-shell"]("fish")] },
          bob: { includes: [() => den.provides["user-shell"]("zsh")] },
        },
      },
    }));
    const users = r.flake.osConfigurations.h.config.users.users;
    expect(users.alice.shell).toBe("/usr/bin/fish");
    expect(users.bob.shell).toBe("/usr/bin/zsh");
  });
  it("tty-autologin targets the os class (a drop-in for getty@tty1; its unit is tested with the os class)", () => {
    const r = evalDen(hostsWith([]));
    const battery = r.den.provides["tty-autologin"]("root");
    expect(Object.keys(battery.classes)).toEqual(["os"]);
  });
  it("unfree in any class, option declared once", () => {
    const r = evalDen(hostsWith([]), ({ den }: any) => ({
      den: {
        aspects: { h: { includes: [({ host }: any) => den._.unfree(["a"]), ({ host }: any) => den._.unfree(["b"])] } },
      },
    }));
    expect(r.flake.osConfigurations.h.config.unfree.packages.sort()).toEqual(["a", "b"]);
  });
  it("mutual-provider: host ↔ user provides", () => {
    const r = evalDen(hostsWith(["alice", "bob"]), ({ den }: any) => ({
      den: {
        ctx: { user: { includes: [den.provides["mutual-provider"]] } },
        aspects: {
          h: {
            provides: {
              alice: { user: { list: ["from-host-to-alice"] } },
              "to-users": ({ user }: any) => ({ user: { list: [`to-${user.name}`] } }),
            },
          },
          alice: {
            provides: {
              h: { os: { list: ["alice-to-h"] } },
              "to-hosts": ({ host }: any) => ({ os: { list: [`alice-to-${host.name}`] } }),
            },
          },
        },
      },
    }));
    const cfg = r.flake.osConfigurations.h.config;
    expect(cfg.list.sort()).toEqual(["alice-to-h", "alice-to-h"].slice(0, 1).concat(["alice-to-h"]).sort());
    expect(cfg.users.users.alice.list.sort()).toEqual(["from-host-to-alice", "to-alice"]);
    expect(cfg.users.users.bob.list).toEqual(["to-bob"]);
  });
  it("host-aspects: opt-in projection of the host's user class", () => {
    const r = evalDen(hostsWith(["alice", "bob"]), ({ den }: any) => ({
      den: { aspects: { h: { user: { list: ["host-user-cfg"] } }, alice: { includes: [den._["host-aspects"]] } } },
    }));
    const users = r.flake.osConfigurations.h.config.users.users;
    expect(users.alice.list).toEqual(["host-user-cfg"]);
    expect(users.bob.list).toEqual([]); // defined for every user, with nothing of the host's user class
  });
  it("import-tree reads _<class> directories", () => {
    const dir = mkdtempSync(join(tmpdir(), "den-it-"));
    mkdirSync(join(dir, "h", "_os"), { recursive: true });
    writeFileSync(join(dir, "h", "_os", "a.json"), JSON.stringify({ list: ["from-json"] }));
    mkdirSync(join(dir, "h", "_os", "_skip"));
    writeFileSync(join(dir, "h", "_os", "_skip", "b.json"), JSON.stringify({ list: ["skipped"] }));
    const r = evalDen(hostsWith([]), { den: { default: { includes: [importTree.host(dir)] } } });
    expect(r.flake.osConfigurations.h.config.list).toEqual(["from-json"]);
    expect(Object.keys(importTree(join(dir, "h")).classes)).toEqual(["os"]);
    // Den's spelling, in a module body; a host without a directory gets nothing
    const den = evalDen({ den: { hosts: { "x86_64-linux": { h: {}, other: {} } } } }, ({ den }: any) => ({
      den: { default: { includes: [den.provides["import-tree"].provides.host(dir)] } },
    }));
    expect(den.flake.osConfigurations.h.config.list).toEqual(["from-json"]);
    expect(den.flake.osConfigurations.other.config.list).toEqual([]);
    expect(importTree._.host).toBe(importTree.host);
  });
  it("forward is a battery", () => {
    const r = evalDen({});
    expect(typeof r.den.provides.forward).toBe("function");
    expect(host(evalDen(hostsWith([]))).class).toBe("os");
  });
});
