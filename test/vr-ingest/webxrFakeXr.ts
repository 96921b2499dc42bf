/**
 * A stand-in Quest for the browser: installed with page.addInitScript, it
 * gives the page a `navigator.xr` that yields an immersive-vr session, a
 * local-floor reference space that can fire `reset`, and two xr-standard
 * controllers at 72 Hz laid out as a Quest 3's Touch Plus (REFERENCE
 * section 12: [0] trigger, [1] squeeze, [2] empty, [3] thumbstick, [4] A/X,
 * [5] B/Y, [6] thumbrest, no menu; axes [2], [3] the stick), each with one
 * haptic actuator whose pulses are recorded. The test moves buttons and
 * sticks, and marks a pose emulated, through `window.fakeXr`. Poses, chosen
 * so a test can check them by hand:
 *   right: x = 0.1 + 0.2 u, y = 1.2, z = -0.3 - 0.1 u, with u = (1 - cos(pi s)) / 2
 *          for s seconds since start (smooth, 0..1 and back every 2 s);
 *          orientation 90 degrees about +Y: (0, sin 45, 0, cos 45).
 *   left:  fixed at (-0.2, 1.0, -0.25), identity orientation.
 * Runs inside the page, so it must not use anything from outside itself.
 */

export interface FakePulse {
  hand: "right" | "left";
  intensity: number;
  ms: number;
  at: number;
}

export interface FakeXrControl {
  setButton(hand: "right" | "left", index: number, pressed: boolean, value: number): void;
  setAxis(hand: "right" | "left", index: number, value: number): void;
  setEmulated(hand: "right" | "left", emulated: boolean): void;
  reset(): void;
  frames(): number;
  pulses(): FakePulse[];
}

export function installFakeXr(): void {
  const HZ = 72;
  const started = performance.now();
  const resetListeners: Array<() => void> = [];
  const button = () => ({ pressed: false, touched: false, value: 0 });
  const pulses: FakePulse[] = [];
  const emulated = { right: false, left: false };
  // Touch Plus: seven buttons on either hand, no menu at [7].
  const pad = (hand: "right" | "left") => ({
    mapping: "xr-standard",
    buttons: Array.from({ length: 7 }, button),
    axes: [0, 0, 0, 0],
    hapticActuators: [
      {
        pulse: async (intensity: number, ms: number) => {
          pulses.push({ hand, intensity, ms, at: performance.now() });
          return true;
        },
      },
    ],
  });
  const sources = {
    right: { handedness: "right", gripSpace: { hand: "right" }, gamepad: pad("right") },
    left: { handedness: "left", gripSpace: { hand: "left" }, gamepad: pad("left") },
  };
  const s45 = Math.SQRT1_2;
  const poseOf = (hand: string) => {
    if (hand === "right") {
      const u = (1 - Math.cos((Math.PI * (performance.now() - started)) / 1000)) / 2;
      return {
        transform: {
          position: { x: 0.1 + 0.2 * u, y: 1.2, z: -0.3 - 0.1 * u, w: 1 },
          orientation: { x: 0, y: s45, z: 0, w: s45 },
        },
        emulatedPosition: emulated.right,
      };
    }
    return {
      transform: {
        position: { x: -0.2, y: 1.0, z: -0.25, w: 1 },
        orientation: { x: 0, y: 0, z: 0, w: 1 },
      },
      emulatedPosition: emulated.left,
    };
  };
  let frames = 0;
  let ended = false;
  const endListeners: Array<() => void> = [];
  const frame = { getPose: (space: { hand: string }) => poseOf(space.hand) };
  const referenceSpace = {
    addEventListener: (type: string, fn: () => void) => {
      if (type === "reset") resetListeners.push(fn);
    },
  };
  const session = {
    inputSources: [sources.right, sources.left],
    renderState: { baseLayer: null as unknown },
    updateRenderState(state: { baseLayer: unknown }) {
      this.renderState = { baseLayer: state.baseLayer };
    },
    requestReferenceSpace: async (type: string) => {
      if (type !== "local-floor") throw new Error(`unsupported reference space ${type}`);
      return referenceSpace;
    },
    requestAnimationFrame(cb: (time: number, f: typeof frame) => void) {
      return setTimeout(() => {
        if (ended) return;
        frames++;
        cb(performance.now(), frame);
      }, 1000 / HZ) as unknown as number;
    },
    addEventListener(type: string, fn: () => void) {
      if (type === "end") endListeners.push(fn);
    },
    async end() {
      ended = true;
      for (const fn of endListeners) fn();
    },
  };
  const xr = {
    isSessionSupported: async (mode: string) => mode === "immersive-vr",
    requestSession: async (mode: string, init: { requiredFeatures?: string[] }) => {
      if (mode !== "immersive-vr") throw new Error(`unsupported mode ${mode}`);
      if (!init.requiredFeatures?.includes("local-floor")) throw new Error("local-floor required");
      return session;
    },
  };
  Object.defineProperty(navigator, "xr", { value: xr, configurable: true });
  Object.defineProperty(window, "XRWebGLLayer", {
    configurable: true,
    value: class {
      framebuffer = null;
    },
  });
  const control = {
    setButton(hand: "right" | "left", index: number, pressed: boolean, value: number) {
      sources[hand].gamepad.buttons[index] = { pressed, touched: pressed, value };
    },
    setAxis(hand: "right" | "left", index: number, value: number) {
      sources[hand].gamepad.axes[index] = value;
    },
    setEmulated(hand: "right" | "left", value: boolean) {
      emulated[hand] = value;
    },
    pulses: () => [...pulses],
    reset() {
      for (const fn of resetListeners) fn();
    },
    frames: () => frames,
  };
  Object.defineProperty(window, "fakeXr", { value: control });
}
