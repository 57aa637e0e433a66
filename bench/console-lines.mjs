// Reading a child's console for the boot benchmarks: chunks become lines, and the whole
// text is kept for the error message when a boot fails.

/**
 * Calls `onLine(line)` for every complete line of `stream`; returns a function giving
 * everything read so far (from every stream passed to `also`).
 */
export function readLines(stream, onLine, also = []) {
  let all = "";
  let pending = "";
  stream.on("data", (chunk) => {
    const text = chunk.toString("utf8");
    all += text;
    pending += text;
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      onLine(line);
    }
  });
  for (const other of also) other.on("data", (chunk) => (all += chunk.toString("utf8")));
  return () => all;
}
