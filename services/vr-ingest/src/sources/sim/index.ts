/** Registry entry of the scripted operator (the default source). */
import { bool, num, str } from "@teleop/shared/config";
import { SIM_VR_HZ } from "@teleop/shared/control";
import type { SourceEntry } from "../../VrSource";

const specs = {
  simHz: num({
    env: "SIM_HZ",
    default: SIM_VR_HZ,
    min: 1,
    max: 1000,
    help: "scripted operator rate, Hz",
  }),
  simSeed: num({
    env: "SIM_SEED",
    default: 1,
    integer: true,
    min: 0,
    help: "seed of the operator's tremor",
  }),
  scenario: str({
    env: "SCENARIO",
    default: "pick-place",
    help: "scenario name (services/vr-ingest/scenarios/<name>.json) or path to a JSON file",
  }),
  scenarioLoop: bool({
    env: "SCENARIO_LOOP",
    default: false,
    help: "repeat the scenario instead of holding still at its end",
  }),
  simTremorMm: num({
    env: "SIM_TREMOR_MM",
    default: 0.5,
    min: 0,
    max: 10,
    help: "peak hand tremor per axis, mm",
  }),
};

export const simSource: SourceEntry<typeof specs> = {
  name: "sim",
  specs,
  async create(config, ctx) {
    const [{ loadScenario }, { Operator }, { SimSource }, { compileScenario }] = await Promise.all([
      import("./loadScenario"),
      import("./Operator"),
      import("./SimSource"),
      import("./scenario"),
    ]);
    const scenario = compileScenario(loadScenario(config.scenario), config.scenarioLoop);
    const operator = new Operator(scenario, {
      seed: config.simSeed,
      tremorM: config.simTremorMm / 1000,
      loop: config.scenarioLoop,
    });
    return new SimSource(operator, config.simHz, config.simSeed, ctx.log, (loop) =>
      ctx.addLoop?.("sim", loop),
    );
  },
};
