/**
 * Sample counts per function from a V8-format .cpuprofile (what
 * `bun --cpu-prof` writes). Counting samples, not summing time deltas,
 * keeps idle gaps from being charged to whatever ran last.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds from the previous sample (from the start for the first). */
  timeDeltas?: number[];
}

export interface FunctionShare {
  name: string;
  samples: number;
  /** Fraction of all samples (0..1). */
  share: number;
}

export interface ProfileSummary {
  samples: number;
  /** Samples whose top frame is the function. */
  self: FunctionShare[];
  /** Samples with the function anywhere on the stack (counted once per sample). */
  inclusive: FunctionShare[];
}

const label = (n: ProfileNode): string => {
  const file = n.callFrame.url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/(node_modules|services|packages|bench)\//, "$1/");
  return `${n.callFrame.functionName || "(anonymous)"} ${file || "[native]"}${file ? `:${n.callFrame.lineNumber + 1}` : ""}`;
};

/** The samples taken `skipS` seconds or more after the profile began (start-up's imports left out). */
function samplesAfter(p: CpuProfile, skipS: number): number[] {
  if (skipS <= 0 || !p.timeDeltas) return p.samples;
  const fromUs = skipS * 1e6;
  const kept: number[] = [];
  let at = 0;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas![i] ?? 0;
    if (at >= fromUs) kept.push(id);
  });
  return kept;
}

export function summarizeProfile(p: CpuProfile, skipS = 0): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = samplesAfter(p, skipS);
  const perNode = new Map<number, number>();
  for (const id of samples) perNode.set(id, (perNode.get(id) ?? 0) + 1);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of perNode) {
    const top = byId.get(id);
    if (!top) continue;
    self.set(label(top), (self.get(label(top)) ?? 0) + count);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + count);
    }
  }
  const total = samples.length;
  const ranked = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([name, samples]) => ({ name, samples, share: total ? samples / total : 0 }))
      .sort((a, b) => b.samples - a.samples);
  return { samples: total, self: ranked(self), inclusive: ranked(inclusive) };
}
