/** Test helper: boots a kernel + initramfs under qemu's microvm machine, as microvm.md's runner would. */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { accelKernelParams, chooseQemuAccel, microvmMachineOptions } from "../../src/microvm/runners/capabilities.js";

export interface BootOptions {
  readonly kernel: string;
  readonly initrd: string;
  readonly shares?: readonly { readonly tag: string; readonly source: string }[];
  readonly qmpSocket?: string;
  readonly timeoutMs?: number;
  /** Called with each console line and the ms since start. */
  readonly onLine?: (line: string, ms: number) => void;
}

export interface BootResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly console: string;
  readonly lines: readonly { readonly text: string; readonly ms: number }[];
  readonly totalMs: number;
  readonly timedOut: boolean;
}

export async function qemuArgs(options: BootOptions): Promise<string[]> {
  const accel = await chooseQemuAccel(options.kernel);
  const args = ["-name", "tsden-test", "-M", microvmMachineOptions(accel), "-m", "256", "-smp", "1"];
  args.push("-nodefaults", "-no-user-config", "-no-reboot", "-kernel", options.kernel, "-initrd", options.initrd);
  args.push("-chardev", "stdio,id=stdio,signal=off", "-serial", "chardev:stdio", "-device", "virtio-rng-pci");
  if (accel === "kvm") args.push("-enable-kvm", "-cpu", "host,+x2apic,-sgx");
  const params = ["console=ttyS0", "reboot=t", "panic=-1", "quiet", ...(await accelKernelParams(accel))];
  args.push("-device", "i8042", "-append", params.join(" "), "-nographic");
  if (options.qmpSocket !== undefined) args.push("-qmp", `unix:${options.qmpSocket},server,nowait`);
  (options.shares ?? []).forEach((share, i) => {
    args.push("-fsdev", `local,id=fs${i},path=${share.source},security_model=none`);
    args.push("-device", `virtio-9p-pci,fsdev=fs${i},mount_tag=${share.tag}`);
  });
  return args;
}

export async function bootQemu(options: BootOptions): Promise<BootResult> {
  const args = await qemuArgs(options);
  const start = performance.now();
  const child = spawn("qemu-system-x86_64", args, { stdio: ["pipe", "pipe", "pipe"] });
  const lines: { text: string; ms: number }[] = [];
  let output = "";
  let pending = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output += text;
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl).replace(/\r$/, "");
      pending = pending.slice(nl + 1);
      const ms = performance.now() - start;
      lines.push({ text: line, ms });
      options.onLine?.(line, ms);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 100_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, console: output, lines, totalMs: performance.now() - start, timedOut });
    });
  });
}

/** Sends ctrl-alt-delete through QMP, as `microvm-shutdown` does for qemu. */
export function qmpCtrlAltDelete(socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    let buffer = "";
    let step = 0;
    conn.on("error", reject);
    conn.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const message = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
        buffer = buffer.slice(nl + 1);
        if (step === 0 && "QMP" in message) {
          conn.write(`${JSON.stringify({ execute: "qmp_capabilities" })}\n`);
          step = 1;
        } else if (step === 1 && "return" in message) {
          const keys = ["ctrl", "alt", "delete"].map((data) => ({ type: "qcode", data }));
          conn.write(`${JSON.stringify({ execute: "send-key", arguments: { keys } })}\n`);
          step = 2;
        } else if (step === 2 && "return" in message) {
          conn.end();
          resolve();
        } else if ("error" in message) {
          conn.destroy();
          reject(new Error(`QMP: ${JSON.stringify(message.error)}`));
        }
      }
    });
  });
}
