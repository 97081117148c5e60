"""Great Expectations engine: load suites whole and validate the tables (validators.datadocs builds the site)."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validators.findings import Severity

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )

# GX's FailureSeverity values mapped onto the findings' severities.
SEVERITY_FROM_GX: dict[str, Severity] = {"critical": "error", "warning": "warning", "info": "info"}
# Data Docs shows `description` but not `meta`, so the check id and severity live there.
DESCRIPTION_RE = re.compile(r"^\[(?P<check>[a-z0-9]+(?:-[a-z0-9]+)*)\] \((?P<severity>error|warning|info)\) \S")
# GX's pandas "unexpected_index_query" lists the unexpected rows' index labels.
INDEX_QUERY_RE = re.compile(r"^df\.filter\(items=\[(?P<items>[0-9, ]*)\], axis=0\)$")
_PARAMETER_KEY = "$PARAMETER"
# Unexpected values and rows a result shows (GX's partial lists; Data Docs cap theirs to this too).
# Findings come from the full index query or list, so they are never capped.
SHOWN_UNEXPECTED = 20
_SUITE_LOGGER = "great_expectations.core.expectation_suite"


class SuiteError(Exception):
    """A suite that cannot be loaded or run as written."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation's result, with the caller's rows it failed on."""

    table: str
    suite: str
    type: str  # the GX expectation type
    kwargs: dict[str, Any]
    column: str | None
    meta: dict[str, Any]
    severity: Severity
    check: str
    description: str
    success: bool
    unexpected_index: tuple[Hashable, ...]  # row labels in the caller's frame: frame.loc[list(...)]
    unexpected_rows: tuple[int, ...]  # positions of the same rows: frame.iloc[list(...)]
    observed_value: Any = None
    evaluated: bool = True  # False: its row condition selected no rows, so GX was not asked


@dataclass(frozen=True)
class SuiteRun:
    """Results of one validation run, plus the raw GX results Data Docs are built from."""

    results: tuple[ExpectationResult, ...]
    gx_results: Mapping[str, ExpectationSuiteValidationResult]  # raw, by table name
    suites: Mapping[str, ExpectationSuite]  # by table name
    run_time: datetime

    @property
    def failures(self) -> tuple[ExpectationResult, ...]:
        """The expectations that did not succeed."""
        return tuple(r for r in self.results if not r.success)


@contextmanager
def _gx_log_captured() -> Iterator[list[str]]:
    """Collect what GX logs while loading a suite: it reports dropped expectations only there."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger(_SUITE_LOGGER)
    handler, propagate = _Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # we raise SuiteError with the message; no traceback on stderr
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _check_suite_json(path: Path, data: object) -> None:
    """Reject suite JSON that GX would accept but our policy cannot use."""
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        raise SuiteError(path, "not a GX suite: expected an object with an 'expectations' list")
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise SuiteError(path, "suite has no 'name'")
    id_columns = (data.get("meta") or {}).get("id_columns")
    if not isinstance(id_columns, list) or not id_columns or not all(isinstance(c, str) for c in id_columns):
        raise SuiteError(path, "meta.id_columns must list the table's id columns")
    for i, exp in enumerate(data["expectations"]):
        where = f"expectation {i} ({exp.get('type') if isinstance(exp, dict) else repr(exp)})"
        if not isinstance(exp, dict):
            raise SuiteError(path, f"{where}: not an object")
        severity = exp.get("severity")
        if severity not in SEVERITY_FROM_GX:
            raise SuiteError(path, f"{where}: severity must be one of {sorted(SEVERITY_FROM_GX)}, got {severity!r}")
        match = DESCRIPTION_RE.match(exp.get("description") or "")
        if match is None:
            raise SuiteError(path, f"{where}: description must read '[check-id] (severity) text'")
        if match["severity"] != SEVERITY_FROM_GX[severity]:
            raise SuiteError(path, f"{where}: description says ({match['severity']}) but severity is {severity}")


def _read_suite(path: Path) -> tuple[ExpectationSuite, list[dict[str, Any]]]:
    """The suite GX builds from a JSON file, and the file's expectation dicts in the same order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SuiteError(path, f"cannot read suite JSON: {exc}") from exc
    _check_suite_json(path, data)
    from great_expectations.core.expectation_suite import ExpectationSuite

    with _gx_log_captured() as gx_messages:
        try:
            suite = ExpectationSuite(**data)
        except Exception as exc:  # GX raises TypeError, ValueError or its own errors for malformed suites
            raise SuiteError(path, f"GX rejected the suite: {exc}") from exc
    if len(suite.expectations) != len(data["expectations"]):
        dropped = "; ".join(gx_messages) or "no reason logged"
        raise SuiteError(
            path, f"GX loaded {len(suite.expectations)} of {len(data['expectations'])} expectations: {dropped}"
        )
    return suite, data["expectations"]


def load_suite(path: Path) -> ExpectationSuite:
    """Load a suite from GX's own JSON, raising SuiteError unless every expectation survived."""
    return _read_suite(path)[0]


def _parameter_names(value: object) -> set[str]:
    """Names of the {"$PARAMETER": name} values anywhere in an expectation's kwargs."""
    if isinstance(value, dict):
        if isinstance(value.get(_PARAMETER_KEY), str):
            return {value[_PARAMETER_KEY]}
        return set().union(*(_parameter_names(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_parameter_names(v) for v in value))
    return set()


def new_context() -> Any:
    """An in-memory GX context without progress bars or file stores."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _unexpected_positions(frame: pd.DataFrame, result: Mapping[str, Any]) -> tuple[int, ...]:
    """Positions of the unexpected rows in `frame` (which GX saw with a RangeIndex)."""
    query = result.get("unexpected_index_query")
    if isinstance(query, str) and (match := INDEX_QUERY_RE.match(query)):
        return tuple(int(item) for item in match["items"].split(",") if item.strip())
    # Column-pair and multicolumn expectations have no query on pandas: match their
    # id + value records in order, which is exact unless two rows agree on all of them.
    records = result.get("unexpected_index_list") or []
    positions: list[int] = []
    start = 0
    for record in records:
        if not isinstance(record, dict):
            continue
        for pos in range(start, len(frame)):
            row = frame.iloc[pos]
            if all(_same(row[col], value) for col, value in record.items() if col in frame.columns):
                positions.append(pos)
                start = pos + 1
                break
    return tuple(positions)


def _same(a: Any, b: Any) -> bool:
    """Equality that treats two missing values as equal."""
    import pandas as pd

    a_missing, b_missing = pd.isna(a) is True, pd.isna(b) is True
    return a_missing and b_missing if a_missing or b_missing else bool(a == b)


def _record(
    table: str,
    suite_name: str,
    frame: pd.DataFrame,
    config: Any,
    success: bool,
    result: Mapping[str, Any],
    evaluated: bool = True,
) -> ExpectationResult:
    """Turn one expectation's configuration and GX result into a record pointing at the caller's rows."""
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    description = config.description or ""
    match = DESCRIPTION_RE.match(description)
    positions = () if success else _unexpected_positions(frame, result)
    return ExpectationResult(
        table=table,
        suite=suite_name,
        type=config.type,
        kwargs=kwargs,
        column=kwargs.get("column"),
        meta=dict(config.meta or {}),
        severity=SEVERITY_FROM_GX[str(getattr(config.severity, "value", config.severity))],
        check=match["check"] if match else "",
        description=description,
        success=success,
        unexpected_index=tuple(frame.index[list(positions)]),
        unexpected_rows=positions,
        observed_value=result.get("observed_value"),
        evaluated=evaluated,
    )


def _checks_no_rows(expectation: Any, frame: pd.DataFrame, engine: Any) -> bool:
    """True if a row-wise expectation's row condition selects no rows, so GX would pass it vacuously."""
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    condition = getattr(expectation, "row_condition", None)
    if condition is None or not isinstance(
        expectation, (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    ):
        return False
    try:  # GX's own filter, so the semantics are exactly those of the validation
        selected = engine._apply_row_condition_filter(
            frame, condition, {"condition_parser": getattr(expectation, "condition_parser", None)}
        )
    except Exception:  # a broken condition is GX's to report when it runs the expectation
        return False
    return len(selected) == 0


def _raised(evr: ExpectationValidationResult) -> str | None:
    """The exception message GX caught while running an expectation, if any."""
    info = evr.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for nested in info.values():  # per-metric form: {metric_id: {raised_exception, ...}}
        if isinstance(nested, dict) and nested.get("raised_exception"):
            return str(nested.get("exception_message"))
    return None


def run_suites(
    tables: dict[str, pd.DataFrame],
    suites: dict[str, Path],
    parameters: dict[str, Any] | None = None,
    complete: bool = True,
) -> SuiteRun:
    """Validate each table against its suite in one ephemeral GX context."""
    # With complete=False only the failed expectations are run again for their unexpected rows;
    # the raw results then lack passing details, so Data Docs need complete=True.
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine

    parameters = dict(parameters or {})
    loaded, as_written = _load_suites(tables, suites, parameters)
    context = new_context()
    datasource = context.data_sources.add_pandas("newsdq")
    run_time = datetime.now(timezone.utc)
    records: list[ExpectationResult] = []
    gx_results: dict[str, ExpectationSuiteValidationResult] = {}
    engine = PandasExecutionEngine()
    for table, suite in loaded.items():
        frame = tables[table]
        # GX sees a RangeIndex so its index query gives positions; reset_index copies,
        # so the caller's frame is never touched.
        gx_frame = frame.reset_index(drop=True)
        batch = (
            datasource.add_dataframe_asset(table)
            .add_batch_definition_whole_dataframe(table)
            .get_batch(batch_parameters={"dataframe": gx_frame})
        )
        result, idle = _validate(batch, engine, gx_frame, suite, as_written[table], parameters, complete)
        errors = [f"{evr.expectation_config.type}: {msg}" for evr in result.results if (msg := _raised(evr))]
        if errors:
            raise SuiteError(suites[table], "expectation(s) raised: " + "; ".join(errors))
        gx_results[table] = result
        records.extend(
            _record(table, suite.name, frame, evr.expectation_config, bool(evr.success), evr.result)
            for evr in result.results
        )
        records.extend(_record(table, suite.name, frame, e.configuration, True, {}, evaluated=False) for e in idle)
    return SuiteRun(results=tuple(records), gx_results=gx_results, suites=loaded, run_time=run_time)


def _load_suites(
    tables: dict[str, pd.DataFrame], suites: dict[str, Path], parameters: dict[str, Any]
) -> tuple[dict[str, ExpectationSuite], dict[str, list[dict[str, Any]]]]:
    """Each table's suite, and its expectations as written, once every suite is known to fit its table."""
    loaded: dict[str, ExpectationSuite] = {}
    as_written: dict[str, list[dict[str, Any]]] = {}
    for table, path in suites.items():
        if table not in tables:
            raise SuiteError(path, f"no table {table!r} to validate")
        suite, as_written[table] = _read_suite(path)
        missing_ids = [c for c in suite.meta["id_columns"] if c not in tables[table].columns]
        if missing_ids:
            raise SuiteError(path, f"table {table!r} lacks id columns {missing_ids}")
        needed = set().union(*(_parameter_names(d.get("kwargs")) for d in as_written[table]))
        if needed - parameters.keys():
            raise SuiteError(path, f"suite needs parameter(s) {sorted(needed - parameters.keys())}")
        if suite.name in {s.name for s in loaded.values()}:
            raise SuiteError(path, f"two suites are named {suite.name!r}")
        loaded[table] = suite
    return loaded, as_written


def _validate(
    batch: Any,
    engine: Any,
    gx_frame: pd.DataFrame,
    suite: ExpectationSuite,
    as_written: list[dict[str, Any]],
    parameters: dict[str, Any],
    complete: bool,
) -> tuple[Any, list[Any]]:
    """GX's result for one table's batch, and the expectations passed without asking GX (they select no rows)."""
    from great_expectations.core.expectation_suite import ExpectationSuite

    # Range checks per instrument and era mostly select no rows; GX costs ~50 ms per
    # expectation with a row condition, so those are recorded as passed without asking it.
    no_rows = [_checks_no_rows(e, gx_frame, engine) for e in suite.expectations]
    idle = [e for e, skip in zip(suite.expectations, no_rows, strict=True) if skip]
    # Building from the JSON dicts is much cheaper than copying GX's pydantic objects.
    active = [d for d, skip in zip(as_written, no_rows, strict=True) if not skip]
    detail = {
        "result_format": "COMPLETE",
        "partial_unexpected_count": SHOWN_UNEXPECTED,
        "unexpected_index_column_names": list(suite.meta["id_columns"]),
        "return_unexpected_index_query": True,
    }
    # Batch.validate skips the stores a ValidationDefinition writes to; Data Docs store their own copy.
    result = batch.validate(
        ExpectationSuite(name=suite.name, expectations=active, meta=suite.meta) if idle else suite,
        expectation_parameters=parameters,
        result_format=detail if complete else "BOOLEAN_ONLY",
    )
    if not complete:
        # Most expectations pass; a pass/fail answer costs GX about half of a COMPLETE one,
        # so only the failures are asked again for their rows.
        failed = [i for i, evr in enumerate(result.results) if not evr.success]
        if failed:
            again = batch.validate(
                ExpectationSuite(name=suite.name, expectations=[active[i] for i in failed], meta=suite.meta),
                expectation_parameters=parameters,
                result_format=detail,
            )
            for i, evr in zip(failed, again.results, strict=True):
                result.results[i] = evr
    return result, idle
