/**
 * The guest's store disk (`microvm.storeDisk`): a read-only erofs or squashfs image of
 * the store paths the guest needs (its top level, system profile and system packages),
 * which the guest mounts at the store's root. Byte-identical from identical inputs
 * (see `buildStoreImage`).
 */
import { access, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { type Derivation, mkPackage, type Package, type Store } from "../store/index.js";
import { buildStoreImage, type StoreImageType } from "../os/index.js";

const BUILDER = "tsden.microvm.store-disk/2";

/** The store paths a top level needs in the guest: itself, its `sw` profile and its packages. */
export async function toplevelClosure(store: Store, top: string): Promise<string[]> {
  const listed = await readFile(join(top, "system-packages"), "utf8").catch(() => "");
  const sw = await readlink(join(top, "sw")).catch(() => undefined);
  const paths = [top, ...(sw === undefined ? [] : [sw]), ...listed.split("\n")];
  return [...new Set(paths.filter((p) => p === top || p.startsWith(`${store.root}/`)))];
}

/** `microvm.storeDisk`: the image (of `type`, made with `flags`) of `toplevel`'s closure, built in `store`. */
export function storeDiskPackage(
  store: Store,
  hostName: string,
  toplevel: Package,
  type: StoreImageType = "erofs",
  flags?: readonly string[],
): Package {
  const name = `microvm-store-disk-${hostName}`;
  return mkPackage(name, async (): Promise<Derivation> => {
    const topDrv = await toplevel.derivation();
    const top = store.pathOf(topDrv);
    return {
      name,
      builder: BUILDER,
      inputs: { toplevel: top, type, ...(flags !== undefined ? { flags: [...flags] } : {}) },
      build: async (out) => {
        await store.realise(topDrv);
        const paths = await toplevelClosure(store, top);
        for (const p of paths) await access(p);
        await buildStoreImage(type, paths, out, top, flags);
      },
    };
  });
}
