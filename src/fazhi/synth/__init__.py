"""Synthetic annual reports with ground truth and injected defects (`fazhi synth`).

`corpus.report(seed, i)` builds report i of a seed's corpus; `corpus.write_report`
writes it in a format with its `fazhi.gold/1` truth beside it. Used by
benchmarks/defects.py and, later, benchmarks/corpus.py.
"""
