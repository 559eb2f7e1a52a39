"""Parameters the golden tests (and the store-equivalence tests) use for named queries.

A query with required parameters and no `#+ defaults:` needs an entry here; optional
parameters can be exercised with extra entries.
"""

ID = "https://w3id.org/ssvkg/id/"

# name -> list of parameter dicts to run the query with ({} = defaults only)
RUNS: dict[str, list[dict[str, str]]] = {
    "programs-by-pillar": [{}, {"pillar": "S"}, {"basis": "reported"}, {"basis": "inferred"}],
    "programs-by-focus-area": [{}, {"focus": "rural-revitalization"}, {"focus": "elderly-care-technology"}],
    "program-figures": [{}, {"program": ID + "program-village-affairs-platform"}],
    "metric-year-over-year": [{}, {"metric": ID + "metric-rd-expenditure"}],
    "metric-totals": [{}, {"metric": ID + "metric-donation-amount"}],
    "partners": [{}, {"program": ID + "program-jijiubao"}],
    "quotations": [{}, {"speaker": ID + "person-pony-ma"}],
    "figure-provenance": [{}],
    "sdg-alignment": [{}, {"program": ID + "program-tianlai-action"}],
    "search-labels": [{}, {"text": "天籁"}, {"text": "giving"}, {"text": "teana"}],
    "figures-by-year": [{}, {"year": "2021"}],
    "describe-entity": [{}],
    "inferred-statements": [{}, {"subject": ID + "org-yinfa-technology-lab"}],
}
