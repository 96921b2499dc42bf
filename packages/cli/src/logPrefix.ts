/** `controller | <line>` prefixes for the stack runner's merged log, coloured on a terminal. */
const PALETTE = [36, 33, 35, 32, 34, 91, 96, 93] as const;

export function colourFor(index: number): number {
  return PALETTE[index % PALETTE.length]!;
}

export function prefixLine(name: string, width: number, line: string, colour?: number): string {
  const label = `${name.padEnd(width)} |`;
  return colour === undefined ? `${label} ${line}` : `\x1b[${colour}m${label}\x1b[0m ${line}`;
}

/** Colour when writing to a terminal, unless NO_COLOR is set; FORCE_COLOR forces it. */
export function useColour(
  isTty: boolean,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return true;
  return isTty;
}

/** Splits a byte stream into lines; the last partial line is kept until it ends. */
export class LineSplitter {
  private rest = "";
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array): string[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const lines = text.split("\n");
    this.rest = lines.pop() ?? "";
    return lines.map((l) => l.replace(/\r$/, ""));
  }

  flush(): string[] {
    const last = this.rest;
    this.rest = "";
    return last ? [last] : [];
  }
}
