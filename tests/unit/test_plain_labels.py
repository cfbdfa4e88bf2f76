"""Labels from the data are drawn as written (issue 18, class 5): a '$' is not read by
matplotlib as the start of mathematics, which would drop the signs from the chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.pages import plots  # noqa: E402


def test_dollar_signs_in_labels_are_plain_text():
    coverage = pd.DataFrame({"region_name": ["Pacific $1 zone$", "Other"], "coverage_share": [0.5, 0.25],
                             "participants": [1, 1], "countries_in_region": [2, 4]})
    ax = plots.coverage_bars(coverage, title="Cash: US$ 5 and $10")
    ax.figure.canvas.draw()
    labels = {t.get_text(): t for t in ax.get_yticklabels()}
    assert "Pacific $1 zone$" in labels
    for text in [labels["Pacific $1 zone$"], ax._left_title]:
        assert text.get_parse_math() is False
        assert text._preprocess_math(text.get_text()) == (text.get_text(), False)  # drawn as written
    assert ax._left_title.get_text() == "Cash: US$ 5 and $10"
    assert ax.xaxis.offsetText.get_parse_math() is True  # the formatter's offset may use mathematics
    plt.close(ax.figure)


def test_matplotlib_would_read_the_label_as_mathematics_otherwise():
    text = matplotlib.text.Text(0, 0, "Pacific $1 zone$")
    assert text._preprocess_math(text.get_text())[1] is True
