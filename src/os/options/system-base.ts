/**
 * `system.base`: what the guest boots into. "busybox" (default): the initramfs is the
 * whole system and its init runs `boot.postBootCommands`. "debian": a minimal Debian
 * root (mmdebstrap, systemd as init) with the accounts, units, network, time zone,
 * sshd and /etc files of the configuration, mounted read-only with a RAM overlay.
 */
import { mkDefault, mkIf, mkOption, types } from "../../modules/index.js";
import { checkedStr } from "./names.js";

const FILE = "tsden/os/options/system-base.ts";

/** Debian package names (policy: lower case, digits, + - .; at least two characters). */
export const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

const debianPackageType = checkedStr("debianPackage", "Debian package name (a-z 0-9 + - .)", (v) =>
  DEBIAN_PACKAGE.test(v),
);
const suiteType = checkedStr("debianSuite", "Debian suite name (a-z 0-9 -)", (v) => /^[a-z][a-z0-9-]{1,30}$/.test(v));

/** The `system.base` and `system.debian` options. */
export const systemBaseModule = ({ config }: { config: { system: { base: string } } }) => ({
  _file: FILE,
  key: FILE,
  options: {
    system: {
      base: mkOption({
        type: types.enum(["busybox", "debian"] as const),
        default: "busybox",
        description:
          'The base system: "busybox" (an initramfs running boot.postBootCommands) or "debian" (Debian with systemd as init).',
      }),
      debian: {
        suite: mkOption({
          type: suiteType,
          default: "bookworm",
          description: "The Debian suite of the Debian base (its apt sources are the host's).",
        }),
        packages: mkOption({
          type: types.listOf(debianPackageType),
          default: [],
          example: ["busybox", "curl"],
          description:
            "Debian packages installed into the Debian base, besides systemd, udev, iproute2 and those enabled services need.",
        }),
      },
    },
  },
  config: mkIf(() => config.system.base === "debian", {
    users: { defaultUserShell: mkDefault("/bin/bash") },
    boot: { kernelParams: ["net.ifnames=0"] },
  }),
});
