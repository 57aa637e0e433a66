/** `fileSystems.<mountPoint>`: what init mounts; 9p and virtiofs shares give their tag as `device`. */
import { mkOption, mkOptionDefault, types } from "../../modules/index.js";
import { attrsOfKeyed, checkedStr, isCleanAbsolutePath, mountPointType, singleWordish } from "./names.js";

const fsTypeType = checkedStr("fsType", "file system type name (a-z 0-9 _ .)", (v) => /^[a-z0-9_.]{1,32}$/.test(v));
const mountOptionType = checkedStr("mountOption", "mount option (no commas, spaces or quotes)", (v) =>
  /^[A-Za-z0-9_.:/=+@-]+$/.test(v),
);

/**
 * The options of a file system: one static object, so every `fileSystems.<name>` value
 * shares one declaration tree; the name reaches `mountPoint` through the module below.
 */
const fileSystemOptions = {
  _file: "tsden/os/options/file-systems.ts",
  options: {
    mountPoint: mkOption({
      type: mountPointType,
      defaultText: "the attribute name",
      description: "Location of the mounted file system.",
    }),
    device: mkOption({
      type: types.nullOr(singleWordish),
      default: null,
      example: "/dev/vdb",
      description: "The device: /dev/..., LABEL=..., UUID=..., or the tag of a 9p or virtiofs share.",
    }),
    label: mkOption({
      type: types.nullOr(singleWordish),
      default: null,
      description: "Label of the device, used when `device` is null.",
    }),
    fsType: mkOption({ type: fsTypeType, default: "auto", example: "ext4", description: "Type of the file system." }),
    options: mkOption({
      type: types.nonEmptyListOf(mountOptionType),
      default: ["defaults"],
      example: ["ro", "noatime"],
      description: "Options used to mount the file system.",
    }),
    neededForBoot: mkOption({
      type: types.bool,
      default: false,
      description:
        "Whether the file system is needed early in boot (every file system is mounted by the initramfs here).",
    }),
  },
};

const fileSystemModule = [
  fileSystemOptions,
  ({ name }: { name: string }) => ({
    _file: "tsden/os/options/file-systems.ts",
    config: { mountPoint: mkOptionDefault(name) },
  }),
];

/** The `fileSystems` option. */
export const fileSystemsModule = {
  _file: "tsden/os/options/file-systems.ts",
  key: "tsden/os/options/file-systems.ts",
  options: {
    fileSystems: mkOption({
      type: attrsOfKeyed(
        types.submodule(fileSystemModule),
        'clean absolute mount points (like /mnt/data: no "..", "." or "//")',
        isCleanAbsolutePath,
      ),
      default: {},
      example: { "/mnt/share": { device: "share", fsType: "9p" } },
      description: "The file systems to mount, by mount point.",
    }),
  },
};
