/**
 * `system.build`: the system's build products (as NixOS: a submodule that takes any
 * further attribute, e.g. a microVM runner). `kernel`, `initialRamdisk` and `toplevel`
 * are read-only packages computed from the configuration. They are built in the
 * module argument `store` (default: the default store; pass `specialArgs.store` or set
 * `_module.args.store` to use another), which `realisePackage` should be given too.
 */
import { mkDefault, mkOption, types } from "../../modules/index.js";
import { Store } from "../../store/index.js";
import { initialRamdiskPackage, kernelPackage, toplevelPackage } from "../builders/system-packages.js";
import { systemPathPackage } from "../builders/rootfs-profile.js";
import { checkedBusyboxRamdisk, debianSystem, type DebianOsConfig } from "../builders/debian-base-system.js";
import type { OsConfig } from "./os-config.js";
import { packageType } from "./package-type.js";

const buildSubmodule = {
  _file: "tsden/os/options/system-build.ts",
  freeformType: types.lazyAttrsOf(types.uniq(types.unspecified)),
  options: {
    kernel: mkOption({
      type: packageType,
      readOnly: true,
      description: "The kernel: `<out>/bzImage` and `<out>/lib/modules/<release>`.",
    }),
    initialRamdisk: mkOption({ type: packageType, readOnly: true, description: "The initramfs: `<out>/initrd`." }),
    toplevel: mkOption({
      type: packageType,
      readOnly: true,
      description: "The whole system: kernel, initrd, kernel parameters, packages.",
    }),
    systemPath: mkOption({
      type: packageType,
      readOnly: true,
      description:
        "The system profile: `environment.systemPackages` merged as a root tree, copied into the guest's `/` at boot.",
    }),
  },
};

/** The `system.build` option. */
export const systemBuildOptions = {
  system: {
    build: mkOption({
      type: types.submoduleWith({ modules: [buildSubmodule] }),
      default: {},
      description: "Attribute set of derivations used to set up the system.",
    }),
  },
};

/** The `system.build` option and the packages it computes. */
export const systemBuildModule = ({ config, store }: { config: OsConfig; store?: Store }) => {
  const theStore = (): Store => store ?? new Store();
  return {
    _file: "tsden/os/options/system-build.ts",
    key: "tsden/os/options/system-build.ts",
    options: systemBuildOptions,
    config: {
      _module: { args: { store: mkDefault(new Store()) } },
      system: {
        build: {
          get kernel() {
            return kernelPackage(config, theStore());
          },
          get initialRamdisk() {
            const cfg = config as DebianOsConfig;
            if (cfg.system.base === "debian")
              return debianSystem(cfg, theStore(), config.system.build.kernel).initialRamdisk;
            return checkedBusyboxRamdisk(cfg, initialRamdiskPackage(config, theStore(), config.system.build.kernel));
          },
          get systemPath() {
            return systemPathPackage(theStore(), config.networking.hostName, config.environment.systemPackages);
          },
          get toplevel() {
            const cfg = config as DebianOsConfig;
            const layers =
              cfg.system.base === "debian" ? debianSystem(cfg, theStore(), config.system.build.kernel).layers : [];
            return toplevelPackage(
              config,
              theStore(),
              config.system.build.kernel,
              config.system.build.initialRamdisk,
              layers,
            );
          },
        },
      },
    },
  };
};
