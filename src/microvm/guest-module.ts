/**
 * `microvmGuestModule` (class `os`): the `microvm.*` options (options.ts) in a guest's
 * configuration, and what they imply for it: the file systems and interfaces the guest
 * needs for its shares, volumes and store, and the runners, `microvm.runner.<hv>` for
 * every hypervisor and `microvm.declaredRunner`, built in the module argument `store`.
 * A runner is checked when it is read: a feature its hypervisor lacks is a
 * `ModuleError` naming the hypervisors that have it.
 */
import { lazy, mkDefault, mkIf } from "../modules/index.js";
import type { StoreImageType } from "../os/index.js";
import { mkPackage, Store } from "../store/index.js";
import { HYPERVISORS, withDriveLetters, type Guest, type Hypervisor } from "./guest.js";
import { guestOf, toolPackages } from "./guest-config.js";
import { checkGuestVsock, debianGuestServices } from "./guest-services.js";
import { type MicrovmConfig, microvmOptions } from "./options.js";
import { checkGuest, checkSupport } from "./runners/check.js";
import { runnerPackage } from "./runners/runner-package.js";
import { storeDiskPackage } from "./store-disk.js";

/** Where the options are declared (their declarations and this module's definitions name it). */
const FILE = "tsden/microvm/options.ts";

/** The guest module's arguments. */
export interface GuestModuleArgs {
  readonly config: MicrovmConfig;
  readonly store?: Store;
}

/** The `microvm.*` guest options and what they imply for the `os` configuration. */
export const microvmGuestModule = ({ config, store }: GuestModuleArgs) => {
  const theStore = (): Store => store ?? new Store();
  const cfg = () => config.microvm;
  const hostName = () => config.networking.hostName;
  const guest = (): Guest => guestOf(config);
  // Reading a runner never fails: its checks run when it is built (as a derivation in
  // the reference fails only when built), so serializing `microvm.runner` works for a
  // guest only some hypervisors can run. `declaredRunner` checks when it is read.
  const runner = (hypervisor: Hypervisor) =>
    lazy(() => mkPackage(`microvm-${hypervisor}-${hostName()}`, async () => checkedRunner(hypervisor).derivation()));
  const isDebian = () => config.system.base === "debian";
  const vsockInput = () => ({ hypervisor: cfg().hypervisor, cid: cfg().vsock.cid, ssh: cfg().vsock.ssh.enable });
  const checkedRunner = (hypervisor: Hypervisor) => {
    const g = { ...guest(), hypervisor };
    checkGuest(g);
    checkSupport(g, hypervisor);
    return runnerPackage(theStore(), g, bootPackages());
  };
  const bootPackages = () => ({
    kernel: cfg().kernel,
    initrd: cfg().initrdPath ?? cfg().initrd,
    storeDisk: cfg().storeOnDisk ? cfg().storeDisk : null,
    tools: toolPackages(config),
    // without a store disk the guest boots its top level (and the Debian base's
    // layers it lists) from the host's store share: the runner realises them
    closure: cfg().storeOnDisk ? [] : [config.system.build.toplevel],
    system: cfg().systemSymlink ? config.system.build.toplevel : null,
  });
  const declaredRunner = () => {
    const hv = cfg().hypervisor;
    checkGuestVsock({ ...vsockInput(), base: config.system.base });
    checkedRunner(hv);
    return config.microvm.runner[hv]!;
  };
  return {
    _file: FILE,
    key: FILE,
    _class: "os",
    options: {
      microvm: microvmOptions({ config, isHostStore: (source) => source === theStore().root, declaredRunner }),
    },
    config: {
      microvm: {
        kernel: mkDefault(lazy(() => config.system.build.kernel)),
        initrd: mkDefault(lazy(() => config.system.build.initialRamdisk)),
        kernelParams: mkDefault(
          lazy(() => [...config.boot.kernelParams, ...(cfg().optimize.enable ? ["8250.nr_uarts=1"] : [])]),
        ),
        storeDisk: lazy(() => {
          const type = cfg().storeDiskType;
          const flags = type === "erofs" ? cfg().storeDiskErofsFlags : cfg().storeDiskSquashfsFlags;
          return storeDiskPackage(theStore(), hostName(), config.system.build.toplevel, type, flags);
        }),
        runner: Object.fromEntries(HYPERVISORS.map((hv) => [hv, runner(hv)])),
      },
      services: {
        openssh: { enable: mkIf(() => cfg().vsock.ssh.enable, true) },
      },
      // the Debian base tells the host it has booted and serves SSH on vsock (see guest-services.ts)
      systemd: {
        services: mkIf(
          () => isDebian(),
          lazy(() => debianGuestServices(vsockInput())),
        ),
      },
      system: { debian: { packages: mkIf(() => isDebian() && cfg().vsock.cid !== null, ["socat"]) } },
      fileSystems: lazy(() =>
        guestFileSystems(guest(), theStore().root, cfg().writableStoreOverlay, cfg().storeDiskType),
      ),
      boot: {
        // ext4 needs crc32c; crc32c-intel cannot load on CPUs without SSE4.2 (qemu's TCG CPU).
        kernelModules: lazy(() =>
          cfg().volumes.some((v) => v.mountPoint !== null && v.fsType.startsWith("ext4")) ? ["crc32c_generic"] : [],
        ),
      },
      networking: {
        interfaces: lazy(() =>
          Object.fromEntries(
            cfg().interfaces.map((iface, i) => [`eth${i}`, iface.type === "user" ? { useDHCP: mkDefault(true) } : {}]),
          ),
        ),
      },
    },
  };
};

/** Where the read-only store is mounted when an overlay makes the store writable. */
export const RO_STORE = "/.ro-store";

/** An entry of `fileSystems` as the guest module defines it. */
export interface GuestFileSystem {
  readonly device: string;
  readonly fsType: string;
  readonly options: string[];
  readonly neededForBoot?: boolean;
}

/** The file systems the guest mounts for its store, volumes and shares. */
export function guestFileSystems(
  guest: Guest,
  storeRoot: string,
  overlay: string | null,
  storeDiskType: StoreImageType = "erofs",
): Record<string, GuestFileSystem> {
  const out: Record<string, GuestFileSystem> = {};
  const storeShare = guest.shares.find((s) => s.source === storeRoot);
  let roStore: string | null = null;
  if (guest.storeOnDisk) {
    roStore = overlay === null ? storeRoot : RO_STORE;
    out[roStore] = { device: "/dev/vda", fsType: storeDiskType, options: ["ro"], neededForBoot: true };
  } else if (storeShare !== undefined) {
    roStore = storeShare.mountPoint;
  }
  for (const v of withDriveLetters(guest)) {
    if (v.mountPoint === null) continue;
    const options = v.readOnly ? ["ro"] : ["defaults"];
    out[v.mountPoint] = {
      device: v.label !== null ? `LABEL=${v.label}` : `/dev/vd${v.letter}`,
      fsType: v.fsType,
      options,
    };
  }
  for (const s of guest.shares) {
    const readOnly = s.source === storeRoot || s.readOnly ? ["ro"] : [];
    const options = s.proto === "9p" ? ["msize=65536", ...readOnly] : readOnly.length > 0 ? readOnly : ["defaults"];
    out[s.mountPoint] = {
      device: s.tag,
      fsType: s.proto,
      options,
      ...(s.source === storeRoot ? { neededForBoot: true } : {}),
    };
  }
  if (overlay !== null && roStore !== null) {
    if (roStore === storeRoot) {
      throw new Error(
        `microvm.writableStoreOverlay needs the read-only store mounted elsewhere than ${storeRoot}: mount the store share at ${RO_STORE}`,
      );
    }
    out[storeRoot] = {
      device: "overlay",
      fsType: "overlay",
      options: [`lowerdir=${roStore}`, `upperdir=${overlay}/store`, `workdir=${overlay}/work`],
      neededForBoot: true,
    };
  }
  return out;
}
