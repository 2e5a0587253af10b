"""A three-way merge of lines: what you changed and what someone else changed since
you opened a file, both kept, unless you both changed the same lines.

The usual diff3 walk (as in Bazaar's merge3): the lines that the opened text, yours and
theirs all share split the texts into regions; in each region between them, a side that
left the opened lines as they were takes the other side's lines, and two different
changes are a conflict, unless the region has as many lines on all three sides and no
line is changed by both (a title and the description on the next line, one changed by
each side, are no conflict).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass
class Merged:
    text: str
    conflicts: int  # regions where both sides changed the same lines differently


def _blocks(base: list[str], other: list[str]):
    return difflib.SequenceMatcher(None, base, other, autojunk=False).get_matching_blocks()


def _apart(amatches, ia, bmatches, ib, point: int) -> bool:
    """Whether one side's change ends at `point` of the opened text and the other's starts
    there, each replacing at least one opened line (two insertions at one place are a
    conflict, not neighbours)."""
    def end_of_previous(blocks, i):
        return blocks[i - 1][0] + blocks[i - 1][2] if i else 0
    abase, _a, alen = amatches[ia]
    if abase + alen == point:  # a's change comes after the point, b's before it
        return amatches[ia + 1][0] > point and end_of_previous(bmatches, ib) < point
    return bmatches[ib + 1][0] > point and end_of_previous(amatches, ia) < point


def _sync_regions(base: list[str], a: list[str], b: list[str]):
    """(base start, base end, a start, a end, b start, b end) of the lines all three share,
    in order, ending with an empty region at the end of each text."""
    amatches, bmatches = _blocks(base, a), _blocks(base, b)
    regions = []
    ia = ib = 0
    while ia < len(amatches) and ib < len(bmatches):
        abase, amatch, alen = amatches[ia]
        bbase, bmatch, blen = bmatches[ib]
        start, end = max(abase, bbase), min(abase + alen, bbase + blen)
        if start < end or (start == end and alen and blen and _apart(amatches, ia, bmatches, ib, start)):
            regions.append((start, end, amatch + start - abase, amatch + end - abase,
                            bmatch + start - bbase, bmatch + end - bbase))
        if abase + alen < bbase + blen:
            ia += 1
        else:
            ib += 1
    regions.append((len(base), len(base), len(a), len(a), len(b), len(b)))
    return regions


def merge3(base: str, yours: str, theirs: str, prefer_yours: bool = False) -> Merged:
    """Both sides' changes to `base`. Where both changed the same lines differently, the
    result holds yours when `prefer_yours` (the user has seen theirs and saves again),
    and the merge counts a conflict either way."""
    o, a, b = (t.splitlines(keepends=True) for t in (base, yours, theirs))
    out: list[str] = []
    conflicts = 0
    iz = ia = ib = 0
    for zstart, zend, astart, aend, bstart, bend in _sync_regions(o, a, b):
        if zstart < iz or astart < ia or bstart < ib:
            continue  # an empty meeting point inside a region already taken
        chunk_o, chunk_a, chunk_b = o[iz:zstart], a[ia:astart], b[ib:bstart]
        if chunk_a == chunk_b or chunk_b == chunk_o:
            out += chunk_a
        elif chunk_a == chunk_o:
            out += chunk_b
        elif len(chunk_o) == len(chunk_a) == len(chunk_b):  # line by line: one field, one line
            for line_o, line_a, line_b in zip(chunk_o, chunk_a, chunk_b):
                if line_a == line_b or line_b == line_o:
                    out.append(line_a)
                elif line_a == line_o:
                    out.append(line_b)
                else:
                    conflicts += 1
                    out.append(line_a if prefer_yours else line_b)
        else:
            conflicts += 1
            out += chunk_a if prefer_yours else chunk_b
        out += o[zstart:zend]
        iz, ia, ib = zend, aend, bend
    return Merged("".join(out), conflicts)
