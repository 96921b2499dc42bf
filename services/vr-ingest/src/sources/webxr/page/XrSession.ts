/**
 * Runs the immersive-vr session: each XR frame reads both controllers' grip
 * poses in local-floor and their gamepads, and hands one frame to `onFrame`.
 * The headset shows only a colour (set by the page from the system state):
 * a session needs a WebGL layer to get frames at all.
 */
import type { WebXrFrame } from "../wire";
import { ResetLatch } from "./ResetLatch";
import { controllerFromXr } from "./xrInput";
import type { XRSessionLike, XRSystemLike, XRWebGLLayerCtor } from "./xrTypes";

export interface XrCallbacks {
  onFrame(frame: WebXrFrame): void;
  onEnd(): void;
  /** Called after a reference-space reset; `holding` says grip is held back. */
  onLatch(holding: boolean): void;
  /** RGB 0..1 to clear the headset's view with. */
  color(): [number, number, number];
}

export async function startXrSession(
  xr: XRSystemLike,
  Layer: XRWebGLLayerCtor,
  cb: XrCallbacks,
): Promise<XRSessionLike> {
  const session = await xr.requestSession("immersive-vr", { requiredFeatures: ["local-floor"] });
  const gl = document.createElement("canvas").getContext("webgl", {
    xrCompatible: true,
  } as WebGLContextAttributes) as WebGLRenderingContext | null;
  if (!gl) {
    await session.end();
    throw new Error("WebGL is not available, so the XR session cannot render");
  }
  session.updateRenderState({ baseLayer: new Layer(session, gl) });
  const ref = await session.requestReferenceSpace("local-floor");
  const latch = new ResetLatch();
  ref.addEventListener("reset", () => latch.trigger());
  let wasHolding = false;

  session.requestAnimationFrame(function onXrFrame(_time, frame) {
    session.requestAnimationFrame(onXrFrame);
    gl.bindFramebuffer(gl.FRAMEBUFFER, session.renderState.baseLayer?.framebuffer ?? null);
    gl.clearColor(...cb.color(), 1);
    gl.clear(gl.COLOR_BUFFER_BIT);

    const out: WebXrFrame = { t: performance.timeOrigin + performance.now() };
    for (const source of session.inputSources) {
      if (source.handedness === "none" || source.hand || !source.gripSpace) continue;
      const pose = frame.getPose(source.gripSpace, ref) ?? undefined;
      out[source.handedness] = controllerFromXr(pose, source.gamepad ?? undefined);
    }
    cb.onFrame(latch.apply(out));
    if (latch.holding !== wasHolding) {
      wasHolding = latch.holding;
      cb.onLatch(wasHolding);
    }
  });
  session.addEventListener("end", () => cb.onEnd());
  return session;
}
