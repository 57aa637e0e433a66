import { describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import { osModules } from "../../../src/os/index.js";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostOsSpec, PROFILE_SCRIPT, type HostOsConfig } from "../../../src/host/activation/host-os.js";
import { mkPackage } from "../../../src/store/package.js";
import { hostOsSection } from "../../../src/host/activation/host-os-section.js";

const configOf = (module: Record<string, unknown>) =>
  evalModules({ modules: [...osModules, { _file: "host.ts", networking: { hostName: "h" }, ...module }] })
    .config as unknown as HostOsConfig;

/** A package the profile would hold (never built here). */
const pkgLike = mkPackage("hello", async () => {
  throw new Error("not built in this test");
});

describe("the host's own configuration", () => {
  it("carries services, their enabling links, /etc files, sshd's drop-in and the time zone; never the guest-only files", () => {
    const { spec, contents } = hostOsSpec(
      configOf({
        systemd: {
          services: {
            hello: { wantedBy: ["multi-user.target"], script: "echo hi" },
            idle: { serviceConfig: { Type: "oneshot", ExecStart: "/bin/true" } },
          },
        },
        environment: { etc: { "motd.d/tsden": { text: "welcome\n" }, secret: { text: "s\n", mode: "0600" } } },
        services: { openssh: { enable: true } },
        time: { timeZone: "Europe/Berlin" },
        users: {
          users: { alice: { isNormalUser: true, createHome: true, home: "/home/alice" } },
          groups: { ops: { gid: 1500 } },
        },
      }),
    );
    const paths = spec.files.map((f) => f.path).sort();
    expect(paths).toEqual([
      "etc/hostname",
      "etc/localtime",
      "etc/motd.d/tsden",
      "etc/secret",
      "etc/ssh/sshd_config.d/10-tsden.conf",
      "etc/systemd/system/hello.service",
      "etc/systemd/system/idle.service",
      "etc/systemd/system/multi-user.target.wants/hello.service",
      "etc/systemd/system/ssh.service.d/10-tsden-host-keys.conf",
      "etc/timezone",
      "etc/tsden/services/hello/start",
    ]);
    expect(spec.files.find((f) => f.path === "etc/localtime")).toEqual({
      kind: "symlink",
      path: "etc/localtime",
      target: "/usr/share/zoneinfo/Europe/Berlin",
      replaces: true,
    });
    expect(spec.files.find((f) => f.path === "etc/hostname")).toMatchObject({ kind: "file", replaces: true });
    expect(contents["host/root/etc/hostname"]).toEqual({ text: "h\n", mode: 0o444 });
    expect(spec.networkd).toBe(false);
    expect(spec.files.find((f) => f.path === "etc/secret")).toMatchObject({
      kind: "file",
      mode: 0o600,
      replaces: false,
    });
    expect(contents["host/root/etc/motd.d/tsden"]).toEqual({ text: "welcome\n", mode: 0o444 });
    expect(spec.services).toEqual([
      { name: "hello", start: true },
      { name: "idle", start: false },
    ]);
    expect(spec.users.map((u) => u.name)).toEqual(["alice", "root"]);
    expect(spec.users[0]).toMatchObject({
      name: "alice",
      system: false,
      group: "users",
      createHome: true,
      home: "/home/alice",
    });
    expect(spec.groups.map((g) => g.name)).toEqual(["ops", "root", "users"]);
  });

  it("leaves the time zone, the host name (the default, nixos) and the network alone when they are not set", () => {
    expect(hostOsSpec(configOf({ networking: {} })).spec.files.map((f) => f.path)).toEqual([]);
  });

  it("configures the network through systemd-networkd when the host opts in", () => {
    const { spec, contents } = hostOsSpec(
      configOf({
        networking: {
          hostName: "h",
          useNetworkd: true,
          interfaces: { eth0: { ipv4: { addresses: [{ address: "10.0.0.2", prefixLength: 24 }] } } },
          defaultGateway: "10.0.0.1",
          nameservers: ["10.0.0.53"],
        },
      }),
    );
    expect(spec.networkd).toBe(true);
    expect(spec.files.map((f) => f.path).sort()).toEqual([
      "etc/hostname",
      "etc/resolv.conf",
      "etc/systemd/network/10-eth0.network",
      "etc/systemd/system/multi-user.target.wants/systemd-networkd.service",
      "etc/systemd/system/network-online.target.wants/systemd-networkd-wait-online.service",
      "etc/systemd/system/sockets.target.wants/systemd-networkd.socket",
    ]);
    expect(contents["host/root/etc/systemd/network/10-eth0.network"]?.text).toBe(
      "[Match]\nName=eth0\n\n[Network]\nAddress=10.0.0.2/24\nGateway=10.0.0.1\nDHCP=no\nDNS=10.0.0.53\n",
    );
    expect(spec.files.find((f) => f.path === "etc/resolv.conf")).toMatchObject({ replaces: true });
    expect(hostOsSection(spec).activate).toContain("systemctl restart systemd-networkd.service");
  });

  it("puts environment.systemPackages on a login shell's PATH, after the host's own commands, once", () => {
    const { spec, contents } = hostOsSpec(configOf({ networking: {}, environment: { systemPackages: [pkgLike] } }));
    expect(spec.files.map((f) => f.path)).toEqual([PROFILE_SCRIPT]);
    const text = contents[`host/root/${PROFILE_SCRIPT}`]!.text;
    expect(text).toContain("/var/lib/tsden/profiles/system/sw/usr/bin");
    // the script's logic, with the profile in a temporary folder
    const sw = mkdtempSync(join(tmpdir(), "tsden-sw-"));
    try {
      mkdirSync(join(sw, "usr/bin"), { recursive: true });
      mkdirSync(join(sw, "usr/games"), { recursive: true });
      const script = join(sw, "tsden.sh");
      writeFileSync(script, text.replaceAll("/var/lib/tsden/profiles/system/sw", sw));
      const r = spawnSync("sh", ["-c", `. "$1"; . "$1"; printf '%s' "$PATH"`, "sh", script], {
        env: { PATH: "/usr/bin:/bin" },
        encoding: "utf8",
      });
      expect(r.stdout).toBe(`/usr/bin:/bin:${sw}/usr/bin:${sw}/usr/games`);
    } finally {
      rmSync(sw, { recursive: true, force: true });
    }
    expect(hostOsSpec(configOf({ networking: {} })).spec.files).toEqual([]);
  });

  it("rejects options a live host cannot take, saying what to do instead", () => {
    expect(() => hostOsSpec(configOf({ boot: { postBootCommands: "echo hi" } }))).toThrow(
      /boot.postBootCommands cannot be applied to a live host.*Use a systemd service/,
    );
    expect(() =>
      hostOsSpec(configOf({ networking: { hostName: "h", interfaces: { eth0: { useDHCP: true } } } })),
    ).toThrow(
      /networking.interfaces cannot be applied to a live host unless it opts in to systemd-networkd: set networking.useNetworkd = true/,
    );
    expect(() =>
      hostOsSpec(configOf({ boot: { kernelParams: ["quiet"] }, fileSystems: { "/data": { device: "/dev/vdb" } } })),
    ).toThrow(/^boot.kernelParams, fileSystems cannot be applied to a live host: .*declare them for guests only$/);
    expect(() => hostOsSpec(configOf({ networking: { hostName: "h", nameservers: ["9.9.9.9"] } }))).toThrow(
      /^networking.nameservers cannot be applied to a live host unless/,
    );
  });

  it("quotes every declared value in the section's shell code", () => {
    const { spec } = hostOsSpec(
      configOf({ users: { users: { bob: { isNormalUser: true, description: "Bob's $(rm -rf /) `x`" } } } }),
    );
    const section = hostOsSection(spec);
    expect(section.activate).toContain(`'Bob'\\''s $(rm -rf /) \`x\`'`);
    expect(section.name).toBe("host-os");
  });
});
