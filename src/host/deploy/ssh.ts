/**
 * SSH to deployment targets, with the system's OpenSSH client: the user's keys, agent
 * and ~/.ssh/config apply as they do for `ssh` itself. tsden adds `BatchMode=yes` (never
 * a password prompt in a parallel run), a connection timeout, and the options the user
 * passes (`-F FILE`, `-o OPTION`). A remote program is always `sh -c SCRIPT sh ARGS...`
 * with every word shell-quoted (the remote login shell parses the command line), run
 * through `sudo -n` when the login user is not root. This is the one place deploy
 * starts processes.
 */
import { spawn } from "node:child_process";
import { shellCommand } from "../../os/index.js";

/** Where and how to reach a target. */
export interface SshTarget {
  /** Host name or address. */
  readonly host: string;
  readonly user: string;
  /** null: what the SSH configuration says. */
  readonly port: number | null;
}

/** Options the user gives every SSH connection. */
export interface SshSettings {
  /** `-F FILE`: an SSH configuration file instead of ~/.ssh/config. */
  readonly configFile?: string;
  /** `-o OPTION` each (e.g. `StrictHostKeyChecking=accept-new`). */
  readonly options?: readonly string[];
  /** Seconds to wait for a connection (default 10). */
  readonly connectTimeout?: number;
}

/** What a remote program left behind. */
export interface RemoteResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The `ssh` arguments (before the remote command) for `target`. */
export function sshArgs(target: SshTarget, settings: SshSettings): string[] {
  const args: string[] = [];
  if (settings.configFile !== undefined) args.push("-F", settings.configFile);
  args.push(
    "-o",
    "BatchMode=yes",
    "-o",
    `ConnectTimeout=${settings.connectTimeout ?? 10}`,
    "-o",
    "ServerAliveInterval=5",
    "-o",
    "ServerAliveCountMax=3",
  );
  for (const option of settings.options ?? []) args.push("-o", option);
  if (target.port !== null) args.push("-p", String(target.port));
  args.push("-l", target.user, "-T", "--", target.host);
  return args;
}

/** The remote command line running `script` with `args` (through sudo when not root). */
export function remoteCommand(target: SshTarget, script: string, args: readonly string[]): string {
  const words = ["sh", "-c", script, "sh", ...args];
  return `${target.user === "root" ? "" : "sudo -n "}${shellCommand(words)}`;
}

/** ssh's exit code when the connection itself failed. */
export const SSH_CONNECTION_FAILED = 255;

/**
 * Runs `script` on `target` over a new SSH connection, feeding `stdin` (a string or a
 * readable stream, e.g. tar's output) to it. Never throws for a non-zero exit; `code`
 * 255 means the connection failed.
 */
export function runRemote(
  target: SshTarget,
  settings: SshSettings,
  script: string,
  args: readonly string[],
  options: { readonly stdin?: string | NodeJS.ReadableStream; readonly timeoutMs?: number } = {},
): Promise<RemoteResult> {
  return new Promise((resolve) => {
    const child = spawn("ssh", [...sshArgs(target, settings), remoteCommand(target, script, args)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.stdin.on("error", () => undefined);
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (timer !== undefined) clearTimeout(timer);
      const hint = e.code === "ENOENT" ? " (install the OpenSSH client: apt-get install openssh-client)" : "";
      resolve({ code: SSH_CONNECTION_FAILED, stdout: "", stderr: `cannot start ssh: ${e.message}${hint}` });
    });
    child.on("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({
        code: code ?? SSH_CONNECTION_FAILED,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr:
          signal === "SIGKILL" && timer !== undefined
            ? `${stderr}timed out after ${Math.round(options.timeoutMs! / 1000)} s\n`
            : stderr,
      });
    });
    if (options.stdin === undefined || typeof options.stdin === "string") child.stdin.end(options.stdin ?? "");
    else options.stdin.pipe(child.stdin);
  });
}

/**
 * Streams `tar -C root -cf - FILES...` (this machine's tar) into `script` on the target.
 * Resolves when both ends finished; a failing tar is reported as the result.
 */
export async function sendTar(
  target: SshTarget,
  settings: SshSettings,
  root: string,
  files: readonly string[],
  script: string,
  args: readonly string[],
): Promise<RemoteResult> {
  const tar = spawn("tar", ["-C", root, "-cf", "-", "--", ...files], { stdio: ["ignore", "pipe", "pipe"] });
  const tarErr: Buffer[] = [];
  tar.stderr.on("data", (c: Buffer) => tarErr.push(c));
  const tarDone = new Promise<number>((resolve) => {
    tar.on("error", () => resolve(127));
    tar.on("close", (code) => resolve(code ?? 128));
  });
  const [result, tarCode] = await Promise.all([
    runRemote(target, settings, script, args, { stdin: tar.stdout }),
    tarDone,
  ]);
  if (tarCode !== 0)
    return {
      code: 1,
      stdout: result.stdout,
      stderr: `tar failed (${tarCode}): ${Buffer.concat(tarErr).toString("utf8")}${result.stderr}`,
    };
  return result;
}

/** The last lines of a remote program's error output, for a message. */
export function stderrTail(result: RemoteResult, lines = 6): string {
  return result.stderr
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .slice(-lines)
    .join("\n");
}
