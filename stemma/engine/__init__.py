"""Engines that run the analysis stages (``stemma.stages``) over a store.

``local`` runs them on one machine, incrementally: each stage's rows live in the store with a
hash of their inputs, and a run recomputes only the rows whose inputs changed. Every stage is
a pure function over rows and never depends on arrival order, so another engine (a
distributed one over Parquet tables) can call the same functions and must give the same links
and stories.
"""
