"""Data functions: one per view. The HTML page and its JSON twin are both rendered from these,
so what a page shows and what the API returns cannot drift apart. One module per page."""

from faelled.web.views.catalogue import catalogue_data
from faelled.web.views.data import data_page
from faelled.web.views.home import COLOUR_BY, home_data
from faelled.web.views.kpi import kpi_data
from faelled.web.views.municipality import municipality_data
from faelled.web.views.reference import (
    groups_data,
    municipalities_data,
    municipality_public,
    regions_data,
)

__all__ = [
    "COLOUR_BY",
    "catalogue_data",
    "data_page",
    "groups_data",
    "home_data",
    "kpi_data",
    "municipalities_data",
    "municipality_data",
    "municipality_public",
    "regions_data",
]
