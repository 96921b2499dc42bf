"""Loads a LeRobot v3.0 dataset the way LeRobot's reader does and checks it.

LeRobot itself needs torch, so this follows its read path with the same
libraries underneath: Hugging Face `datasets` reading the data parquet with
the features declared in meta/info.json, pandas for meta/tasks.parquet,
`datasets` again for meta/episodes, and PyAV decoding every video frame at
`from_timestamp + timestamp` with LeRobot's default 1e-4 s tolerance.

Usage: python lerobot_check.py DATASET_DIR   (prints one JSON summary line;
exit status 1 with the reason on stderr when the dataset would not load.)
"""

import json
import sys
from pathlib import Path

import av
import datasets
import numpy as np
import pandas as pd

TOLERANCE_S = 1e-4
STAT_KEYS = ("min", "max", "mean", "std", "count")


class DatasetError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise DatasetError(message)


def hf_features(features):
    """LeRobot's get_hf_features_from_features for the dtypes an export writes."""
    out = {}
    for key, ft in features.items():
        shape = tuple(ft["shape"])
        if ft["dtype"] == "video":
            continue
        if shape == (1,):
            out[key] = datasets.Value(dtype=ft["dtype"])
        elif len(shape) == 1:
            out[key] = datasets.Sequence(length=shape[0], feature=datasets.Value(dtype=ft["dtype"]))
        else:
            raise DatasetError(f"feature {key}: shape {shape} is not one an export writes")
    return datasets.Features(out)


def load_nested(directory, features=None):
    paths = sorted(str(p) for p in directory.glob("*/*.parquet"))
    require(paths, f"no parquet files under {directory}")
    return datasets.Dataset.from_parquet(paths, features=features)


def video_times(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [float(frame.pts * stream.time_base) for frame in container.decode(stream) if frame.pts is not None]


def check_stats(stats, features):
    for key, ft in features.items():
        require(key in stats, f"stats.json has no entry for {key}")
        for stat in STAT_KEYS:
            require(stat in stats[key], f"stats.json {key} has no {stat}")
            value = np.atleast_1d(np.array(stats[key][stat], dtype=np.float64))
            require(np.all(np.isfinite(value)), f"stats.json {key}.{stat} is not finite")
        if ft["dtype"] != "video":
            require(
                np.array(stats[key]["mean"]).shape == tuple(ft["shape"]),
                f"stats.json {key}.mean has shape {np.array(stats[key]['mean']).shape}, feature says {ft['shape']}",
            )


def check_episode(root, info, data, episode, video_keys, fps):
    index = episode["episode_index"]
    start, end = episode["dataset_from_index"], episode["dataset_to_index"]
    require(end - start == episode["length"], f"episode {index}: length {episode['length']} but rows {start}..{end}")
    rows = data.select(range(start, end))
    require(all(e == index for e in rows["episode_index"]), f"episode {index}: rows of another episode in its range")
    frame_index = np.array(rows["frame_index"])
    require(np.array_equal(frame_index, np.arange(end - start)), f"episode {index}: frame_index is not 0..n-1")
    timestamps = np.array(rows["timestamp"], dtype=np.float64)
    off_grid = np.abs(timestamps - frame_index / fps)
    require(off_grid.max() <= TOLERANCE_S, f"episode {index}: timestamp off the 1/fps grid by {off_grid.max():.6f} s")
    for key in video_keys:
        relative = info["video_path"].format(
            video_key=key,
            chunk_index=episode[f"videos/{key}/chunk_index"],
            file_index=episode[f"videos/{key}/file_index"],
        )
        loaded = np.array(video_times(root / relative))
        require(loaded.size > 0, f"{relative}: no frames decode")
        queries = episode[f"videos/{key}/from_timestamp"] + timestamps
        nearest = np.abs(queries[:, None] - loaded[None, :]).min(axis=1)
        require(
            nearest.max() <= TOLERANCE_S,
            f"episode {index} {key}: a query timestamp is {nearest.max():.6f} s from the nearest frame (LeRobot allows {TOLERANCE_S})",
        )


def check(root):
    info = json.loads((root / "meta/info.json").read_text())
    require(info.get("codebase_version") == "v3.0", f"codebase_version {info.get('codebase_version')!r}, not v3.0")
    features = info["features"]
    fps = info["fps"]
    video_keys = [k for k, ft in features.items() if ft["dtype"] == "video"]

    data = load_nested(root / "data", hf_features(features))
    require(len(data) == info["total_frames"], f"{len(data)} rows, info.json says {info['total_frames']}")

    tasks = pd.read_parquet(root / "meta/tasks.parquet")
    tasks.index.name = "task"
    require("task_index" in tasks.columns, "meta/tasks.parquet has no task_index column")
    require(len(tasks) == info["total_tasks"], f"{len(tasks)} tasks, info.json says {info['total_tasks']}")
    require(set(data.unique("task_index")) <= set(tasks["task_index"]), "data rows name a task_index not in tasks")

    episodes = load_nested(root / "meta/episodes")
    require(len(episodes) == info["total_episodes"], f"{len(episodes)} episodes, info.json says {info['total_episodes']}")
    check_stats(json.loads((root / "meta/stats.json").read_text()), features)
    for episode in episodes:
        require(set(episode["tasks"]) <= set(tasks.index), f"episode {episode['episode_index']} names an unknown task")
        check_episode(root, info, data, episode, video_keys, fps)

    return {
        "episodes": len(episodes),
        "frames": len(data),
        "tasks": list(tasks.index),
        "videos": video_keys,
        "fps": fps,
    }


def main():
    if len(sys.argv) != 2:
        print("usage: lerobot_check.py DATASET_DIR", file=sys.stderr)
        return 2
    datasets.disable_progress_bars()
    try:
        summary = check(Path(sys.argv[1]))
    except (DatasetError, OSError, KeyError, ValueError) as error:
        print(f"lerobot_check: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
