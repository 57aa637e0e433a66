/**
 * The host module (microvm.nix's `host.nix`), for the `os` class: `microvm.vms.<name>`
 * declares a guest by its modules (`config`) or as an evaluated configuration
 * (`evaluatedConfig`, used as is: how `extendModules` compositions hand VMs over);
 * `microvm.host.*`, `microvm.stateDir`, `microvm.autostart`; and
 * `system.build.microvmHost`, the package with the units and each guest's runner
 * (built in the module argument `store`, which guests get too).
 *
 * A guest is evaluated only when something reads it (its `evaluation`, its `runner`,
 * or the host package): the host's own evaluation never touches its VMs.
 */
import { evalModules, lazy, mkDefault, mkOption, mkOptionType, ModuleError, types, type EvalResult, type OptionType } from "../modules/index.js";
import { isPackage, type Package } from "../store/package.js";
import { Store } from "../store/store.js";
import { microvmHostPackage, type HostOutputExtras } from "./host-package.js";
import { validateVmName } from "./render/host-units.js";

/** The evaluated `microvm.vms.<name>`. */
export interface MicrovmVm {
  readonly config: unknown;
  readonly evaluatedConfig: EvalResult | null;
  readonly specialArgs: Readonly<Record<string, unknown>>;
  readonly autostart: boolean;
  readonly restartIfChanged: boolean;
  /** The guest's evaluated configuration (read-only; evaluated on first read). */
  readonly evaluation: EvalResult;
  /** The guest's `microvm.declaredRunner` (read-only). */
  readonly runner: Package;
}

/** The host's evaluated `microvm` options. */
export interface MicrovmHostConfig {
  readonly host: { readonly enable: boolean; readonly startupTimeout: number };
  readonly stateDir: string;
  readonly autostart: readonly string[];
  readonly vms: Readonly<Record<string, MicrovmVm>>;
}

/** Whether `v` is the result of `evalModules`. */
function isEvalResult(v: unknown): v is EvalResult {
  return typeof v === "object" && v !== null && "config" in v && typeof (v as { extendModules?: unknown }).extendModules === "function";
}

/**
 * An evaluated configuration, taken as is: merging never looks inside it (its config
 * is lazy and may be large); two different definitions conflict.
 */
export const evaluatedConfigType: OptionType<EvalResult> = mkOptionType<EvalResult>({
  name: "evaluatedConfiguration",
  description: "evaluated configuration (the result of evalModules)",
  descriptionClass: "noun",
  check: isEvalResult,
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
    return first as EvalResult;
  },
});

/** The modules a guest's `config` is evaluated with (the OS vocabulary and microvm's guest options). */
export type GuestModules = () => readonly unknown[];

function vmType(guestModules: GuestModules, store: () => Store | undefined) {
  return types.submodule(({ name, config }: { name: string; config: MicrovmVm }) => ({
    _file: "tsden/microvm/host (vm)",
    options: {
      config: mkOption({
        type: types.nullOr(types.deferredModule),
        default: null,
        description: "The guest's modules, evaluated with the OS options and microvm's guest options.",
      }),
      evaluatedConfig: mkOption({
        type: types.nullOr(evaluatedConfigType),
        default: null,
        description: "An evaluated guest configuration, used as is instead of `config`.",
      }),
      specialArgs: mkOption({ type: types.lazyAttrsOf(types.raw), default: {}, description: "Extra arguments of the guest's modules." }),
      autostart: mkOption({ type: types.bool, default: true, description: "Start the VM with the host (microvms.target)." }),
      restartIfChanged: mkOption({
        type: types.bool,
        description: "Restart the VM when the host switches to a new runner (default: true when declared by `config`).",
      }),
      evaluation: mkOption({ type: evaluatedConfigType, readOnly: true, internal: true, description: "The guest's evaluated configuration." }),
      runner: mkOption({ type: types.raw, readOnly: true, internal: true, description: "The guest's declared runner package." }),
    },
    config: {
      restartIfChanged: lazy(() => mkDefault(config.config !== null)),
      evaluation: lazy(() => evaluateGuest(name, config, guestModules, store())),
      runner: lazy(() => runnerOf(name, config.evaluation)),
    },
  }));
}

function evaluateGuest(name: string, vm: MicrovmVm, guestModules: GuestModules, store: Store | undefined): EvalResult {
  validateVmName(name);
  if (vm.evaluatedConfig !== null) return vm.evaluatedConfig;
  if (vm.config === null) {
    throw new ModuleError({
      code: "NO_VALUE",
      message: `The microVM \`${name}' has neither \`microvm.vms.${name}.config' (its modules) nor \`microvm.vms.${name}.evaluatedConfig'.`,
      optionPath: ["microvm", "vms", name, "config"],
      definitions: [],
    });
  }
  return evalModules({
    modules: [...guestModules(), { _file: `microvm.vms.${name} (host name)`, networking: { hostName: mkDefault(name) } }, vm.config],
    specialArgs: store === undefined ? { ...vm.specialArgs } : { store, ...vm.specialArgs },
    class: "os",
  });
}

function runnerOf(name: string, evaluation: EvalResult): Package {
  const runner = (evaluation.config as { microvm?: { declaredRunner?: unknown } }).microvm?.declaredRunner;
  if (!isPackage(runner)) {
    throw new Error(`the microVM ${name} has no microvm.declaredRunner: its configuration must import microvm's guest module`);
  }
  return runner;
}

/** The share sources of a VM's guest (none when it declares no shares). */
function shareSources(vm: MicrovmVm): string[] {
  const shares = (vm.evaluation.config as { microvm?: { shares?: readonly { source?: unknown }[] } }).microvm?.shares ?? [];
  return shares.map((s) => s.source).filter((s): s is string => typeof s === "string" && s !== "");
}

/**
 * The host module for guests evaluated with `guestModules`, whose host output gets the
 * files `extras` makes (tsden's `microvmHostModule`, in the host layer, adds the
 * activation program).
 */
export function makeMicrovmHostModule(guestModules: GuestModules, extras?: HostOutputExtras) {
  return ({ config, store }: { config: { microvm: MicrovmHostConfig; networking?: { hostName?: string } }; store?: Store }) => ({
    _file: "tsden/microvm/host",
    key: "tsden/microvm/host",
    options: {
      microvm: {
        host: {
          enable: mkOption({ type: types.bool, default: true, description: "Whether this host runs microVMs." }),
          startupTimeout: mkOption({
            type: types.ints.positive,
            default: 150,
            description: "Seconds systemd waits for a VM to start or stop (TimeoutSec of microvm@).",
          }),
        },
        stateDir: mkOption({ type: types.path, default: "/var/lib/microvms", description: "Where each VM's folder lives: current and booted runners, volumes, sockets." }),
        autostart: mkOption({ type: types.listOf(types.str), description: "The VMs started with the host (default: every VM with autostart)." }),
        vms: mkOption({ type: types.lazyAttrsOf(vmType(guestModules, () => store)), default: {}, description: "The microVMs of this host, by name." }),
      },
    },
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
            microvmHostPackage({
              hostName: config.networking?.hostName ?? "host",
              stateDir: config.microvm.stateDir,
              startupTimeout: config.microvm.host.startupTimeout,
              vms: () => {
                const autostart = new Set(config.microvm.autostart);
                return Object.keys(config.microvm.vms)
                  .sort()
                  .map((name) => {
                    const vm = config.microvm.vms[name]!;
                    return { name, runner: vm.runner, autostart: autostart.has(name), restartIfChanged: vm.restartIfChanged, shareSources: shareSources(vm) };
                  });
              },
            }, store ?? new Store(), extras),
          ),
        },
      },
    },
  });
}
