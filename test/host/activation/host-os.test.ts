import { describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import { osModules } from "../../../src/os/index.js";
import { hostOsSpec, type HostOsConfig } from "../../../src/host/activation/host-os.js";
import { hostOsSection } from "../../../src/host/activation/host-os-section.js";

const configOf = (module: Record<string, unknown>) =>
  evalModules({ modules: [...osModules, { _file: "host.ts", networking: { hostName: "h" }, ...module }] })
    .config as unknown as HostOsConfig;

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

  it("leaves the time zone alone when it is not set", () => {
    expect(hostOsSpec(configOf({})).spec.files.map((f) => f.path)).toEqual([]);
  });

  it("rejects options a live host cannot take, saying what to do instead", () => {
    expect(() => hostOsSpec(configOf({ boot: { postBootCommands: "echo hi" } }))).toThrow(
      /boot.postBootCommands cannot be applied to a live host.*Use a systemd service/,
    );
    expect(() =>
      hostOsSpec(configOf({ networking: { hostName: "h", interfaces: { eth0: { useDHCP: true } } } })),
    ).toThrow(/networking.interfaces cannot be applied to a live host/);
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
