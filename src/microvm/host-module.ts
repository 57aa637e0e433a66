/**
 * The host module (microvm.nix's `host.nix`), for the `os` class: `microvm.vms.<name>`
 * declares a guest by its modules (`config`) or as an evaluated configuration
 * (`evaluatedConfig`, used as is: how `extendModules` compositions hand VMs over);
 * `microvm.host.*`, `microvm.stateDir`, `microvm.autostart`; and
 * `system.build.microvmHost`, the package with the units and each guest's runner
 * (built in the module argument `store`, which guests get too).
 *
 * `microvm.vms.<name>.config` is the guest's evaluated configuration, as in the
 * reference (its definitions are modules; merging them evaluates them). A guest is
 * evaluated only when something reads it (its `config`, `evaluation`, `runner`, or the
 * host package): the host's own evaluation never touches its VMs.
 */
import {
  evalModules,
  lazy,
  mkDefault,
  mkOption,
  mkOptionType,
  ModuleError,
  types,
  type ConfigOf,
  type EvalResult,
  type OptionType,
} from "../modules/index.js";
import { isPackage, type Package, Store } from "../store/index.js";
import { checkHostConflicts } from "./host-conflicts.js";
import { microvmHostPackage, type HostOutputExtras } from "./host-package.js";
import { validateVmName } from "./render/host-units.js";

/** A value the module computes itself (`types.raw`), of type `T`. */
const computed = <T>() => types.raw as OptionType<unknown> as OptionType<T>;

/** The evaluated `microvm.vms.<name>`: the type its declarations (`vmOptions`) give. */
export type MicrovmVm = ConfigOf<ReturnType<typeof vmOptions>>;

/** The host's evaluated `microvm` options: the type their declarations (`microvmHostOptions`) give. */
export type MicrovmHostConfig = ConfigOf<ReturnType<typeof microvmHostOptions>>;

/** The attributes of an evaluation result (everything else is read from its `config`). */
const RESULT_KEYS = new Set(["config", "options", "extendModules", "_module", "type", "class", "modules"]);

/**
 * An evaluation result computed on first use: `evaluate` runs when one of its
 * attributes is read. Attributes other than the result's own (`config`, `options`,
 * `extendModules`, ...) are read from its `config`, so `vm.config.networking.hostName`
 * and the reference's `vm.config.config.networking.hostName` both work.
 */
export function lazyEvalResult(evaluate: () => EvalResult): EvalResult {
  let result: EvalResult | undefined;
  const get = (): EvalResult => (result ??= evaluate());
  return new Proxy(Object.create(null) as EvalResult, {
    get: (_t, key) => {
      if (typeof key === "symbol") return undefined;
      const r = get();
      return RESULT_KEYS.has(key)
        ? (r as unknown as Record<string, unknown>)[key]
        : (r.config as Record<string, unknown>)[key];
    },
    has: (_t, key) => typeof key === "string" && (RESULT_KEYS.has(key) || key in (get().config as object)),
    ownKeys: () => ["config"],
    getOwnPropertyDescriptor: (_t, key) =>
      key === "config" ? { configurable: true, enumerable: true, value: get().config } : undefined,
  });
}

/**
 * `evaluatedConfig`: any value, as the reference's `nullOr unspecified` (the host reads
 * its `config`). Merging never looks inside it; two different definitions conflict.
 */
export const evaluatedConfigType: OptionType<unknown> = mkOptionType<unknown>({
  name: "evaluatedConfiguration",
  description: "evaluated configuration (the result of evalModules, or any value with a `config`)",
  descriptionClass: "noun",
  check: (v) => v !== undefined,
  merge: (loc, defs) => {
    const first = defs[0]!.value;
    if (defs.some((d) => d.value !== first)) {
      throw new ModuleError({
        code: "CONFLICT",
        message: `The option \`${loc.join(".")}' has conflicting definition values: give one evaluated configuration.`,
        optionPath: loc,
        definitions: defs.map((d) => ({ file: d.file, value: "<evaluated configuration>" })),
      });
    }
    return first;
  },
});

/** The modules a guest's `config` is evaluated with (the OS vocabulary and microvm's guest options). */
export type GuestModules = () => readonly unknown[];

/**
 * `microvm.vms.<name>.config`: the guest's modules, merged by evaluating them (with the
 * guest module set, `extraModules`, the VM's name as default host name and
 * `specialArgs`): the option's value is the evaluated configuration, computed when read.
 */
function guestConfigType(
  name: string,
  vm: () => MicrovmVm,
  guestModules: GuestModules,
  store: () => Store | undefined,
): OptionType<EvalResult> {
  return mkOptionType<EvalResult>({
    name: "guestConfiguration",
    description: "guest configuration (modules, evaluated)",
    descriptionClass: "noun",
    check: (v) => types.deferredModule.check(v),
    merge: (loc, defs) => {
      const modules = types.deferredModule.merge(loc, defs);
      return lazyEvalResult(() => {
        validateVmName(name);
        const s = store();
        const { extraModules, specialArgs } = vm();
        return evalModules({
          modules: [
            ...guestModules(),
            { _file: `microvm.vms.${name} (host name)`, networking: { hostName: mkDefault(name) } },
            ...extraModules,
            modules,
          ],
          specialArgs: s === undefined ? { ...specialArgs } : { store: s, ...specialArgs },
          class: "os",
        });
      });
    },
  });
}

/** The options of `microvm.vms.<name>`; `vm` is the VM's own evaluated options. */
function vmOptions(name: string, vm: () => MicrovmVm, guestModules: GuestModules, store: () => Store | undefined) {
  return {
    config: mkOption({
      type: types.nullOr(guestConfigType(name, vm, guestModules, store)),
      default: null,
      description:
        "The guest's modules; the option's value is their evaluated configuration (evaluated with the OS options, microvm's guest options and `extraModules`).",
    }),
    evaluatedConfig: mkOption({
      type: types.nullOr(evaluatedConfigType),
      default: null,
      description: "An already evaluated guest configuration (e.g. from `extendModules`), used instead of `config`.",
    }),
    extraModules: mkOption({
      type: types.listOf(types.deferredModule),
      default: [],
      description: "More modules for the guest (only with `config`).",
    }),
    specialArgs: mkOption({
      type: types.lazyAttrsOf(types.raw),
      default: {},
      description: "Extra arguments of the guest's modules (only with `config`).",
    }),
    autostart: mkOption({
      type: types.bool,
      default: true,
      description: "Start the VM with the host (microvms.target).",
    }),
    restartIfChanged: mkOption({
      type: types.bool,
      description: "Restart the VM when the host switches to a new runner (default: true when declared by `config`).",
    }),
    evaluation: mkOption({
      type: computed<EvalResult>(),
      readOnly: true,
      internal: true,
      description: "The guest's evaluated configuration: `evaluatedConfig`, else `config`.",
    }),
    runner: mkOption({
      type: computed<Package>(),
      readOnly: true,
      internal: true,
      description: "The guest's declared runner package.",
    }),
  };
}

function vmType(guestModules: GuestModules, store: () => Store | undefined): OptionType<MicrovmVm> {
  return types.submodule(({ name, config }: { name: string; config: MicrovmVm }) => ({
    _file: "tsden/microvm/host (vm)",
    options: vmOptions(name, () => config, guestModules, store),
    config: {
      restartIfChanged: lazy(() => mkDefault(config.config !== null)),
      evaluation: lazy(() => evaluationOf(name, config)),
      runner: lazy(() => runnerOf(name, config.evaluation)),
    },
  }));
}

function evaluationOf(name: string, vm: MicrovmVm): EvalResult {
  validateVmName(name);
  if (vm.evaluatedConfig !== null) {
    const given = vm.evaluatedConfig as { config?: unknown };
    if (typeof given !== "object" || given === null || typeof given.config !== "object" || given.config === null) {
      throw new ModuleError({
        code: "TYPE_MISMATCH",
        message: `\`microvm.vms.${name}.evaluatedConfig' has no \`config' attribute: give an evaluated configuration (the result of evalModules or extendModules).`,
        optionPath: ["microvm", "vms", name, "evaluatedConfig"],
        definitions: [],
      });
    }
    return vm.evaluatedConfig as EvalResult;
  }
  if (vm.config === null) {
    throw new ModuleError({
      code: "NO_VALUE",
      message: `The microVM \`${name}' has neither \`microvm.vms.${name}.config' (its modules) nor \`microvm.vms.${name}.evaluatedConfig'.`,
      optionPath: ["microvm", "vms", name, "config"],
      definitions: [],
    });
  }
  return vm.config;
}

function runnerOf(name: string, evaluation: EvalResult): Package {
  const runner = (evaluation.config as { microvm?: { declaredRunner?: unknown } }).microvm?.declaredRunner;
  if (!isPackage(runner)) {
    throw new Error(
      `the microVM ${name} has no microvm.declaredRunner: its configuration must import microvm's guest module`,
    );
  }
  return runner;
}

/** The share sources of a VM's guest (none when it declares no shares). */
function shareSources(vm: MicrovmVm): string[] {
  const shares =
    (vm.evaluation.config as { microvm?: { shares?: readonly { source?: unknown }[] } }).microvm?.shares ?? [];
  return shares.map((s) => s.source).filter((s): s is string => typeof s === "string" && s !== "");
}

/** Where a VM's guest keeps files on the host, as the host's units and activation need them. */
export interface VmHostPaths {
  /** Volume images relative to the VM's folder (clean: no `..`), handed to the hypervisor user with the folder. */
  readonly volumeImages: string[];
  /** Absolute paths outside the folder the hypervisor or virtiofsd writes: writable shares, the folders of volumes. */
  readonly writablePaths: string[];
  /** Absolute paths outside the folder they only read: read-only shares and volumes. */
  readonly readablePaths: string[];
}

/** The {@link VmHostPaths} of a VM, from its guest's volumes and shares. */
export function vmHostPaths(vm: MicrovmVm): VmHostPaths {
  const guest = (
    vm.evaluation.config as {
      microvm?: {
        volumes?: readonly { image?: unknown; readOnly?: unknown }[];
        shares?: readonly { source?: unknown; readOnly?: unknown }[];
      };
    }
  ).microvm;
  const out: VmHostPaths = { volumeImages: [], writablePaths: [], readablePaths: [] };
  for (const v of guest?.volumes ?? []) {
    if (typeof v.image !== "string" || v.image === "") continue;
    if (!v.image.startsWith("/")) {
      if (!v.image.split("/").includes("..")) out.volumeImages.push(v.image.replace(/^(\.\/)+/, ""));
      continue;
    }
    const folder = v.image.slice(0, v.image.lastIndexOf("/")) || "/";
    (v.readOnly === true ? out.readablePaths : out.writablePaths).push(v.readOnly === true ? v.image : folder);
  }
  for (const s of guest?.shares ?? []) {
    if (typeof s.source !== "string" || !s.source.startsWith("/")) continue;
    (s.readOnly === true ? out.readablePaths : out.writablePaths).push(s.source);
  }
  return out;
}

/** The host's `microvm.*` options; VMs are evaluated with `guestModules`, in `store`. */
function microvmHostOptions(guestModules: GuestModules, store: () => Store | undefined) {
  return {
    host: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether this host runs microVMs." }),
      startupTimeout: mkOption({
        type: types.ints.positive,
        default: 150,
        description: "Seconds systemd waits for a VM to start or stop (TimeoutSec of microvm@).",
      }),
      useNotifySockets: mkOption({
        type: types.bool,
        default: false,
        description:
          "microvm@ becomes a Type=notify unit: active once the guest has booted, as its runner's microvm-notify relays (needs socat on the host): over vsock when the guest has a vsock.cid and reports there (the Debian base) and the host can hear it (cloud-hypervisor, firecracker; qemu, crosvm, kvmtool with /dev/vhost-vsock), else qemu's readiness port, else when the hypervisor has started.",
      }),
    },
    stateDir: mkOption({
      type: types.path,
      default: "/var/lib/microvms",
      description: "Where each VM's folder lives: current and booted runners, volumes, sockets.",
    }),
    autostart: mkOption({
      type: types.listOf(types.str),
      description: "The VMs started with the host (default: every VM with autostart).",
    }),
    vms: mkOption({
      type: types.lazyAttrsOf(vmType(guestModules, store)),
      default: {},
      description: "The microVMs of this host, by name.",
    }),
  };
}

/**
 * The host module for guests evaluated with `guestModules`, whose host output gets the
 * files `extras` makes (tsden's `microvmHostModule`, in the host layer, adds the
 * activation program).
 */
export function makeMicrovmHostModule(guestModules: GuestModules, extras?: HostOutputExtras) {
  return ({
    config,
    store,
  }: {
    config: { microvm: MicrovmHostConfig; networking?: { hostName?: string } };
    store?: Store;
  }) => ({
    _file: "tsden/microvm/host",
    key: "tsden/microvm/host",
    options: { microvm: microvmHostOptions(guestModules, () => store) },
    config: {
      microvm: {
        autostart: lazy(() =>
          Object.keys(config.microvm.vms)
            .sort()
            .filter((n) => config.microvm.vms[n]!.autostart),
        ),
      },
      // system.build takes any attribute (freeform): microvmHost is set, not declared
      system: {
        build: {
          microvmHost: lazy(() =>
            microvmHostPackage(
              {
                hostName: config.networking?.hostName ?? "host",
                stateDir: config.microvm.stateDir,
                startupTimeout: config.microvm.host.startupTimeout,
                useNotifySockets: config.microvm.host.useNotifySockets,
                vms: () => {
                  const names = Object.keys(config.microvm.vms).sort();
                  checkHostConflicts(
                    config.microvm.stateDir,
                    names.map((name) => {
                      const evaluation = config.microvm.vms[name]!.evaluation;
                      return { name, config: evaluation.config, options: evaluation.options };
                    }),
                  );
                  const autostart = new Set(config.microvm.autostart);
                  return names.map((name) => {
                    const vm = config.microvm.vms[name]!;
                    return {
                      name,
                      runner: vm.runner,
                      autostart: autostart.has(name),
                      restartIfChanged: vm.restartIfChanged,
                      shareSources: shareSources(vm),
                      ...vmHostPaths(vm),
                    };
                  });
                },
              },
              store ?? new Store(),
              extras && ((spec, vms) => extras(spec, vms, config)),
            ),
          ),
        },
      },
    },
  });
}
