from __future__ import annotations

import json

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


@pytest.mark.parametrize("config", [ScanConfig, AuditConfig])
def test_jobs_below_one_are_refused(config: type[ScanConfig] | type[AuditConfig]) -> None:
    with pytest.raises(ConfigError, match="jobs must be at least 1, got 0"):
        config(jobs=0)


@pytest.mark.parametrize("config", [ScanConfig, AuditConfig])
def test_jobs_are_not_a_setting_of_the_report(
    config: type[ScanConfig] | type[AuditConfig],
) -> None:
    assert "jobs" not in config(jobs=2).as_dict()


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


@pytest.mark.parametrize(
    ("config", "field", "value", "message"),
    [
        pytest.param(ScanConfig, "threshold", "0.6", "threshold must be a finite number, got '0.6'",
                     id="threshold-string"),
        pytest.param(ScanConfig, "num_perm", 128.5, "num_perm must be a whole number, got 128.5",
                     id="num-perm-fraction"),
        pytest.param(ScanConfig, "seed", 1.5, "seed must be a whole number, got 1.5",
                     id="seed-fraction"),
        pytest.param(ScanConfig, "shingle_size", True, "shingle_size must be a whole number, "
                     "got True", id="shingle-bool"),
        pytest.param(ScanConfig, "material_weight", float("inf"),
                     "material_weight must be a finite number, got inf", id="weight-infinite"),
        pytest.param(ScanConfig, "max_file_size", float("inf"),
                     "max_file_size must be a whole number, got inf", id="size-infinite"),
        pytest.param(ScanConfig, "jobs", "2", "jobs must be a whole number, got '2'", id="jobs"),
        pytest.param(AuditConfig, "containment", None, "containment must be a finite number, "
                     "got None", id="containment-none"),
        pytest.param(AuditConfig, "seed", 2.5, "seed must be a whole number, got 2.5",
                     id="audit-seed-fraction"),
    ],
)
def test_values_of_the_wrong_kind_are_refused_by_name(
    config: type[ScanConfig] | type[AuditConfig], field: str, value: object, message: str,
) -> None:
    # Once a TypeError from deep in the scan, or "unknown scan option: '<' not
    # supported ...", or a report.json with Infinity in it (not JSON).
    with pytest.raises(ConfigError) as raised:
        config(**{field: value})  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_numpy_numbers_are_settings_as_python_numbers() -> None:
    # A notebook's parameter sweep (np.arange) gives numpy.int64: the scan
    # ran, then report.json could not be written ("int64 is not JSON serializable").
    np = pytest.importorskip("numpy")
    settings = ScanConfig(min_words=np.int64(6), threshold=np.float64(0.6), seed=np.uint32(7))
    assert settings.as_dict()["min_words"] == 6
    assert [type(settings.min_words), type(settings.threshold), type(settings.seed)] == [
        int, float, int]
    assert json.dumps(settings.as_dict())
    assert ScanConfig(threshold=1).threshold == 1.0
    assert type(ScanConfig(threshold=1).threshold) is float


def test_a_config_of_the_other_kind_is_refused_by_name() -> None:
    # Once an AttributeError ('AuditConfig' object has no attribute 'threshold').
    import dedup

    with pytest.raises(ConfigError, match="config must be a dedup.ScanConfig, got AuditConfig"):
        dedup.scan("inputs", AuditConfig())  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="config must be a dedup.AuditConfig, got dict"):
        dedup.audit("inputs", {"containment": 0.6})  # type: ignore[arg-type]
