"""The engines a scan or an audit can run on: ``local`` (this machine) and ``spark`` (a cluster).

``local`` is :func:`dedup.pipeline.run` (:func:`dedup.pipeline.run_audit`);
``spark`` is :func:`dedup.engines.spark.run` (:func:`dedup.engines.spark_audit.run_audit`),
which runs the same stage functions under PySpark (an optional extra).
Always holds: both engines give the same report for the same folder and settings.
"""

from __future__ import annotations

ENGINES = ("local", "spark")
"""The names ``dedup.scan(engine=...)``, ``dedup.audit(engine=...)`` and ``--engine`` accept."""
