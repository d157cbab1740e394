from __future__ import annotations

import pytest

from dedup.config import AuditConfig, ScanConfig
from dedup.errors import ConfigError


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("threshold", 0.0, "threshold must be in (0, 1], got 0.0", id="threshold"),
        pytest.param("shingle_size", 0, "shingle_size must be at least 1, got 0", id="shingle"),
        pytest.param("num_perm", 8, "num_perm must be at least 16, got 8", id="num-perm"),
        pytest.param("min_words", 0, "min_words must be at least 1, got 0", id="min-words"),
        pytest.param("seed", -1, "seed must be in 0..4294967295, got -1", id="seed-negative"),
        pytest.param("seed", 2**32, "seed must be in 0..4294967295, got 4294967296",
                     id="seed-too-large"),
    ],
)
def test_bad_values_are_refused_with_the_value(field: str, value: float, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        ScanConfig(**{field: value})
    assert str(raised.value) == message


def test_settings_are_json_ready() -> None:
    settings = ScanConfig(reference_globs=("*transcript*",)).as_dict()
    assert settings["reference_globs"] == ["*transcript*"]
    assert settings["threshold"] == 0.5


def test_max_file_size_must_be_positive() -> None:
    with pytest.raises(ConfigError) as raised:
        ScanConfig(max_file_size=0)
    assert str(raised.value) == "max_file_size must be at least 1 byte, got 0"


def test_jobs_below_one_are_refused() -> None:
    with pytest.raises(ConfigError, match="jobs must be at least 1, got 0"):
        ScanConfig(jobs=0)


def test_jobs_are_not_a_setting_of_the_report() -> None:
    assert "jobs" not in ScanConfig(jobs=2).as_dict()


def test_audit_seed_is_checked_too() -> None:
    from dedup.config import AuditConfig

    with pytest.raises(ConfigError, match="seed must be in 0..4294967295, got -3"):
        AuditConfig(seed=-3)


@pytest.mark.parametrize("config", [ScanConfig, AuditConfig])
def test_one_reference_glob_given_as_a_string_is_one_pattern(
    config: type[ScanConfig] | type[AuditConfig],
) -> None:
    # Not a pattern per character ("*", "t", "r" ...), which made every
    # document a reference.
    assert config(reference_globs="*transcript*").reference_globs == ("*transcript*",)  # type: ignore[arg-type]
    assert config(reference_globs=["a*", "b*"]).reference_globs == ("a*", "b*")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="reference_globs must be glob patterns"):
        config(reference_globs=[3])  # type: ignore[list-item]
