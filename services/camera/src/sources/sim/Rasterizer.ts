/**
 * A small software rasterizer for the simulated cameras: flat-shaded boxes
 * seen through a pinhole camera, with a z-buffer. Works in the camera's
 * optical frame (+x right, +y down, +z forward); triangles are clipped at
 * the near plane, 1/z is interpolated across the screen (it is affine there)
 * and gives both visibility and the depth image in millimetres.
 */
import type { Mat4 } from "@teleop/shared/math";

export interface Box {
  /** Box centre and axes in the world (column-major 4x4). */
  pose: Mat4;
  size: readonly [number, number, number];
  rgb: readonly [number, number, number];
}

export interface Intrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

const NEAR_M = 0.02;
const AMBIENT = 0.35;
/** Direction the light travels, world frame: from above, a little from the front and side. */
const LIGHT: readonly [number, number, number] = (() => {
  const l = [-0.3, 0.25, -1];
  const n = Math.hypot(l[0]!, l[1]!, l[2]!);
  return [l[0]! / n, l[1]! / n, l[2]! / n] as const;
})();

// Box faces: outward normal (local) and its four corners (bit i of a corner index = sign of axis i).
const FACES: Array<{ n: [number, number, number]; c: [number, number, number, number] }> = [
  { n: [1, 0, 0], c: [1, 3, 7, 5] },
  { n: [-1, 0, 0], c: [0, 4, 6, 2] },
  { n: [0, 1, 0], c: [2, 6, 7, 3] },
  { n: [0, -1, 0], c: [0, 1, 5, 4] },
  { n: [0, 0, 1], c: [4, 5, 7, 6] },
  { n: [0, 0, -1], c: [0, 2, 3, 1] },
];

type V3 = [number, number, number];

export class Rasterizer {
  readonly rgb: Uint8Array;
  /** 1/z per pixel (0 = nothing drawn). */
  private readonly invZ: Float32Array;
  private readonly background: Uint8Array;
  private readonly depthOut: Uint16Array;
  // Scratch for one box: corners in camera coordinates.
  private readonly corners = new Float64Array(24);

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly k: Intrinsics,
  ) {
    this.rgb = new Uint8Array(width * height * 3);
    this.invZ = new Float32Array(width * height);
    this.depthOut = new Uint16Array(width * height);
    this.background = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      const s = y / height;
      const r = Math.round(200 - 60 * s);
      const g = Math.round(210 - 60 * s);
      const b = Math.round(225 - 50 * s);
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        this.background[i] = r;
        this.background[i + 1] = g;
        this.background[i + 2] = b;
      }
    }
  }

  /** Draw `boxes` seen from a camera whose world-to-camera transform is `view`. */
  render(view: Mat4, boxes: readonly Box[]): void {
    this.rgb.set(this.background);
    this.invZ.fill(0);
    // The light in camera coordinates: rotate by the view's 3x3.
    const light: V3 = [
      view[0]! * LIGHT[0] + view[4]! * LIGHT[1] + view[8]! * LIGHT[2],
      view[1]! * LIGHT[0] + view[5]! * LIGHT[1] + view[9]! * LIGHT[2],
      view[2]! * LIGHT[0] + view[6]! * LIGHT[1] + view[10]! * LIGHT[2],
    ];
    for (const box of boxes) this.drawBox(view, box, light);
  }

  /** Depth in millimetres, little-endian uint16 (0 where nothing was drawn), as bytes. */
  depthMm(): Uint8Array {
    const iz = this.invZ;
    const d = this.depthOut;
    const n = iz.length | 0;
    // 1/z below this is beyond 65.535 m: clamp to the largest value.
    const far = 1000 / 65535;
    for (let i = 0; i < n; i++) {
      const v = iz[i]!;
      d[i] = v > far ? (1000 / v + 0.5) | 0 : v > 0 ? 65535 : 0;
    }
    // A copy: the frame stays in flight while the next one is drawn.
    return new Uint8Array(d.buffer.slice(0));
  }

  private drawBox(view: Mat4, box: Box, light: V3): void {
    // m = view * pose, only what is needed: the box's axes and centre in camera coordinates.
    const p = box.pose;
    const m = new Float64Array(12);
    for (let col = 0; col < 4; col++) {
      for (let row = 0; row < 3; row++) {
        m[col * 3 + row] =
          view[row]! * p[col * 4]! +
          view[4 + row]! * p[col * 4 + 1]! +
          view[8 + row]! * p[col * 4 + 2]! +
          view[12 + row]! * p[col * 4 + 3]!;
      }
    }
    const hx = box.size[0] / 2;
    const hy = box.size[1] / 2;
    const hz = box.size[2] / 2;
    const c = this.corners;
    for (let i = 0; i < 8; i++) {
      const lx = i & 1 ? hx : -hx;
      const ly = i & 2 ? hy : -hy;
      const lz = i & 4 ? hz : -hz;
      for (let r = 0; r < 3; r++) {
        c[i * 3 + r] = m[r]! * lx + m[3 + r]! * ly + m[6 + r]! * lz + m[9 + r]!;
      }
    }
    for (const f of FACES) {
      const nx = m[0]! * f.n[0] + m[3]! * f.n[1] + m[6]! * f.n[2];
      const ny = m[1]! * f.n[0] + m[4]! * f.n[1] + m[7]! * f.n[2];
      const nz = m[2]! * f.n[0] + m[5]! * f.n[1] + m[8]! * f.n[2];
      const a = f.c[0] * 3;
      // Facing away from the camera (at the origin): not visible on a closed box.
      if (nx * c[a]! + ny * c[a + 1]! + nz * c[a + 2]! >= 0) continue;
      const lit =
        AMBIENT + (1 - AMBIENT) * Math.max(0, -(nx * light[0] + ny * light[1] + nz * light[2]));
      const rgb: V3 = [box.rgb[0] * lit, box.rgb[1] * lit, box.rgb[2] * lit];
      const q = f.c.map((k) => [c[k * 3]!, c[k * 3 + 1]!, c[k * 3 + 2]!] as V3);
      this.drawClipped([q[0]!, q[1]!, q[2]!], rgb);
      this.drawClipped([q[0]!, q[2]!, q[3]!], rgb);
    }
  }

  /** Clip a camera-space triangle at the near plane and draw what is left. */
  private drawClipped(tri: V3[], rgb: V3): void {
    const poly: V3[] = [];
    for (let i = 0; i < 3; i++) {
      const a = tri[i]!;
      const b = tri[(i + 1) % 3]!;
      const ain = a[2] >= NEAR_M;
      const bin = b[2] >= NEAR_M;
      if (ain) poly.push(a);
      if (ain !== bin) {
        const s = (NEAR_M - a[2]) / (b[2] - a[2]);
        poly.push([a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1]), NEAR_M]);
      }
    }
    for (let i = 1; i + 1 < poly.length; i++) this.fill(poly[0]!, poly[i]!, poly[i + 1]!, rgb);
  }

  private fill(a: V3, b: V3, c: V3, rgb: V3): void {
    const { fx, fy, cx, cy } = this.k;
    const ax = (fx * a[0]) / a[2] + cx;
    const ay = (fy * a[1]) / a[2] + cy;
    let bx = (fx * b[0]) / b[2] + cx;
    let by = (fy * b[1]) / b[2] + cy;
    let cxs = (fx * c[0]) / c[2] + cx;
    let cys = (fy * c[1]) / c[2] + cy;
    const az = 1 / a[2];
    let bz = 1 / b[2];
    let cz = 1 / c[2];
    let area = (bx - ax) * (cys - ay) - (by - ay) * (cxs - ax);
    if (Math.abs(area) < 1e-9) return;
    if (area < 0) {
      // Plain swaps: destructuring ones keep JavaScriptCore from optimising the pixel loop (3x slower).
      let tmp = bx;
      bx = cxs;
      cxs = tmp;
      tmp = by;
      by = cys;
      cys = tmp;
      tmp = bz;
      bz = cz;
      cz = tmp;
      area = -area;
    }
    // 1/z as a plane over the screen: iz = iz0 + gx * x + gy * y.
    const gx = ((bz - az) * (cys - ay) - (cz - az) * (by - ay)) / area;
    const gy = ((cz - az) * (bx - ax) - (bz - az) * (cxs - ax)) / area;
    const iz0 = az - gx * ax - gy * ay;
    const w = this.width;
    const y0 = Math.max(0, Math.ceil(Math.min(ay, by, cys) - 0.5)) | 0;
    const y1 = Math.min(this.height - 1, Math.floor(Math.max(ay, by, cys) - 0.5)) | 0;
    // Edges a->b, b->c, c->a; inside when (x - px) * dy - (y - py) * dx >= 0 for each.
    const ex = [ax, bx, cxs];
    const ey = [ay, by, cys];
    const r = Math.round(rgb[0]);
    const g = Math.round(rgb[1]);
    const bl = Math.round(rgb[2]);
    const zb = this.invZ;
    const out = this.rgb;
    for (let py = y0; py <= y1; py++) {
      const y = py + 0.5;
      let lo = 0;
      let hi = w;
      let empty = false;
      for (let e = 0; e < 3; e++) {
        const px = ex[e]!;
        const pyy = ey[e]!;
        const dx = ex[(e + 1) % 3]! - px;
        const dy = ey[(e + 1) % 3]! - pyy;
        // Inside: (x - px) * dy - (y - pyy) * dx <= 0 for this winding (area > 0 with y down).
        const A = dy;
        const B = -(y - pyy) * dx - px * dy;
        if (A > 0) hi = Math.min(hi, -B / A);
        else if (A < 0) lo = Math.max(lo, -B / A);
        else if (B > 0) empty = true;
      }
      if (empty) continue;
      // Integer indices keep the typed-array accesses on the fast path.
      const x0 = Math.max(0, Math.ceil(lo - 0.5)) | 0;
      const x1 = Math.min(w - 1, Math.floor(hi - 0.5)) | 0;
      if (x1 < x0) continue;
      let iz = iz0 + gx * (x0 + 0.5) + gy * y;
      let idx = (py * w + x0) | 0;
      for (let px = x0; px <= x1; px++, idx++, iz += gx) {
        if (iz > zb[idx]!) {
          zb[idx] = iz;
          const o = idx * 3;
          out[o] = r;
          out[o + 1] = g;
          out[o + 2] = bl;
        }
      }
    }
  }
}
