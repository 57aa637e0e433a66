/** `boot.*`: kernel choice, kernel parameters and modules, and the commands init runs. */
import { mkOption, types } from "../../modules/index.js";
import { checkedStr, singleWordish } from "./names.js";

const kernelModuleType = checkedStr("kernelModule", "kernel module name (letters, digits, _ and -)", (v) =>
  /^[A-Za-z0-9_-]{1,64}$/.test(v),
);

/** The `boot` options. */
export const bootModule = {
  _file: "tsden/os/options/boot.ts",
  key: "tsden/os/options/boot.ts",
  options: {
    boot: {
      kernel: {
        flavour: mkOption({
          type: types.enum(["generic", "cloud"] as const),
          default: "generic",
          description:
            'Which Debian kernel to boot: "generic" (linux-image-amd64, has 9p) or "cloud" (linux-image-cloud-amd64: boots faster, no 9p). Ignored when `boot.kernelPath` is set.',
        }),
      },
      kernelPath: mkOption({
        type: types.nullOr(types.path),
        default: null,
        example: "/srv/kernels/bzImage",
        description:
          "A kernel to boot instead of Debian's: a bzImage file, or a directory holding `bzImage` (or `vmlinuz`) and optionally `lib/modules/<release>` with depmod's index.",
      }),
      kernelParams: mkOption({
        type: types.listOf(singleWordish),
        default: [],
        example: ["console=ttyS0"],
        description: "Parameters added to the kernel command line.",
      }),
      kernelModules: mkOption({
        type: types.listOf(kernelModuleType),
        default: [],
        description:
          "Kernel modules the init loads (with their dependencies), besides those implied by file systems and interfaces.",
      }),
      postBootCommands: mkOption({
        type: types.lines,
        default: "",
        example: "echo hello > /dev/console",
        description: "Shell commands run by init after the file systems are mounted and the network is up.",
      }),
      poweroffAfterCommands: mkOption({
        type: types.bool,
        default: false,
        description: "Whether init powers the machine off once `boot.postBootCommands` finished.",
      }),
    },
  },
};
