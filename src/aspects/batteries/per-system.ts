/**
 * The `perSystem` battery (Den's `self'` and `inputs'`): the module argument
 * `perSystem`, whose `self` is the project's outputs with the entity's system selected
 * (`perSystem.self.packages.hello` is `flake.packages.<system>.hello`) and whose
 * `<name>` is the same view of `den.inputs.<name>` (another project's or a package's
 * outputs tree). On a host it goes to the host's class, on a user to each of the
 * user's classes, on a home to the home's class (as a default, so that a class already
 * given the host's arguments keeps that one); the per-system output classes
 * (`packages`, ...) receive it too.
 */
import { mkDefault } from "../../modules/index.js";
import { mergeAspect, type Aspect } from "../aspect.js";
import { take } from "../parametric.js";
import type { Home, Host, User } from "../entities.js";

type Tree = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is Tree {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * An outputs tree with `system` selected: `view.packages` is `tree.packages[system]`,
 * for every output that has that system (read lazily, on access).
 */
export function systemView(tree: () => unknown, system: string): Tree {
  const at = (k: string | symbol): unknown => {
    if (typeof k !== "string") return undefined;
    const t = tree();
    if (!isObject(t) || !Object.hasOwn(t, k)) return undefined;
    const out = t[k];
    return isObject(out) && Object.hasOwn(out, system) ? out[system] : undefined;
  };
  const keys = () => {
    const t = tree();
    return isObject(t) ? Object.keys(t).filter((k) => at(k) !== undefined) : [];
  };
  return new Proxy({} as Tree, {
    get: (_t, k) => at(k),
    has: (_t, k) => at(k) !== undefined,
    ownKeys: () => keys(),
    getOwnPropertyDescriptor: (_t, k) => {
      const v = at(k);
      return v === undefined ? undefined : { value: v, enumerable: true, configurable: true, writable: false };
    },
  });
}

/** The `perSystem` argument for `system`: `self` (the project's outputs) and each input (`self` is never an input's name). */
export function perSystemArg(outputs: () => unknown, inputs: () => Tree, system: string): Tree {
  const out: Record<string, unknown> = {};
  const view = (name: string, tree: () => unknown) => {
    let v: Tree | undefined;
    Object.defineProperty(out, name, { enumerable: true, get: () => (v ??= systemView(tree, system)) });
  };
  view("self", outputs);
  const ins = inputs();
  for (const name of Object.keys(ins)) if (name !== "self") view(name, () => ins[name]);
  return out;
}

/**
 * The battery: `den.provides.perSystem`, built over the project's outputs and
 * `den.inputs` (see the file comment).
 */
export function perSystemBattery(outputs: () => unknown, inputs: () => Tree): Aspect {
  // a default: a class that already receives the host's arguments (the user class,
  // forwarded with them) keeps the host's perSystem rather than defining it twice
  const args = (system: string) => ({
    _module: { args: { perSystem: mkDefault(perSystemArg(outputs, inputs, system)) } },
  });
  return mergeAspect({ name: "perSystem", identity: "den/perSystem" }, [
    {
      file: "den.provides.perSystem",
      value: {
        description: "The module argument perSystem: the project's outputs (self) and den.inputs, system selected.",
        includes: [
          take.exactly(["host"], ({ host }: { host: Host }) => ({ [host.class]: args(host.system) })),
          take.exactly(["host", "user"], ({ host, user }: { host: Host; user: User }) =>
            Object.fromEntries(user.classes.map((c) => [c, args(host.system)])),
          ),
          take.exactly(["home"], ({ home }: { home: Home }) => ({ [home.class]: args(home.system) })),
        ],
      },
    },
  ]);
}
