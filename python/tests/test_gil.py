"""File loads release the GIL: another Python thread keeps running while a load is inside Rust."""

import threading
import time
from pathlib import Path

import outcomes


def test_csv_load_releases_the_gil(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["measure,period,area,value"]
    lines += [f"m{i % 7},{2000 + i % 20}/{(i % 20 + 1) % 100:02d},area {i // 140},{i % 100}" for i in range(60_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    window: list[float] = []
    loaded: list[outcomes.Observations] = []

    def load() -> None:
        window.append(time.perf_counter())
        loaded.append(outcomes.Observations.from_csv(path))
        window.append(time.perf_counter())

    samples: list[float] = []
    worker = threading.Thread(target=load)
    worker.start()
    while worker.is_alive():
        samples.append(time.perf_counter())
    worker.join()

    assert len(loaded[0]) == 60_000
    start, end = window
    margin = (end - start) * 0.2
    during = [s for s in samples if start + margin < s < end - margin]
    # Holding the GIL for the whole load would leave this thread no chance to run in the
    # middle of it.
    assert len(during) > 100, f"{len(during)} samples in a {end - start:.3f} s load"
