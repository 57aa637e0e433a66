/**
 * Checked string types of the OS vocabulary: a wrong host name, interface name or
 * mount point is a type error naming the option and the file that set it.
 */
import { mergeEqualOption, mkOptionType, type OptionType, types } from "../../modules/index.js";

type Merge<T> = (loc: readonly string[], defs: readonly { value: unknown }[]) => T;

/** Host names: RFC 1123 labels, no dots (as NixOS's `networking.hostName`). */
export const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** Linux interface names: at most 15 characters, none of `/`, spaces or quotes. */
export const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** True when `name` can be a Linux network interface name. */
export function isInterfaceName(name: unknown): name is string {
  return typeof name === "string" && INTERFACE_NAME.test(name) && name !== "." && name !== "..";
}

/** True when `path` is absolute and clean: no empty, `.` or `..` parts, no control characters. */
export function isCleanAbsolutePath(path: unknown): path is string {
  if (typeof path !== "string" || !path.startsWith("/") || /[\0-\x1f\x7f]/.test(path)) return false;
  if (path === "/") return true;
  return path
    .split("/")
    .slice(1)
    .every((p) => p !== "" && p !== "." && p !== "..");
}

/** A string type with a check and a description saying what is allowed. */
export function checkedStr(name: string, description: string, check: (value: string) => boolean): OptionType<string> {
  return mkOptionType<string>({
    name,
    description,
    descriptionClass: "noun",
    check: (value) => typeof value === "string" && check(value),
    merge: mergeEqualOption as Merge<string>,
    tsType: "string",
  });
}

/** `networking.hostName`'s type. */
export const hostNameType = checkedStr(
  "hostName",
  "host name (1 to 63 letters, digits and inner hyphens, no dots)",
  (v) => HOST_NAME.test(v),
);

/** A network interface name. */
export const interfaceNameType = checkedStr(
  "interfaceName",
  "interface name (1 to 15 of A-Z a-z 0-9 _ . -)",
  isInterfaceName,
);

/** A mount point: a clean absolute path. */
export const mountPointType = checkedStr(
  "mountPoint",
  'clean absolute path (like /mnt/data: no "..", "." or "//", no control characters)',
  isCleanAbsolutePath,
);

/** A string without NUL or newline characters (a kernel parameter, a mount option). */
export const singleWordish = checkedStr(
  "singleLineNoNul",
  "string without newlines or NUL characters",
  (v) => v !== "" && !/[\0\n\r]/.test(v),
);

/**
 * `attrsOf elemType` whose attribute names must pass `keyCheck`; the type's
 * description says what a name must look like, so a bad key is reported with the file.
 */
export function attrsOfKeyed<T>(
  elemType: OptionType<T>,
  keyDescription: string,
  keyCheck: (key: string) => boolean,
): OptionType<Record<string, T>> {
  const base = types.attrsOf(elemType);
  return withKeyCheck(base, keyDescription, keyCheck);
}

function withKeyCheck<T>(
  base: OptionType<Record<string, T>>,
  keyDescription: string,
  keyCheck: (key: string) => boolean,
): OptionType<Record<string, T>> {
  // the base's properties as they are: its description may be computed on first read
  // (a submodule's evaluates the submodule), which importing the OS options must not do
  const { description: _, ...own } = Object.getOwnPropertyDescriptors(base);
  let description: string | undefined;
  type Keyed = OptionType<Record<string, T>>;
  const overrides: Pick<Keyed, "name" | "descriptionClass" | "check" | "substSubModules" | "typeMerge"> = {
    name: `${base.name}Keyed`,
    descriptionClass: "composite",
    check: (value) => base.check(value) && Object.keys(value as object).every(keyCheck),
    substSubModules: (modules) => withKeyCheck(base.substSubModules(modules), keyDescription, keyCheck),
    typeMerge: (other) => {
      if (other.name !== out.name) return null;
      const merged = base.typeMerge({ ...other, name: base.name } as OptionType);
      return merged === null ? null : withKeyCheck(merged as OptionType<Record<string, T>>, keyDescription, keyCheck);
    },
  };
  const out: Keyed = Object.assign(Object.defineProperties({}, own) as Keyed, overrides);
  Object.defineProperty(out, "description", {
    enumerable: true,
    get: () => (description ??= `${base.description}, keyed by ${keyDescription}`),
  });
  return out;
}
