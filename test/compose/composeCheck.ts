/**
 * Validates a compose file without a Docker engine: the compose-spec JSON
 * schema (the copy dclint bundles) plus the project's own rules: every
 * depends_on target exists, and every `bun <file>` command points at a file
 * that exists in the repository, or at a service bundle (the image builds
 * services/<name>/dist/main.js) whose services/<name>/src/main.ts exists.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Ajv from "ajv";

const SCHEMA_PATH = join(
  import.meta.dir,
  "..",
  "..",
  "node_modules",
  "dclint",
  "schemas",
  "compose.schema.json",
);

type ComposeService = {
  command?: string | string[];
  depends_on?: string[] | Record<string, unknown>;
  build?: string | { context?: string; dockerfile?: string };
};

export function checkCompose(path: string, repoRoot = dirname(path)): string[] {
  const errors: string[] = [];
  let doc: unknown;
  try {
    doc = Bun.YAML.parse(readFileSync(path, "utf8"));
  } catch (err) {
    return [`not valid YAML: ${(err as Error).message}`];
  }
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  // The bundled schema names draft-07 by its https URL, which ajv does not map; it is plain draft-07.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
  const validate = ajv.compile(schema);
  if (!validate(doc)) {
    for (const e of validate.errors ?? [])
      errors.push(`schema: ${e.instancePath || "/"} ${e.message}`);
  }
  const services = ((doc as { services?: Record<string, ComposeService> })?.services ??
    {}) as Record<string, ComposeService>;
  for (const [name, svc] of Object.entries(services)) {
    if (!svc || typeof svc !== "object") continue;
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const d of deps) {
      if (!(d in services)) errors.push(`${name}: depends_on "${d}", which is not a service`);
    }
    const cmd = typeof svc.command === "string" ? svc.command.split(/\s+/) : (svc.command ?? []);
    const script = cmd[0] === "bun" ? cmd[1] : undefined;
    const source = script?.replace(
      /^services\/([^/]+)\/dist\/main\.js$/,
      "services/$1/src/main.ts",
    );
    if (script && source && !existsSync(join(repoRoot, source))) {
      errors.push(
        source === script
          ? `${name}: command runs ${script}, which does not exist`
          : `${name}: command runs ${script}, bundled from ${source}, which does not exist`,
      );
    }
    const build = typeof svc.build === "string" ? { context: svc.build } : svc.build;
    if (build) {
      const dockerfile = join(repoRoot, build.context ?? ".", build.dockerfile ?? "Dockerfile");
      if (!existsSync(dockerfile))
        errors.push(`${name}: build needs ${dockerfile}, which does not exist`);
    }
  }
  return errors;
}
