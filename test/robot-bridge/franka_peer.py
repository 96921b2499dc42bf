"""A stand-in for the frankateach robot server: a pyzmq REP socket that
unpickles each request with the standard pickle module, checks it the way
the server relies on it, and answers with pickle.dumps(FrankaState, -1).

Prints {"port": N} first, then one JSON line per request: what it got, or
{"ok": false, "error": ...} when the request was not a valid FrankaAction.
As the real server does, the state's gripper is the int 0 until an action
sets it (then a numpy float64 -1.0 / +1.0). With NO_STATE_FOR=N the arm has
no state for the first N get_state requests: they are answered b"state_error"
and an action meanwhile ends the process, as an exception ends the server.
Sentinel in the action's pos[0]: 9.0 -> answer only after LOSE_REPLY_S (the
client sees a lost reply).
"""

import json
import os
import pickle
import sys
import time

import numpy as np
import zmq
from frankateach.messages import FrankaAction, FrankaState

HOME = [0.4577, 0.0320, 0.2656]
RESET_JOINTS = [0.0916, -0.1983, -0.0199, -2.4732, -0.0131, 2.3040, 0.8481]
LOSE_REPLY_S = 1.0


def report(**fields):
    print(json.dumps(fields), flush=True)


def check_action(a):
    assert type(a) is FrankaAction, f"unpickled a {type(a)}, not FrankaAction"
    for name, n in (("pos", 3), ("quat", 4)):
        v = getattr(a, name)
        assert isinstance(v, np.ndarray), f"{name} is {type(v)}, not ndarray"
        assert v.dtype == np.float32, f"{name} dtype is {v.dtype}, not float32"
        assert v.shape == (n,), f"{name} shape is {v.shape}"
    assert type(a.gripper) is float and a.gripper in (-1.0, 1.0), f"gripper {a.gripper!r}"
    assert type(a.reset) is bool, f"reset is {type(a.reset)}"
    assert type(a.timestamp) is float and abs(time.time() - a.timestamp) < 60, "timestamp"


def main():
    sock = zmq.Context().socket(zmq.REP)
    sock.setsockopt(zmq.LINGER, 0)
    port = sock.bind_to_random_port("tcp://127.0.0.1")
    report(port=port)
    pos = np.array(HOME, dtype=np.float32)
    quat = np.array([1, 0, 0, 0], dtype=np.float32)
    # Nothing commanded yet: the server's own initial value.
    gripper = 0
    joints = np.array(RESET_JOINTS, dtype=np.float32)
    no_state_for = int(os.environ.get("NO_STATE_FOR", "0"))
    while True:
        raw = sock.recv()
        if raw == b"get_state":
            if no_state_for > 0:
                no_state_for -= 1
                report(ok=True, kind="get_state", state_error=True)
                sock.send(b"state_error")
                continue
            report(ok=True, kind="get_state")
            # No joint positions, as some servers send.
            state = FrankaState(pos, quat, gripper, time.time(), None, False)
            sock.send(pickle.dumps(state, protocol=-1))
            continue
        if no_state_for > 0:
            report(ok=False, error="an action before the arm has a state: the server process ends")
            return 1
        try:
            a = pickle.loads(raw)
            check_action(a)
        except Exception as e:  # noqa: BLE001 - any failure is reported to the test
            report(ok=False, error=repr(e))
            sock.send(b"state_error")
            continue
        report(ok=True, kind="reset" if a.reset else "action", pos=a.pos.tolist(),
               quat=a.quat.tolist(), gripper=a.gripper)
        if a.reset:
            pos = np.array(HOME, dtype=np.float32)
            gripper = np.float64(-1.0)
            joints = np.array(RESET_JOINTS, dtype=np.float32)
            state = FrankaState(pos, quat, gripper, time.time(), joints, False)
        else:
            if a.pos[0] == 9.0:
                time.sleep(LOSE_REPLY_S)
            pos, quat, gripper = a.pos, a.quat, np.float64(a.gripper)
            joints = joints + np.float32(0.001)
            # The gripper as a 1-element array, as the seed's simulated server sends it.
            state = FrankaState(pos, quat, np.array([gripper]), time.time(), joints, True)
        sock.send(pickle.dumps(state, protocol=-1))


if __name__ == "__main__":
    sys.exit(main())
