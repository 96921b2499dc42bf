/** `teleop dashboard`: the live monitoring page (see dashboard/DashboardServer.ts). */

import { rmSync } from "node:fs";
import { type ConfigOf, commonSpecs, loadConfig, num, str } from "@teleop/shared/config";
import { touchHealthFile } from "@teleop/shared/health";
import { createLogger } from "@teleop/shared/log";
import { type CommandHelp, specOptions } from "../commandHelp";
import { connectCli, untilSignal } from "../connect";
import { DashboardServer } from "../dashboard/DashboardServer";

export const dashboardSpecs = {
  port: num({
    env: "DASHBOARD_PORT",
    default: 8080,
    min: 1,
    max: 65535,
    integer: true,
    help: "port of the monitoring dashboard",
  }),
  host: str({
    env: "DASHBOARD_HOST",
    default: "127.0.0.1",
    help: "address the dashboard listens on (0.0.0.0 to watch from another machine)",
  }),
};

// Identity and health-file options apply to services; the dashboard's help lists where NATS is.
const { instance: _instance, healthFile: _healthFile, ...natsSpecs } = commonSpecs;

export const dashboardHelp: CommandHelp = {
  summary:
    "live web page: service health, control mode, recording controls, cameras, events, plots, 3D view",
  usage: "dashboard [--dashboard-port 8080] [--dashboard-host 127.0.0.1]",
  options: specOptions({ ...dashboardSpecs, ...natsSpecs }),
  examples: [
    "teleop dashboard                                  # then open http://127.0.0.1:8080",
    "teleop dashboard --dashboard-host 0.0.0.0         # watch from another machine",
  ],
};

export async function dashboard(argv: string[]): Promise<number> {
  const specs = { ...commonSpecs, ...dashboardSpecs };
  const config: ConfigOf<typeof specs> = loadConfig(specs, { argv });
  const log = createLogger("dashboard", config.logLevel);
  // A file left by a previous life (a restarted container) must not pass the healthcheck.
  if (config.healthFile) rmSync(config.healthFile, { force: true });
  const bus = await connectCli(config);
  const server = await DashboardServer.start({ bus, port: config.port, host: config.host });
  await bus.flush();
  log.info("ready", { url: server.url, nats: config.natsUrl, prefix: config.prefix });
  // The container healthcheck: the page is served and NATS feeds it.
  const heartbeat = setInterval(() => {
    if (config.healthFile && bus.healthy()) touchHealthFile(config.healthFile);
  }, 1000);
  await untilSignal();
  clearInterval(heartbeat);
  await server.stop();
  await bus.close();
  log.info("stopped");
  return 0;
}
