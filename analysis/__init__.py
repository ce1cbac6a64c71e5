"""The analysis staircase (Analystrappan) as pure functions over DataFrames from `store/`.

Modules: trend (step 1), target (step 2: own target, women/men), peers (step 3: ranks, KKiK
quartiles, peer sets, precondition-adjusted neighbours), patterns (step 4: correlations, scatter),
assessment (step 8: Örebro's self-assessment rule), staircase (steps 1–4 and 8 together), narrative
(a draft text), markdown (the staircase for a report), scorecard (Översikt table, full ranking),
format (Swedish numbers). `python -m analysis` runs `rank` and `staircase` from the command line.
No Streamlit, no HTTP: everything here can be tested exactly and used from a script.
"""
