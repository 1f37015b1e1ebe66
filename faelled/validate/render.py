"""A report for people: plain text (the CLI), JSON (the API, `--json`) and HTML (a page or a
file to mail back to whoever made the extract). Rendering only; the report is data."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from faelled.validate.findings import Finding
from faelled.validate.report import Report

LABEL = {
    "da": {
        "error": "FEJL",
        "warning": "ADVARSEL",
        "info": "NOTE",
        "row": "række",
        "rows": "rækker",
    },
    "en": {"error": "ERROR", "warning": "WARNING", "info": "NOTE", "row": "row", "rows": "rows"},
}


def _value(v: Any) -> str:
    return "∅" if v is None else repr(v) if isinstance(v, str) else str(v)


def _sample_line(sample: dict[str, Any], lang: str) -> str:
    cells = ", ".join(f"{k}={_value(v)}" for k, v in sample.items() if k != "row")
    return f"{LABEL[lang]['row']} {sample.get('row', '?')}: {cells}"


def finding_text(f: Finding, lang: str = "da", *, indent: str = "  ") -> str:
    words = LABEL[lang]
    head = f"{indent}{words[f.severity]:<9} {f.rule}"
    if f.column:
        head += f" [{f.column}]"
    if f.count:
        head += f" — {f.count:,} {words['rows'] if f.count != 1 else words['row']}"
    lines = [head, f"{indent}  {f.message.get(lang)}"]
    lines += [f"{indent}    {_sample_line(s, lang)}" for s in f.sample]
    if f.hint:
        lines.append(f"{indent}  → {f.hint.get(lang)}")
    return "\n".join(lines)


def report_text(report: Report, lang: str = "da") -> str:
    s = report.stats
    verdict = {"da": ("gyldig", "ugyldig"), "en": ("valid", "invalid")}[lang]
    rows = s.get("rows")
    head = f"{report.dataset} ← {report.source}"
    if rows is not None:
        invalid = s.get("invalid_rows", 0)
        head += (
            f": {rows:,} rækker, {invalid:,} ugyldige"
            if lang == "da"
            else f": {rows:,} rows, {invalid:,} invalid"
        )
    head += f" ({verdict[0] if report.valid else verdict[1]})"
    lines = [head]
    lines += [finding_text(f, lang) for f in report.findings]
    return "\n".join(lines)


_HTML = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ report.dataset }} — {{ report.source }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:60rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.error{color:#a4000f}.warning{color:#8a5300}.info{color:#555}
code{background:#f3f3f3;padding:0 .2rem}
</style></head><body>
<h1>{{ report.dataset }} ← {{ report.source }}</h1>
<p><strong class="{{ 'info' if report.valid else 'error' }}">
{{ words.valid if report.valid else words.invalid }}</strong>
{% if report.stats.get('rows') is not none %} · {{ report.stats.rows }} {{ words.rows }},
{{ report.stats.get('invalid_rows', 0) }} {{ words.invalid_rows }}{% endif %}</p>
<table><thead><tr><th>{{ words.severity }}</th><th>{{ words.rule }}</th>
<th>{{ words.column }}</th><th>{{ words.rows }}</th><th>{{ words.message }}</th></tr></thead>
<tbody>
{% for f in report.findings %}
<tr><td class="{{ f.severity }}">{{ f.severity }}</td><td><code>{{ f.rule }}</code></td>
<td>{{ f.column or "" }}</td><td>{{ f.count or "" }}</td>
<td>{{ f.message.get(lang) }}
{% if f.hint %}<br><em>{{ f.hint.get(lang) }}</em>{% endif %}
{% if f.sample %}<ul>{% for s in f.sample %}<li>{{ words.row }} {{ s.row }}:
{% for k, v in s.items() if k != "row" %}<code>{{ k }}={{ v }}</code> {% endfor %}</li>
{% endfor %}</ul>{% endif %}</td></tr>
{% else %}<tr><td colspan="5">{{ words.none }}</td></tr>{% endfor %}
</tbody></table>
<h2>{{ words.stats }}</h2><table>
{% for k, v in report.stats.items() %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}
</table></body></html>
"""

_WORDS = {
    "da": {
        "valid": "Gyldig",
        "invalid": "Ugyldig",
        "rows": "rækker",
        "row": "række",
        "invalid_rows": "ugyldige",
        "severity": "Alvor",
        "rule": "Regel",
        "column": "Kolonne",
        "message": "Besked",
        "none": "Ingen fund.",
        "stats": "Statistik",
    },
    "en": {
        "valid": "Valid",
        "invalid": "Invalid",
        "rows": "rows",
        "row": "row",
        "invalid_rows": "invalid",
        "severity": "Severity",
        "rule": "Rule",
        "column": "Column",
        "message": "Message",
        "none": "No findings.",
        "stats": "Statistics",
    },
}


@cache
def _template() -> jinja2.Template:
    # Autoescape: sample values come from users' files and must never become markup.
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_HTML)


def report_html(report: Report, lang: str = "da") -> str:
    return _template().render(report=report, lang=lang, words=_WORDS[lang])
