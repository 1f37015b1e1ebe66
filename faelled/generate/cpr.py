"""Synthetic CPR numbers that look real but can never be a living person's.

A CPR number is DDMMYY-SSSS: a birth date and a serial whose first digit, together with YY, gives
the century (the CPR Office's table: digits 5–8 with YY 00–57 mean 2000–2057). Every number made
here has a valid calendar date in 2040–2057 and a serial 5000–8999, so by that table it decodes to
a birth in 2040–2057: no number issued to anyone alive today. The numbers still pass a format and
date check, so ingest must treat them as CPR numbers and pseudonymise them.

Numbers are a bijection of a person's index (0 … CAPACITY−1), spread over the range by a modular
multiplication so that neighbours do not look like neighbours. Each municipality and population
(residents, employees) gets its own block of indices, so numbers are unique across one generation.
The birth date a dataset reports is carried in its own column; it is not the CPR date part.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

FIRST_DAY = date(2040, 1, 1)
DAYS = (date(2058, 1, 1) - FIRST_DAY).days  # 6,575 dates: 1 January 2040 … 31 December 2057
PER_DAY = 4000  # serials 5000–8999
CAPACITY = DAYS * PER_DAY  # 26.3 million numbers
_MULT = 7_919_993  # a prime that does not divide CAPACITY: k → k·MULT mod CAPACITY is a bijection
_SHIFT = 12_345_679
assert math.gcd(_MULT, CAPACITY) == 1

_DAY0 = np.datetime64(FIRST_DAY.isoformat(), "D")


def cpr_numbers(index: np.ndarray, *, dash: bool = True) -> np.ndarray:
    """The synthetic CPR number of each person index, as strings ("DDMMYY-SSSS")."""
    idx = np.asarray(index, dtype=np.int64)
    if idx.size and (idx.min() < 0 or idx.max() >= CAPACITY):
        raise ValueError("CPR index out of range")
    k = (idx * _MULT + _SHIFT) % CAPACITY
    day = _DAY0 + (k // PER_DAY).astype("timedelta64[D]")
    serial = 5000 + k % PER_DAY
    years = day.astype("datetime64[Y]").astype(np.int64) + 1970
    months = day.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (day - day.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    num = days * 10**8 + months * 10**6 + (years % 100) * 10**4 + serial
    text = pd.Series(num).astype(str).str.zfill(10)
    if dash:
        text = text.str[:6] + "-" + text.str[6:]
    out: np.ndarray = text.to_numpy(dtype=object)
    return out


def looks_like_cpr(text: str) -> bool:
    """DDMMYY-SSSS or DDMMYYSSSS with a valid day and month (the test for a leak)."""
    digits = text.replace("-", "")
    if len(digits) != 10 or not digits.isdigit() or (len(text) == 11 and text[6] != "-"):
        return False
    dd, mm = int(digits[:2]), int(digits[2:4])
    return 1 <= mm <= 12 and 1 <= dd <= 31
