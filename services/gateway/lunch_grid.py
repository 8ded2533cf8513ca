"""The weekly lunch grid of the mentor's page, and how it reads and writes a profile's
`availability` ({"mon": [{"start": "12:00", "end": "14:00"}], …}, in the person's own time zone).

Only the lunch hours are on the grid: windows outside them (a coffee before work) are kept as they
are when the grid is saved. Pure code.
"""
from shared.contracts.kinds import WEEKDAYS

DAYS = WEEKDAYS[:5]          # meetings are never proposed at the weekend
STEP_MINUTES = 30
FIRST, LAST = "11:30", "14:30"   # the grid covers [FIRST, LAST)


def _minutes(hhmm):
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


SLOTS = tuple(_hhmm(m) for m in range(_minutes(FIRST), _minutes(LAST), STEP_MINUTES))


def slot_end(start):
    return _hhmm(_minutes(start) + STEP_MINUTES)


def ticked(availability):
    """{(day, slot start)} of the grid's cells that the availability covers in full."""
    cells = set()
    for day in DAYS:
        for window in (availability or {}).get(day, []):
            start, end = _minutes(window["start"]), _minutes(window["end"])
            cells.update((day, slot) for slot in SLOTS
                         if start <= _minutes(slot) and _minutes(slot) + STEP_MINUTES <= end)
    return cells


def saved(availability, cells):
    """The availability with the grid's hours replaced by the ticked cells (runs of adjacent
    cells become one window); windows outside the grid's hours stay."""
    first, last = _minutes(FIRST), _minutes(LAST)
    result = {}
    for day in WEEKDAYS:
        kept = [w for w in (availability or {}).get(day, [])
                if day not in DAYS or _minutes(w["end"]) <= first or _minutes(w["start"]) >= last]
        if day in DAYS:
            run = None
            for slot in SLOTS + (None,):
                if slot is not None and (day, slot) in cells:
                    run = (run[0] if run else slot, slot_end(slot))
                elif run:
                    kept.append({"start": run[0], "end": run[1]})
                    run = None
        if kept:
            result[day] = sorted(kept, key=lambda w: w["start"])
    return result
