"""The engines a scan can run on: ``local`` (this machine) and ``spark`` (a Spark cluster).

``local`` is :func:`dedup.pipeline.run`; ``spark`` is :func:`dedup.engines.spark.run`,
which runs the same stage functions under PySpark (an optional extra).
Always holds: both engines give the same report for the same folder and settings.
"""

from __future__ import annotations

ENGINES = ("local", "spark")
"""The names ``dedup.scan(engine=...)`` and ``dedup scan --engine`` accept."""
