import { describe, expect, it } from "vitest";
import { moduleLoadOrder, moduleName, parseModuleIndex } from "../../../src/os/builders/kernel-modules.js";

const index = parseModuleIndex({
  dep: [
    "kernel/drivers/virtio/virtio.ko:",
    "kernel/drivers/virtio/virtio_ring.ko:",
    "kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko",
    "kernel/net/9p/9pnet.ko: kernel/fs/fscache/fscache.ko",
    "kernel/fs/fscache/fscache.ko:",
    "kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko",
    "kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko",
    "kernel/fs/jbd2/jbd2.ko:",
    "kernel/crypto/crc32c_generic.ko:",
  ].join("\n"),
  builtin: "kernel/fs/overlayfs/overlay.ko\n",
  softdep: "# Soft dependencies\nsoftdep ext4 pre: crypto-crc32c post: nothing\n",
  alias: "alias crypto-crc32c crc32c_generic\nalias crc32c crc32c_generic\n",
});

describe("kernel module closures", () => {
  it("normalises names", () => {
    expect(moduleName("kernel/drivers/block/virtio-blk.ko.xz")).toBe("virtio_blk");
    expect(moduleName("9pnet-virtio")).toBe("9pnet_virtio");
  });

  it("orders dependencies first and loads each once", () => {
    expect(moduleLoadOrder(index, ["virtio_pci", "9pnet-virtio"])).toEqual([
      "kernel/drivers/virtio/virtio_ring.ko",
      "kernel/drivers/virtio/virtio.ko",
      "kernel/drivers/virtio/virtio_pci.ko",
      "kernel/fs/fscache/fscache.ko",
      "kernel/net/9p/9pnet.ko",
      "kernel/net/9p/9pnet_virtio.ko",
    ]);
  });

  it("loads optional modules first when the kernel ships them, and skips them silently when not", () => {
    expect(moduleLoadOrder(index, ["virtio"], "this kernel", ["fscache", "pvpanic_mmio", "overlay"])).toEqual([
      "kernel/fs/fscache/fscache.ko",
      "kernel/drivers/virtio/virtio.ko",
    ]);
    expect(() => moduleLoadOrder(index, ["pvpanic_mmio"])).toThrow(/neither built into nor shipped/);
  });

  it("skips built-in modules and follows softdeps through aliases", () => {
    expect(moduleLoadOrder(index, ["overlay", "ext4"])).toEqual([
      "kernel/crypto/crc32c_generic.ko",
      "kernel/fs/jbd2/jbd2.ko",
      "kernel/fs/ext4/ext4.ko",
    ]);
  });

  it("names an unknown module and the kernel", () => {
    expect(() => moduleLoadOrder(index, ["nosuch"], "6.1.0-test")).toThrow(
      /kernel module "nosuch" is neither built into nor shipped with 6.1.0-test/,
    );
  });
});
