/** Unit files of systemd.services: golden files, escaping, and errors naming option and file. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import {
  debianRootFiles,
  osModules,
  quoteEnvironment,
  renderServiceUnit,
  type DebianOsConfig,
} from "../../../src/os/index.js";

const golden = (name: string) => readFileSync(join(import.meta.dirname, "golden", name), "utf8");
const evalOs = (...modules: unknown[]) =>
  evalModules({ modules: [...osModules, ...modules], class: "os" }).config as unknown as DebianOsConfig;
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

const web = {
  _file: "web.ts",
  system: { base: "debian" },
  systemd: {
    services: {
      web: {
        description: "static page (100% busybox)",
        wantedBy: ["multi-user.target"],
        after: ["network.target", "network.target"],
        requires: ["network-online.target"],
        environment: { GREETING: 'say "hi"\nand $HOME \\ 50%', LANG: "C.UTF-8" },
        path: ["/opt/tools"],
        serviceConfig: {
          User: "www",
          Restart: "always",
          RestartSec: 2,
          NoNewPrivileges: true,
          ReadOnlyPaths: ["/etc", "/usr"],
        },
        preStart: "mkdir -p /run/web",
        script: "exec busybox httpd -f -p 80 -h /etc/www",
      },
    },
  },
};

describe("systemd.services → unit files", () => {
  it("renders the golden unit and its scripts and links", () => {
    const config = evalOs(web);
    const rendered = renderServiceUnit("web", { ...config.systemd.services.web!, path: ["/opt/tools"] });
    expect(rendered.unit).toBe(golden("web.service"));
    expect(rendered.scripts).toEqual({
      "/etc/tsden/services/web/pre-start": "#!/bin/sh -e\nmkdir -p /run/web\n",
      "/etc/tsden/services/web/start": "#!/bin/sh -e\nexec busybox httpd -f -p 80 -h /etc/www\n",
    });
    expect(rendered.links).toEqual({ "multi-user.target.wants/web.service": "../web.service" });
  });

  it("the Debian root's files: golden list", () => {
    const config = evalOs(web, {
      _file: "more.ts",
      networking: {
        hostName: "web",
        interfaces: {
          eth0: { useDHCP: true },
          eth1: { ipv4: { addresses: [{ address: "10.0.0.2", prefixLength: 24 }] } },
        },
        defaultGateway: "10.0.0.1",
        nameservers: ["9.9.9.9"],
      },
      time: { timeZone: "Europe/Berlin" },
      services: { openssh: { enable: true, settings: { PasswordAuthentication: false, PermitRootLogin: "no" } } },
      users: {
        users: {
          alice: { isNormalUser: true, openssh: { authorizedKeys: { keys: ["ssh-ed25519 AAAAC3 alice@host"] } } },
        },
      },
      environment: { etc: { motd: { text: "welcome\n" }, "app/secret.conf": { text: "k=v\n", mode: "0600" } } },
      fileSystems: { "/mnt/data": { device: "data", fsType: "9p" } },
    });
    const files = debianRootFiles(config);
    const text = files
      .map((f) =>
        f.kind === "symlink"
          ? `=== /${f.path} -> ${f.target}\n`
          : f.kind === "file"
            ? `=== /${f.path} ${f.mode.toString(8)}\n${f.text}`
            : `=== /${f.path} copy\n`,
      )
      .join("");
    expect(text).toBe(golden("debian-root-files.txt"));
  });

  it("quotes environment values for systemd", () => {
    expect(quoteEnvironment('A=x "y" \\ 5% $HOME\n\x01')).toBe('"A=x \\"y\\" \\\\ 5%% $HOME\\n\\x01"');
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["a service name with a space", { systemd: { services: { "my web": { script: "x" } } } }, /keyed by service names/],
    [
      "a service name with a slash",
      { systemd: { services: { "../evil": { script: "x" } } } },
      /keyed by service names/,
    ],
    [
      "a serviceConfig value with a newline",
      { systemd: { services: { web: { script: "x", serviceConfig: { User: "www\nExecStartPre=/bin/evil" } } } } },
      /serviceConfig\.User' is not of type/,
    ],
    [
      "a description ending in a backslash",
      { systemd: { services: { web: { script: "x", description: "ends \\" } } } },
      /description' is not of type `one line/,
    ],
    [
      "a wantedBy that is not a unit",
      { systemd: { services: { web: { script: "x", wantedBy: ["multi-user"] } } } },
      /wantedBy.*unit name/,
    ],
    [
      "an environment name with a space",
      { systemd: { services: { web: { script: "x", environment: { "A B": "1" } } } } },
      /keyed by environment variable names/,
    ],
  ];
  it.each(cases)("rejects %s, naming option and file", (_label, definition, expected) => {
    const message = errorOf(() => JSON.stringify(evalOs({ _file: "hostile.ts", ...definition }).systemd.services));
    expect(message).toMatch(expected);
    expect(message).toContain("hostile.ts");
  });

  it("rejects script together with serviceConfig.ExecStart, and a service running nothing", () => {
    const both = evalOs({
      _file: "both.ts",
      systemd: { services: { web: { script: "x", serviceConfig: { ExecStart: "/bin/true" } } } },
    });
    expect(errorOf(() => renderServiceUnit("web", { ...both.systemd.services.web!, path: [] }))).toMatch(
      /systemd\.services\."web": set either script or serviceConfig\.ExecStart/,
    );
    const none = evalOs({ _file: "none.ts", systemd: { services: { web: { description: "idle" } } } });
    expect(errorOf(() => renderServiceUnit("web", { ...none.systemd.services.web!, path: [] }))).toMatch(
      /runs nothing/,
    );
  });

  it("overrideStrategy asDropin writes a drop-in over the base's unit (an instance's links name its template)", () => {
    const config = evalOs({
      _file: "dropin.ts",
      system: { base: "debian" },
      systemd: {
        services: {
          "getty@tty2": {
            overrideStrategy: "asDropin",
            wantedBy: ["getty.target"],
            serviceConfig: { ExecStart: ["", "@/sbin/agetty agetty --noclear %I $TERM"] },
          },
          quiet: { overrideStrategy: "asDropin", environment: { LANG: "C" } },
        },
      },
    });
    const getty = renderServiceUnit("getty@tty2", { ...config.systemd.services["getty@tty2"]!, path: [] });
    expect(getty.file).toBe("getty@tty2.service.d/overrides.conf");
    expect(getty.unit).toContain("\nExecStart=\nExecStart=@/sbin/agetty agetty --noclear %I $TERM\n");
    expect(getty.links).toEqual({ "getty.target.wants/getty@tty2.service": "/lib/systemd/system/getty@.service" });
    // a drop-in may run nothing of its own: the base's unit does
    expect(renderServiceUnit("quiet", { ...config.systemd.services.quiet!, path: [] }).file).toBe(
      "quiet.service.d/overrides.conf",
    );
    const paths = debianRootFiles(config).map((f) => f.path);
    expect(paths).toContain("etc/systemd/system/getty@tty2.service.d/overrides.conf");
    expect(paths).not.toContain("etc/systemd/system/getty@tty2.service");
    expect(evalOs({}).systemd.services).toEqual({});
    expect(renderServiceUnit("web", { ...evalOs(web).systemd.services.web!, path: [] }).file).toBe("web.service");
  });
});

describe("/etc/fstab of the Debian base", () => {
  const fs = (extra: Record<string, unknown>) => ({
    device: null,
    label: null,
    fsType: "ext4",
    options: ["defaults"],
    neededForBoot: false,
    ...extra,
  });

  it("mounts a declared volume without nofail (a missing volume is an error), unless the options ask for it; shares may be absent", async () => {
    const { renderFstab } = await import("../../../src/os/builders/debian-base-files.js");
    const text = renderFstab({
      "/data": fs({ mountPoint: "/data", label: "data" }),
      "/spare": fs({ mountPoint: "/spare", device: "/dev/vdc", options: ["noatime", "nofail"] }),
      "/share": fs({ mountPoint: "/share", device: "share", fsType: "virtiofs" }),
    } as never);
    expect(text).toContain("LABEL=data /data ext4 defaults 0 0\n");
    expect(text).toContain("/dev/vdc /spare ext4 noatime,nofail 0 0\n");
    expect(text).toContain("share /share virtiofs defaults,nofail 0 0\n");
  });
});
