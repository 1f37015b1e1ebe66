"""The data-model documentation, rendered from the shipped contracts (docs/data-model/)."""

from __future__ import annotations

from pathlib import Path

from faelled.catalog.contracts import CompareRule, Contract, Domain, load_contracts

_DOMAIN_TITLE = {
    Domain.employment: "Employment (beskæftigelse)",
    Domain.schools: "Schools (skole)",
    Domain.economy: "Economy (økonomi)",
    Domain.elderly: "Elderly care (ældre)",
    Domain.staff: "Staff (personale)",
    Domain.structure: "Structure (strukturelle data)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def contract_markdown(c: Contract, heading: str = "##") -> str:
    lines = [
        f"{heading} `{c.name}` — {c.title.en} / {c.title.da}",
        "",
        c.description.en,
        "",
        f"*{c.description.da}*",
        "",
        "| column | type | required | values | unit | personal data | description |",
        "|---|---|---|---|---|---|---|",
    ]
    for col in c.columns:
        values = ""
        if col.allowed is not None:
            values = ", ".join(str(v) for v in col.allowed)
        elif col.range is not None:
            lo = "" if col.range.min is None else f"{col.range.min:g}"
            hi = "" if col.range.max is None else f"{col.range.max:g}"
            values = f"{lo} … {hi}"
        if col.pattern:
            values = (values + " " if values else "") + f"`{col.pattern}`"
        pd = col.personal_data.value + (" (pseudonymised)" if col.pseudonymise else "")
        desc = col.description.en
        if col.aliases:
            desc += " Also: " + ", ".join(f"`{a}`" for a in col.aliases) + "."
        lines.append(
            f"| `{col.name}` | {col.type.value} | {'yes' if col.required else 'no'} | "
            f"{_cell(values)} | {col.unit or ''} | {pd} | {_cell(desc)} |"
        )
    lines.append("")
    lines.append(f"- keys: {', '.join(f'`{k}`' for k in c.keys) or '—'}")
    for rule in c.rules:
        if isinstance(rule, CompareRule):
            what = f"`{rule.left} {rule.op} {rule.right}`"
        else:
            share = f"{rule.expected_share:g} × " if rule.expected_share != 1 else ""
            per = f" per {', '.join(rule.per)}" if rule.per else ""
            what = (
                f"`{rule.column}`{per} plausible against {share}{rule.against} (× {rule.factor:g})"
            )
        lines.append(f"- rule `{rule.id}` ({rule.severity}): {what} — {rule.message.en}")
    if c.period:
        extra = ", all months required" if c.period.complete else ""
        lines.append(f"- period: `{c.period.column}` ({c.period.grain}{extra})")
    lines.append(f"- a delivery replaces: {', '.join(c.partition.columns)}")
    lines.append(
        f"- load: {c.load.mode}, invalid rows → {c.load.on_invalid} "
        f"(rejected above {c.load.max_invalid_share:.0%})"
    )
    lines.append(
        f"- retention: {c.retention_years} years; owner: the municipality (data controller)"
    )
    return "\n".join(lines) + "\n"


def domain_markdown(domain: Domain, contracts: list[Contract]) -> str:
    head = [
        f"# {_DOMAIN_TITLE[domain]}",
        "",
        "Generated from the contracts in `faelled/content/contracts/` by",
        "`faelled datasets docs docs/data-model`; do not edit by hand.",
        "",
    ]
    body = [contract_markdown(c) for c in sorted(contracts, key=lambda c: c.name)]
    return "\n".join(head) + "\n".join(body)


def write_pages(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    contracts = list(load_contracts().values())
    written = []
    for domain in Domain:
        members = [c for c in contracts if c.domain is domain]
        if members:
            path = out / f"{domain.value}.md"
            path.write_text(domain_markdown(domain, members), encoding="utf-8")
            written.append(path)
    return written
