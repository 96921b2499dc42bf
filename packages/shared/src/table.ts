/**
 * Text tables, columns padded to their widest cell: `plain` for terminal
 * listings (CLI), `ruled` with a dashed line under the header (bench and fault
 * reports), `markdown` for the .md reports; `pipes` is Markdown without the
 * padding (RELIABILITY.md's long rows).
 */
export type TableStyle = "plain" | "ruled" | "markdown" | "pipes";

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: TableStyle = "plain",
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cells = (r: readonly string[]) => widths.map((w, i) => (r[i] ?? "").padEnd(w));
  const line = (r: readonly string[]) =>
    style === "markdown" ? `| ${cells(r).join(" | ")} |` : cells(r).join("  ").trimEnd();
  if (style === "pipes") {
    const row = (r: readonly string[]) => `| ${header.map((_, i) => r[i] ?? "").join(" | ")} |`;
    return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
  }
  const rule =
    style === "markdown"
      ? [`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`]
      : style === "ruled"
        ? [widths.map((w) => "-".repeat(w)).join("  ")]
        : [];
  return [line(header), ...rule, ...rows.map(line)].join("\n");
}

/** A number with fixed decimals, or "-" when there is none. */
export function fixed(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);
}
