/**
 * Typed configuration from environment variables, each with a matching
 * command-line flag (flag wins). A bad value stops start-up with a message
 * naming the variable and what it allows.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { REALTIME_PATTERN } from "./realtime";

export class ConfigError extends Error {}

export interface Spec<T> {
  env: string;
  flag: string;
  help: string;
  /** Human-readable allowed values, shown in errors and --help. */
  allowed: string;
  default: T;
  /** Flags that take several values (number lists) consume following numeric args. */
  multi?: boolean;
  /** Boolean flags may stand alone (`--performance`) or be negated (`--no-recording`). */
  boolean?: boolean;
  parse(raw: string): T;
}

type Common = { env: string; flag?: string; help: string };

const flagOf = (env: string) => `--${env.toLowerCase().replace(/_/g, "-")}`;

/** A spec from its declaration (variable, flag: by default the variable's, help, default), what it allows, and how it parses. */
function spec<T>(
  o: Common & { default: T },
  allowed: string,
  rest: Pick<Spec<T>, "parse" | "multi" | "boolean">,
): Spec<T> {
  return {
    env: o.env,
    flag: o.flag ?? flagOf(o.env),
    help: o.help,
    allowed,
    default: o.default,
    ...rest,
  };
}

export function num(
  o: Common & { default: number; min?: number; max?: number; integer?: boolean },
): Spec<number> {
  const lo = o.min ?? Number.NEGATIVE_INFINITY;
  const hi = o.max ?? Number.POSITIVE_INFINITY;
  const kind = o.integer ? "an integer" : "a number";
  const range =
    o.min !== undefined && o.max !== undefined
      ? ` from ${o.min} to ${o.max}`
      : o.min !== undefined
        ? ` >= ${o.min}`
        : o.max !== undefined
          ? ` <= ${o.max}`
          : "";
  const allowed = `${kind}${range}`;
  return spec(o, allowed, {
    parse(raw) {
      const x = Number(raw.trim());
      if (raw.trim() === "" || !Number.isFinite(x) || x < lo || x > hi)
        throw new ConfigError(allowed);
      if (o.integer && !Number.isInteger(x)) throw new ConfigError(allowed);
      return x;
    },
  });
}

export function str(o: Common & { default: string; pattern?: RegExp }): Spec<string> {
  return spec(o, o.pattern ? `a string matching ${o.pattern}` : "a string", {
    parse(raw) {
      if (o.pattern && !o.pattern.test(raw))
        throw new ConfigError(`a string matching ${o.pattern}`);
      return raw;
    },
  });
}

export function oneOf<const V extends string>(
  o: Common & { default: V; values: readonly V[] },
): Spec<V> {
  const allowed = `one of ${o.values.join(", ")}`;
  return spec(o, allowed, {
    parse(raw) {
      const v = raw.trim() as V;
      if (!o.values.includes(v)) throw new ConfigError(allowed);
      return v;
    },
  });
}

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off", ""];

export function bool(o: Common & { default: boolean }): Spec<boolean> {
  return spec(o, "1/true/yes/on or 0/false/no/off", {
    boolean: true,
    parse(raw) {
      const v = raw.trim().toLowerCase();
      if (TRUE.includes(v)) return true;
      if (FALSE.includes(v)) return false;
      throw new ConfigError("1/true/yes/on or 0/false/no/off");
    },
  });
}

export function numList(
  o: Common & { default: number[]; length?: number; integer?: boolean },
): Spec<number[]> {
  const allowed = `${o.length ?? "a list of"} ${o.integer ? "integers" : "numbers"} separated by spaces or commas`;
  return spec(o, allowed, {
    multi: true,
    parse(raw) {
      const parts = raw.split(/[\s,]+/).filter((p) => p !== "");
      const xs = parts.map(Number);
      if (xs.some((x) => !Number.isFinite(x)) || (o.length !== undefined && xs.length !== o.length))
        throw new ConfigError(allowed);
      if (o.integer && xs.some((x) => !Number.isInteger(x))) throw new ConfigError(allowed);
      return xs;
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: a spec map holds specs of any value type
export type Specs = Record<string, Spec<any>>;
export type ConfigOf<S extends Specs> = { [K in keyof S]: S[K] extends Spec<infer T> ? T : never };

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** The options of every plug-in of a registry (VR sources, robot backends), merged with their types. */
export type PluginSpecs<E extends readonly { specs: Specs }[]> = Intersection<E[number]["specs"]>;

/** Every plug-in's options in one spec map: flags parse whichever plug-in is picked. */
export function pluginSpecs<const E extends readonly { specs: Specs }[]>(
  entries: E,
): PluginSpecs<E> {
  return Object.assign({}, ...entries.map((e) => e.specs));
}

/** `X_FILE` names a file holding X's value (Docker secrets); trailing newline dropped. */
function readSecretFile(name: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (err) {
    throw new ConfigError(`${name}_FILE="${path}" cannot be read: ${(err as Error).message}`);
  }
}

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Parse flags and environment against specs; throws ConfigError naming the variable. */
export function loadConfig<S extends Specs>(
  specs: S,
  opts: { argv?: readonly string[]; env?: Record<string, string | undefined> } = {},
): ConfigOf<S> {
  const argv = opts.argv ?? process.argv.slice(2);
  const env = opts.env ?? process.env;
  const byFlag = new Map<string, keyof S>();
  for (const [key, spec] of Object.entries(specs)) byFlag.set(spec.flag, key);

  const fromFlags = new Map<keyof S, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new ConfigError(`unexpected argument "${arg}" (see --help)`);
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    let key = byFlag.get(name);
    let negated = false;
    if (key === undefined && name.startsWith("--no-")) {
      key = byFlag.get(`--${name.slice(5)}`);
      negated = key !== undefined && specs[key]!.boolean === true;
      if (!negated) key = undefined;
    }
    if (key === undefined) throw new ConfigError(`unknown option ${name} (see --help)`);
    const spec = specs[key]!;
    if (negated) {
      fromFlags.set(key, "false");
    } else if (eq >= 0) {
      fromFlags.set(key, arg.slice(eq + 1));
    } else if (spec.boolean) {
      const next = argv[i + 1];
      if (next !== undefined && [...TRUE, ...FALSE].includes(next.toLowerCase()) && next !== "") {
        fromFlags.set(key, next);
        i++;
      } else fromFlags.set(key, "true");
    } else if (spec.multi) {
      const vals: string[] = [];
      while (i + 1 < argv.length && NUMERIC.test(argv[i + 1]!)) vals.push(argv[++i]!);
      fromFlags.set(key, vals.join(" "));
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(`${name} needs a value: ${spec.allowed}`);
      fromFlags.set(key, next);
      i++;
    }
  }

  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const flagRaw = fromFlags.get(key);
    const raw = flagRaw ?? env[spec.env] ?? readSecretFile(spec.env, env[`${spec.env}_FILE`]);
    if (raw === undefined || (flagRaw === undefined && raw === "" && !spec.boolean)) {
      out[key] = spec.default;
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (err) {
      const source = flagRaw !== undefined ? `${spec.flag} (${spec.env})` : spec.env;
      const allowed = err instanceof ConfigError ? err.message : spec.allowed;
      throw new ConfigError(`${source}="${raw}" is not valid: expected ${allowed}`);
    }
  }
  return out as ConfigOf<S>;
}

export function helpText(service: string, specs: Specs): string {
  const rows = Object.values(specs).map(
    (s) =>
      `  ${`${s.flag} / ${s.env}`.padEnd(44)} ${s.help} [${s.allowed}; default ${JSON.stringify(s.default)}]`,
  );
  return `${service} options (flag or environment variable):\n${rows.join("\n")}\n`;
}

/** For a service's main: --help prints the options; a bad value exits 2 with the reason. */
export function loadConfigOrExit<S extends Specs>(service: string, specs: S): ConfigOf<S> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(helpText(service, specs));
    process.exit(0);
  }
  try {
    return loadConfig(specs);
  } catch (err) {
    process.stderr.write(`${service}: configuration error: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

/** Options every service shares: where NATS is, the subject prefix, credentials, identity, log level. */
export const commonSpecs = {
  natsUrl: str({
    env: "NATS_URL",
    default: "nats://127.0.0.1:4222",
    help: "NATS server URL(s), comma-separated for a cluster",
  }),
  prefix: str({
    env: "TELEOP_PREFIX",
    flag: "--prefix",
    default: "teleop",
    pattern: /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
    help: "subject prefix, distinct per rig",
  }),
  natsUser: str({ env: "NATS_USER", default: "", help: "NATS user name" }),
  natsPassword: str({ env: "NATS_PASSWORD", default: "", help: "NATS password" }),
  natsToken: str({ env: "NATS_TOKEN", default: "", help: "NATS token" }),
  natsNkeySeedFile: str({
    env: "NATS_NKEY_SEED_FILE",
    default: "",
    help: "file holding this client's NATS nkey seed",
  }),
  natsTlsCa: str({
    env: "NATS_TLS_CA",
    default: "",
    help: "certificate file to verify the NATS server with (`teleop nats-cert` makes one); set: connect over TLS",
  }),
  realtime: str({
    env: "REALTIME",
    default: "off",
    pattern: REALTIME_PATTERN,
    help: "scheduling: off, fifo:N or rr:N (real-time priority 1-99, root or CAP_SYS_NICE), nice:N",
  }),
  healthFile: str({
    env: "HEALTH_FILE",
    default: "",
    help: "file touched at each health publish while the service can do its job (container healthchecks)",
  }),
  instance: str({
    env: "INSTANCE_ID",
    flag: "--instance",
    default: `${hostname()}-${process.pid}`,
    help: "this process's name in health and leases",
  }),
  logLevel: oneOf({
    env: "LOG_LEVEL",
    default: "info",
    values: ["debug", "info", "warn", "error"],
    help: "debug, info, warn or error",
  }),
};

/**
 * Which controller drives the arm and whose buttons start and save episodes:
 * one option read by the controller and the recorder.
 */
export const leftControllerSpec = bool({
  env: "LEFT_CONTROLLER",
  default: false,
  help: "follow the left controller instead of the right (its X/Y buttons start and save episodes)",
});
