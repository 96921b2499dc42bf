/** The page's HTML and its TypeScript bundled for the browser, built once when the server starts. */
import { join } from "node:path";
import { SERVICE_DIR } from "../../serviceDir";

export interface PageBundle {
  html: string;
  js: string;
}

const PAGE_DIR = join(SERVICE_DIR, "src", "sources", "webxr", "page");

export async function buildPage(): Promise<PageBundle> {
  const result = await Bun.build({
    entrypoints: [join(PAGE_DIR, "main.ts")],
    target: "browser",
    format: "esm",
    minify: true,
  });
  const out = result.outputs[0];
  if (!result.success || !out) {
    throw new Error(`building the WebXR page failed: ${result.logs.map(String).join("; ")}`);
  }
  return { html: await Bun.file(join(PAGE_DIR, "index.html")).text(), js: await out.text() };
}
