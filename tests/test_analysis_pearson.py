"""The vectorised pairwise Pearson equals pandas' per-column corrwith, NaNs and constants included."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.patterns import pairwise_pearson


def test_pairwise_pearson_matches_pandas_with_missing_values():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(60, 12))
    x[rng.random(x.shape) < 0.3] = np.nan
    x[:, 3] = 5.0  # constant column: no correlation
    y = x[:, 0] * 0.5 + rng.normal(size=60)
    y = np.where(np.isnan(y), rng.normal(size=60), y)
    r, n = pairwise_pearson(x, y)
    expected = pd.DataFrame(x).corrwith(pd.Series(y))
    assert np.isnan(r[3]) and np.isnan(expected[3])
    np.testing.assert_allclose(np.delete(r, 3), np.delete(expected.to_numpy(), 3), rtol=1e-12)
    assert n.tolist() == (~np.isnan(x)).sum(axis=0).tolist()
