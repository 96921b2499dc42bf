/**
 * An FR3-with-hand URDF generated from the shared modified-DH table
 * (REFERENCE section 6): kinematics and limits are exact, the geometry is
 * simple shapes (spheres at the joints, cylinders between them) because the
 * Franka meshes are not shipped. Link and joint names follow franka_description.
 */

import type { DhRow } from "@teleop/shared/fr3";
import {
  FR3_DH,
  FR3_FINGER_JOINT_NAMES,
  FR3_FLANGE,
  FR3_GRIPPER_MAX_WIDTH_M,
  FR3_HAND_TCP_D,
  FR3_HAND_TCP_YAW,
  FR3_JOINT_MAX,
  FR3_JOINT_MIN,
  FR3_JOINT_NAMES,
  FR3_TORQUE_LIMIT,
  FR3_VELOCITY_LIMIT,
} from "@teleop/shared/fr3";
import type { Vec3 } from "@teleop/shared/math";
import {
  BASE_FRAME,
  FINGER_FRAMES,
  FINGER_OFFSET_Z,
  FLANGE_FRAME,
  HAND_FRAME,
  LINK_FRAMES,
  TCP_FRAME,
} from "./frames";

export const ROBOT_NAME = "fr3";
const JOINT_RADIUS = 0.06;
const FINGER_VELOCITY = 0.2;
const FINGER_EFFORT = 20;

const f = (x: number) => {
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? "0" : String(r);
};
const xyz = (v: readonly number[]) => v.map(f).join(" ");

/** A modified-DH row as a URDF joint origin: Rx(alpha) Tx(a) Tz(d), the joint turning about z. */
export function dhOrigin(row: DhRow): { xyz: Vec3; rpy: Vec3 } {
  return {
    xyz: [row.a, -row.d * Math.sin(row.alpha), row.d * Math.cos(row.alpha)],
    rpy: [row.alpha, 0, 0],
  };
}

/** A cylinder from the link origin to `to`, as a URDF visual. */
function segment(to: Vec3): string {
  const len = Math.hypot(to[0], to[1], to[2]);
  if (len < 1e-6) return "";
  const pitch = Math.atan2(Math.hypot(to[0], to[1]), to[2]);
  const yaw = Math.atan2(to[1], to[0]);
  const mid: Vec3 = [to[0] / 2, to[1] / 2, to[2] / 2];
  return `<visual><origin xyz="${xyz(mid)}" rpy="0 ${f(pitch)} ${f(yaw)}"/><geometry><cylinder radius="${f(JOINT_RADIUS * 0.8)}" length="${f(len)}"/></geometry><material name="white"/></visual>`;
}

function link(name: string, next?: Vec3): string {
  const sphere = `<visual><geometry><sphere radius="${JOINT_RADIUS}"/></geometry><material name="white"/></visual>`;
  return `  <link name="${name}">${sphere}${next ? segment(next) : ""}</link>`;
}

function fixedJoint(name: string, parent: string, child: string, at: Vec3, rpy: Vec3): string {
  return `  <joint name="${name}" type="fixed"><parent link="${parent}"/><child link="${child}"/><origin xyz="${xyz(at)}" rpy="${xyz(rpy)}"/></joint>`;
}

export function fr3Urdf(): string {
  const lines: string[] = [
    '<?xml version="1.0"?>',
    `<robot name="${ROBOT_NAME}">`,
    '  <material name="white"><color rgba="0.9 0.9 0.9 1"/></material>',
    '  <material name="grey"><color rgba="0.3 0.3 0.3 1"/></material>',
    `  <link name="${BASE_FRAME}"/>`,
    fixedJoint("base_joint", BASE_FRAME, LINK_FRAMES[0]!, [0, 0, 0], [0, 0, 0]),
  ];
  const rows = [...FR3_DH, FR3_FLANGE];
  for (let i = 0; i <= 7; i++) {
    lines.push(link(LINK_FRAMES[i]!, dhOrigin(rows[i]!).xyz));
  }
  for (let i = 0; i < 7; i++) {
    const o = dhOrigin(FR3_DH[i]!);
    lines.push(
      `  <joint name="${FR3_JOINT_NAMES[i]}" type="revolute"><parent link="${LINK_FRAMES[i]}"/><child link="${LINK_FRAMES[i + 1]}"/><origin xyz="${xyz(o.xyz)}" rpy="${xyz(o.rpy)}"/><axis xyz="0 0 1"/><limit lower="${f(FR3_JOINT_MIN[i]!)}" upper="${f(FR3_JOINT_MAX[i]!)}" effort="${FR3_TORQUE_LIMIT[i]}" velocity="${FR3_VELOCITY_LIMIT[i]}"/></joint>`,
    );
  }
  lines.push(
    `  <link name="${FLANGE_FRAME}"/>`,
    fixedJoint("fr3_joint8", LINK_FRAMES[7]!, FLANGE_FRAME, dhOrigin(FR3_FLANGE).xyz, [0, 0, 0]),
    `  <link name="${HAND_FRAME}"><visual><origin xyz="0 0 0.03"/><geometry><box size="0.05 0.2 0.06"/></geometry><material name="grey"/></visual></link>`,
    fixedJoint("fr3_hand_joint", FLANGE_FRAME, HAND_FRAME, [0, 0, 0], [0, 0, FR3_HAND_TCP_YAW]),
    `  <link name="${TCP_FRAME}"/>`,
    fixedJoint("fr3_hand_tcp_joint", HAND_FRAME, TCP_FRAME, [0, 0, FR3_HAND_TCP_D], [0, 0, 0]),
  );
  const half = FR3_GRIPPER_MAX_WIDTH_M / 2;
  FINGER_FRAMES.forEach((finger, i) => {
    const mimic = i === 1 ? `<mimic joint="${FR3_FINGER_JOINT_NAMES[0]}"/>` : "";
    lines.push(
      `  <link name="${finger}"><visual><origin xyz="0 0.01 0.025"/><geometry><box size="0.02 0.02 0.05"/></geometry><material name="grey"/></visual></link>`,
      `  <joint name="${FR3_FINGER_JOINT_NAMES[i]}" type="prismatic"><parent link="${HAND_FRAME}"/><child link="${finger}"/><origin xyz="0 0 ${FINGER_OFFSET_Z}" rpy="0 0 ${i === 1 ? f(Math.PI) : "0"}"/><axis xyz="0 1 0"/><limit lower="0" upper="${f(half)}" effort="${FINGER_EFFORT}" velocity="${FINGER_VELOCITY}"/>${mimic}</joint>`,
    );
  });
  lines.push("</robot>", "");
  return lines.join("\n");
}
