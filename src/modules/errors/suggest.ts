/**
 * "Did you mean" suggestions: the candidates within a small edit distance of a name.
 * The work is bounded whatever the input: names longer than {@link MAX_SUGGESTED}
 * characters get no suggestions (a typo in them is not what went wrong), candidates
 * whose length alone rules them out are skipped, and the distance is computed only
 * near the diagonal, stopping as soon as it exceeds the limit.
 */

/** Names (and candidates) longer than this get no suggestions. */
export const MAX_SUGGESTED = 100;

/**
 * Edit distance between two strings (Levenshtein). With `max`, any distance above it
 * is reported as `max + 1`, and the work is O(min(|a|, |b|) * max).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > max) return max + 1;
  const band = Math.min(b.length, max);
  const big = b.length + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= band ? j : big;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    cur.fill(big);
    cur[0] = i <= band ? i : big;
    let rowMin = cur[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  const d = prev[b.length]!;
  return d > max ? max + 1 : d;
}

/** The candidates closest to `name` (at most `max`), for "Did you mean" hints. */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  if (name.length > MAX_SUGGESTED) return [];
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c.length > MAX_SUGGESTED || Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d <= limit) scored.push([c, d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, max)
    .map(([c]) => c);
}
