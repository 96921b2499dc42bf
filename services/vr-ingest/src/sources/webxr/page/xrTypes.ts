/**
 * The slice of the WebXR API the page uses (TypeScript's DOM library has no
 * WebXR types). Names follow the specification.
 */
export interface XRVector {
  x: number;
  y: number;
  z: number;
  w: number;
}

export interface XRPoseLike {
  transform: { position: XRVector; orientation: XRVector };
  /** True when the position is estimated (tracking lost, 3DoF). */
  emulatedPosition: boolean;
}

export interface GamepadLike {
  mapping: string;
  buttons: ReadonlyArray<{ pressed: boolean; value: number }>;
  /** iwer leaves unused axes null. */
  axes: ReadonlyArray<number | null>;
  /** WebXR Gamepads Module: Quest controllers have one. */
  hapticActuators?: ReadonlyArray<{ pulse(intensity: number, ms: number): Promise<unknown> }>;
  /** Chromium's Gamepad extension. */
  vibrationActuator?: {
    playEffect(
      type: string,
      params: { duration: number; strongMagnitude: number; weakMagnitude: number },
    ): Promise<unknown>;
  } | null;
}

export interface XRSpaceLike {
  addEventListener?(type: string, listener: () => void): void;
}

export interface XRInputSourceLike {
  handedness: "left" | "right" | "none";
  gripSpace?: XRSpaceLike | null;
  gamepad?: GamepadLike | null;
  /** Set for tracked hands, which replace controllers when they are put down. */
  hand?: unknown;
}

export interface XRFrameLike {
  getPose(space: XRSpaceLike, base: XRSpaceLike): XRPoseLike | null | undefined;
}

export interface XRReferenceSpaceLike extends XRSpaceLike {
  addEventListener(type: "reset", listener: () => void): void;
}

export interface XRSessionLike {
  inputSources: Iterable<XRInputSourceLike>;
  renderState: { baseLayer?: { framebuffer: WebGLFramebuffer | null } | null };
  updateRenderState(state: { baseLayer: unknown }): void;
  requestReferenceSpace(type: "local-floor"): Promise<XRReferenceSpaceLike>;
  requestAnimationFrame(cb: (time: number, frame: XRFrameLike) => void): number;
  addEventListener(type: "end", listener: () => void): void;
  end(): Promise<void>;
}

export interface XRSystemLike {
  isSessionSupported(mode: "immersive-vr"): Promise<boolean>;
  requestSession(
    mode: "immersive-vr",
    init: { requiredFeatures: string[] },
  ): Promise<XRSessionLike>;
}

export type XRWebGLLayerCtor = new (
  session: XRSessionLike,
  gl: WebGLRenderingContext,
) => {
  framebuffer: WebGLFramebuffer | null;
};

/** navigator.xr and XRWebGLLayer when this browser has WebXR (secure contexts only). */
export function webxr(): { xr: XRSystemLike; Layer: XRWebGLLayerCtor } | undefined {
  const xr = (navigator as Navigator & { xr?: XRSystemLike }).xr;
  const Layer = (globalThis as { XRWebGLLayer?: XRWebGLLayerCtor }).XRWebGLLayer;
  return xr && Layer ? { xr, Layer } : undefined;
}
