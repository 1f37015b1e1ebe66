"""The synthetic municipal data generator: what 98 municipalities' case systems would deliver.

model        the latent world: conditions, formats, trends, planted effects
population   each municipality's residents as a panel of persons
employment   persons and benefit spells
schools      pupils, exam grades, absence, well-being, special and youth education
elderly      home care and nursing homes
staff        employees
economy      accounts by main function; socio-economic indicators
formats      CSV (three dialects), Excel and Parquet writers, deterministic bytes
dirty        error injection with an exact manifest
truth        expected KPIs from the clean data
cpr          synthetic CPR numbers that are never a living person's
run          options, the loop, the manifest
"""

from faelled.generate.run import GenerateOptions, generate, parse_municipalities, parse_years

__all__ = ["GenerateOptions", "generate", "parse_municipalities", "parse_years"]
