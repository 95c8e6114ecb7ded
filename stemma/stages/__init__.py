"""The analysis as stages over tables: each module holds one stage's pure function over rows.

``fingerprints`` (per article) -> ``candidates`` (same-language pairs sharing text, and which of
them to type) -> ``pairs`` (typed same-language and cross-language pairs) -> ``stories``
(passage vectors, nearest neighbours, pair scores, groups and stories, through
``stemma.stories.cluster``) -> ``results`` (per story: stemma, quotes, the hash of its inputs).
None of them reads the store or depends on the order articles arrive in: ``stemma.engine``
runs the chain and keeps each stage's rows in the store.
"""
