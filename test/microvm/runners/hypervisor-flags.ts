/**
 * What the hypervisors' own argument parsers accept, as data, read from their sources
 * (the binaries are not installed here):
 * - cloud-hypervisor (github cloud-hypervisor/cloud-hypervisor at ae44c297, Aug 2026):
 *   the clap `Arg::new(...)` list of cloud-hypervisor/src/main.rs (`num_args(1..)` for
 *   --disk, --net, --fs, --device) and the `OptionParser` keys each `*Config::parse`
 *   adds in vmm/src/config.rs (with PciDeviceCommonConfig::OPTIONS_IOMMU);
 * - firecracker (github firecracker-microvm/firecracker at 81b38b9d, Aug 2026): the
 *   `Argument::new(...)` list of src/firecracker/src/main.rs, and the JSON fields of
 *   `VmmConfig` (kebab-case) and its `deny_unknown_fields` parts in src/vmm/src/resources.rs
 *   and src/vmm/src/vmm_config/{boot_source,machine_config,drive,net,vsock}.rs;
 * - crosvm (github google/crosvm at f1e797a6, Aug 2026): the argh fields of `RunCommand`
 *   in src/crosvm/cmdline.rs, and the serde keys of DiskOption
 *   (devices/src/virtio/block/mod.rs), SerialParameters (devices/src/serial_device.rs),
 *   NetParameters (devices/src/virtio/net.rs), VhostUserFrontendOption
 *   (src/crosvm/config.rs), VsockConfig (devices/src/virtio/vsock/sys/linux.rs);
 * - kvmtool (github kvmtool/kvmtool at b48735e5, Aug 2024): the `OPT_*` table of
 *   builtin-run.c, the network keys of virtio/net.c, the disk suffixes of
 *   disk/core.c and MAX_DISK_IMAGES (4) of include/kvm/disk-image.h.
 */

/** A flag: takes no value, one value, or one or more values (clap's `num_args(1..)`). */
export type Arity = "switch" | "one" | "many";

/** A hypervisor's accepted flags, and for flags taking `key=value` lists the accepted keys. */
export interface FlagTable {
  readonly flags: Readonly<Record<string, Arity>>;
  readonly keys: Readonly<Record<string, readonly string[]>>;
}

const IOMMU = ["id", "iommu", "pci_segment", "pci_device_id"];

export const cloudHypervisor: FlagTable = {
  flags: {
    "--api-socket": "one",
    "--balloon": "one",
    "--cmdline": "one",
    "--console": "one",
    "--cpus": "one",
    "--device": "many",
    "--disk": "many",
    "--firmware": "one",
    "--fs": "many",
    "--initramfs": "one",
    "--kernel": "one",
    "--memory": "one",
    "--net": "many",
    "--platform": "one",
    "--pmem": "many",
    "--rng": "one",
    "--seccomp": "one",
    "--serial": "one",
    "--vsock": "one",
    "--watchdog": "switch",
    "--user-device": "many",
    "--vdpa": "many",
    "--numa": "many",
    "--memory-zone": "many",
    "--tpm": "one",
    "--log-file": "one",
    "-v": "switch",
  },
  keys: {
    "--cpus": [
      "affinity",
      "boot",
      "core_scheduling",
      "features",
      "kvm_hyperv",
      "max",
      "max_phys_bits",
      "nested",
      "profile",
      "topology",
    ],
    "--memory": [
      "file",
      "hotplug_method",
      "hotplug_size",
      "hotplugged_size",
      "hugepage_size",
      "hugepages",
      "mergeable",
      "prefault",
      "reserve",
      "shared",
      "size",
      "thp",
    ],
    "--platform": [
      "iommu_address_width",
      "iommu_segments",
      "iommufd",
      "iommufd_fd",
      "num_pci_segments",
      "oem_strings",
      "serial_number",
      "sev_snp",
      "tdx",
      "uuid",
    ],
    "--disk": [
      "_disable_aio",
      "_disable_io_uring",
      "backing_files",
      "bw_one_time_burst",
      "bw_refill_time",
      "bw_size",
      "direct",
      "image_type",
      "lock_granularity",
      "num_queues",
      "ops_one_time_burst",
      "ops_refill_time",
      "ops_size",
      "path",
      "queue_affinity",
      "queue_size",
      "rate_limit_group",
      "readonly",
      "serial",
      "socket",
      "sparse",
      "vhost_user",
      ...IOMMU,
    ],
    "--net": [
      "bw_one_time_burst",
      "bw_refill_time",
      "bw_size",
      "fd",
      "host_mac",
      "ip",
      "mac",
      "mask",
      "mtu",
      "num_queues",
      "offload_csum",
      "offload_tso",
      "offload_ufo",
      "ops_one_time_burst",
      "ops_refill_time",
      "ops_size",
      "queue_size",
      "socket",
      "tap",
      "vhost_mode",
      "vhost_user",
      ...IOMMU,
    ],
    "--fs": ["num_queues", "queue_size", "socket", "tag", ...IOMMU],
    "--balloon": ["deflate_on_oom", "free_page_reporting", "size"],
    "--vsock": ["cid", "socket", ...IOMMU],
    "--device": ["fd", "path", "x_exclude_mmap_bars", "x_nv_gpudirect_clique", ...IOMMU],
    "--console": ["off", "pty", "tty", "null", "file", "socket"],
    "--serial": ["off", "pty", "tty", "null", "file", "socket"],
    "--api-socket": ["path", "fd"],
  },
};

/** cloud-hypervisor's `--seccomp` values (clap `value_parser`). */
export const cloudHypervisorSeccomp = ["true", "false", "log", "errno"];

export const firecracker: FlagTable = {
  flags: {
    "--api-sock": "one",
    "--boot-timer": "switch",
    "--config-file": "one",
    "--describe-snapshot": "one",
    "--enable-pci": "switch",
    "--http-api-max-payload-size": "one",
    "--id": "one",
    "--level": "one",
    "--log-path": "one",
    "--metrics-path": "one",
    "--mmds-size-limit": "one",
    "--module": "one",
    "--no-api": "switch",
    "--no-seccomp": "switch",
    "--parent-cpu-time-us": "one",
    "--seccomp-filter": "one",
    "--show-level": "switch",
    "--show-log-origin": "switch",
    "--snapshot-version": "switch",
    "--start-time-cpu-us": "one",
    "--start-time-us": "one",
    "--version": "switch",
  },
  keys: {},
};

/** The configuration file's sections and, for the strict ones, their fields. */
export const firecrackerConfig: Readonly<Record<string, readonly string[] | null>> = {
  balloon: null,
  drives: [
    "drive_id",
    "partuuid",
    "is_root_device",
    "cache_type",
    "is_read_only",
    "path_on_host",
    "rate_limiter",
    "io_engine",
    "socket",
  ],
  "boot-source": ["kernel_image_path", "initrd_path", "boot_args"],
  "cpu-config": null,
  logger: null,
  "machine-config": ["vcpu_count", "mem_size_mib", "smt", "cpu_template", "track_dirty_pages", "huge_pages"],
  metrics: null,
  "mmds-config": null,
  "network-interfaces": ["iface_id", "host_dev_name", "guest_mac", "mtu", "rx_rate_limiter", "tx_rate_limiter"],
  vsock: ["vsock_id", "guest_cid", "uds_path"],
  entropy: null,
  pmem: null,
  "serial-config": null,
  "memory-hotplug": null,
};

export const crosvm: FlagTable = {
  flags: {
    "-m": "one",
    "--mem": "one",
    "-c": "one",
    "--cpus": "one",
    "--serial": "one",
    "-p": "one",
    "--params": "one",
    "--no-balloon": "switch",
    "--balloon-page-reporting": "switch",
    "-r": "one",
    "--root": "one",
    "--rwroot": "one",
    "-b": "one",
    "--block": "one",
    "-d": "one",
    "--disk": "one",
    "--rwdisk": "one",
    "--pivot-root": "one",
    "-s": "one",
    "--socket": "one",
    "--shared-dir": "one",
    "--vhost-user": "one",
    "--net": "one",
    "--vsock": "one",
    "--cid": "one",
    "-i": "one",
    "--initrd": "one",
    "--vfio": "one",
    "--disable-sandbox": "switch",
  },
  keys: {
    "--block": [
      "path",
      "ro",
      "root",
      "sparse",
      "direct",
      "o_direct",
      "lock",
      "block-size",
      "block_size",
      "id",
      "io-concurrency",
      "io_concurrency",
      "multiple-workers",
      "async-executor",
      "async_executor",
      "packed-queue",
      "bootindex",
      "pci-address",
      "dontcache",
    ],
    "--serial": [
      "type",
      "hardware",
      "name",
      "path",
      "input",
      "input-unix-stream",
      "num",
      "console",
      "earlycon",
      "stdin",
      "out-timestamp",
      "out_timestamp",
      "debugcon-port",
      "pci-address",
      "max-queue-sizes",
    ],
    "--net": [
      "tap-name",
      "tap-fd",
      "mac",
      "host-ip",
      "netmask",
      "vq-pairs",
      "vhost-net",
      "packed-queue",
      "pci-address",
      "mrg-rxbuf",
    ],
    "--vhost-user": ["type", "socket", "max-queue-size", "pci-address"],
    "--vsock": ["cid", "device", "max-queue-sizes"],
    "--vfio": ["path", "iommu", "guest-address", "dt-symbol"],
  },
};

/**
 * The keys of a crosvm `--shared-dir SRC:TAG:key=value:...` that src/crosvm/sys/linux/config.rs
 * reads itself (the others go to the 9p or fs device's own configuration).
 */
export const crosvmSharedDirKeys = ["type"];

export const kvmtool: FlagTable = {
  flags: {
    "--name": "one",
    "-c": "one",
    "--cpus": "one",
    "-m": "one",
    "--mem": "one",
    "-d": "one",
    "--disk": "one",
    "--balloon": "switch",
    "--vnc": "switch",
    "--gtk": "switch",
    "--sdl": "switch",
    "--rng": "switch",
    "--nodefaults": "switch",
    "--9p": "one",
    "--console": "one",
    "--vsock": "one",
    "--dev": "one",
    "--tty": "one",
    "--sandbox": "one",
    "--hugetlbfs": "one",
    "--virtio-legacy": "switch",
    "--virtio-transport": "one",
    "--loglevel": "one",
    "-k": "one",
    "--kernel": "one",
    "-i": "one",
    "--initrd": "one",
    "-p": "one",
    "--params": "one",
    "-f": "one",
    "--firmware": "one",
    "-F": "one",
    "--flash": "one",
    "-n": "one",
    "--network": "one",
    "--no-dhcp": "switch",
    "--vfio-pci": "one",
    "--debug": "switch",
    "--vidmode": "one",
  },
  keys: {
    "-n": ["guest_mac", "mode", "script", "downscript", "guest_ip", "host_ip", "trans", "tapif", "vhost", "fd", "mq"],
  },
};

/** kvmtool's disk limit (MAX_DISK_IMAGES in include/kvm/disk-image.h: "only 4 images are supported"). */
export const KVMTOOL_MAX_DISKS = 4;
