/** Output refreshed in place on a terminal (like `ros2 topic hz`); a plain stream of blocks otherwise. */
export function showFrame(text: string, out: NodeJS.WriteStream = process.stdout): void {
  if (out.isTTY) out.write(`\x1b[H\x1b[2J${text}\n`);
  else out.write(`${text}\n\n`);
}
