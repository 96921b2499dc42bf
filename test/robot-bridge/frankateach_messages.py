"""frankateach.messages as the lab's robot server defines them (REFERENCE section 5).

The test copies this file to <tmp>/frankateach/messages.py so that pickles
name the real module path `frankateach.messages`.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class FrankaAction:
    pos: np.ndarray
    quat: np.ndarray
    gripper: float
    reset: bool
    timestamp: float


@dataclass
class FrankaState:
    pos: np.ndarray
    quat: np.ndarray
    gripper: object
    timestamp: float
    joint_positions: object
    start_teleop: bool = False
