"""The report builder: parameterised notebooks run with papermill and published as pages.

One module per concern:

- :mod:`~analysis.report.grid`: which pages exist (template, parameters, data scope);
- :mod:`~analysis.report.fingerprint`: content fingerprints, what must be rebuilt and why;
- :mod:`~analysis.report.kernel`, :mod:`~analysis.report.kernelside`: warm kernels owned by
  the build workers, and the state reset run inside them between notebooks;
- :mod:`~analysis.report.engine`: the papermill engine that runs notebooks in those kernels;
- :mod:`~analysis.report.worker`: one page, from template to staged files;
- :mod:`~analysis.report.build`: planning, executors, publishing, locking, faults;
- :mod:`~analysis.report.html`, :mod:`~analysis.report.index`: the pages and the index;
- :mod:`~analysis.report.provenance`: commit, data hash and citation line on every page;
- :mod:`~analysis.report.notebooks`: re-executing the committed templates;
- :mod:`~analysis.report.cli`: ``python -m analysis.report`` (``make reports``).
"""

import sys

# jsonschema (imported by nbformat, so by papermill and nbconvert) optionally imports
# rfc3987_syntax, which compiles a grammar at import time (about 0.9 s). nbformat's notebook
# schema uses no IRI format, so the builder skips it: an ImportError for that one optional
# module, nothing else.
sys.modules.setdefault("rfc3987_syntax", None)
