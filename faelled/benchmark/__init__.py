"""Benchmarking: who a municipality is compared with, how it ranks, and how it does against
what its structural conditions predict.

    data       the two inputs as frames: KPI values, structural covariates
    peers      kommunegrupper, regions, computed sammenligningskommuner, nearest, user groups
    ranks      rank, percentile, peer values, z-score, trend, verdict; ranking a plain mapping
    expected   expected versus actual: a model per KPI and period, prediction intervals, flags
    method     the method note per domain (data and Markdown)
    report     the answers the CLI and web give from an installation's database
    stats      Student's t and the OLS trend, without SciPy
"""

from faelled.benchmark.peers import PeerGroup
from faelled.benchmark.ranks import rank_mapping

__all__ = ["PeerGroup", "rank_mapping"]
