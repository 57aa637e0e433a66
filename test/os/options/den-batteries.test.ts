/** Den's batteries on the `os` class: every option they write is declared there, with its effect in the Debian root. */
import { describe, expect, it } from "vitest";
import { denModule } from "../../../src/aspects/index.js";
import { evalModules } from "../../../src/modules/index.js";
import { debianRootFiles, osClassModule, type DebianOsConfig } from "../../../src/os/index.js";

function hostOs(aspects: (den: any) => Record<string, unknown>, users: Record<string, unknown> = {}): DebianOsConfig {
  const top = evalModules({
    modules: [
      denModule,
      osClassModule,
      ({ den }: { den: any }) => ({
        _file: "hosts.ts",
        den: { hosts: { "x86_64-linux": { igloo: { users } } }, aspects: aspects(den) },
      }),
    ],
  }) as unknown as { config: { flake: { osConfigurations: Record<string, { config: DebianOsConfig }> } } };
  return top.config.flake.osConfigurations.igloo!.config;
}

describe("Den's batteries on the os class", () => {
  it("tty-autologin writes getty@tty1 as a drop-in running agetty --autologin with the login program", () => {
    const cfg = hostOs((den) => ({
      igloo: {
        includes: [den.provides["tty-autologin"]("root")],
        os: { system: { base: "debian" }, services: { getty: { loginProgram: "/usr/bin/login" } } },
      },
    }));
    const getty = cfg.systemd.services["getty@tty1"]!;
    expect(getty.overrideStrategy).toBe("asDropin");
    expect(getty.serviceConfig.ExecStart).toEqual([
      "",
      "@/sbin/agetty agetty --login-program /usr/bin/login --autologin root --noclear --keep-baud %I 115200,38400,9600 $TERM",
    ]);
    const file = debianRootFiles(cfg).find((f) => f.path === "etc/systemd/system/getty@tty1.service.d/overrides.conf");
    expect(file && file.kind === "file" ? file.text : "").toMatch(
      /^ExecStart=\nExecStart=@\/sbin\/agetty agetty --login-program \/usr\/bin\/login --autologin root /m,
    );
  });

  it("no getty@tty1 without tty-autologin; the default login program is Debian's", () => {
    const cfg = hostOs(() => ({}));
    expect("getty@tty1" in cfg.systemd.services).toBe(false);
    expect((cfg as unknown as { services: { getty: { loginProgram: string } } }).services.getty.loginProgram).toBe(
      "/bin/login",
    );
  });

  it("tty-autologin rejects a value that is not a user name", () => {
    expect(() => hostOs((den) => ({ igloo: { includes: [den.provides["tty-autologin"]("root --help")] } }))).toThrow(
      /not a user name/,
    );
  });

  it("user-shell enables the shell's program (its Debian package) and sets /usr/bin/<shell>; primary-user's groups exist", () => {
    const cfg = hostOs(
      (den) => ({
        tux: { includes: [den.provides["user-shell"]("fish"), den.provides["primary-user"]] },
        igloo: { os: { system: { base: "debian" } } },
      }),
      { tux: {} },
    );
    const c = cfg as unknown as { programs: Record<string, { enable: boolean }> };
    expect(c.programs.fish!.enable).toBe(true);
    expect(c.programs.zsh!.enable).toBe(false);
    expect(cfg.system.debian.packages).toContain("fish");
    expect(cfg.users.users.tux!.shell).toBe("/usr/bin/fish");
    expect(cfg.users.users.tux!.home).toBe("/home/tux");
    expect(cfg.users.users.tux!.extraGroups).toEqual(["wheel", "networkmanager"]);
    expect(Object.keys(cfg.users.groups)).toEqual(expect.arrayContaining(["wheel", "networkmanager"]));
  });
});
