"""Rules of Cutis requests that JSON Schema cannot state, applied to the requests schemathesis
generates in positive mode, so its checks judge what the OpenAPI document can state. Each rule
is also written in the description of the field it concerns.
"""

import schemathesis


@schemathesis.hook
def map_case(context, case):
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    if isinstance(case.body, (dict, list)):
        _order_ranges(case.body)
    if isinstance(case.body, dict):
        step = (case.path_parameters or {}).get("step")
        # Only `publish` takes `publish_at`.
        if step is not None and step != "publish":
            case.body.pop("publish_at", None)
        # Signed in, an invitation is accepted with the account as it is.
        if case.operation.path == "/v1/invitations/accept":
            case.body.pop("password", None)
            case.body.pop("display_name", None)
        # A workspace's default locale is one of its locales (the fuzzed one's default is en).
        locales = case.body.get("locales")
        if case.operation.path == "/admin/v1/workspaces/{workspace}" and isinstance(locales, list):
            default = case.body.get("default_locale") or "en"
            if default not in locales:
                locales.append(default)
    return case


def _order_ranges(value):
    """A `{min, max}` range has `min` at most `max`."""
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        if isinstance(item, (dict, list)):
            _order_ranges(item)
    if isinstance(value, dict) and set(value) == {"min", "max"}:
        low, high = value["min"], value["max"]
        if isinstance(low, int) and isinstance(high, int) and low > high:
            value["min"], value["max"] = high, low
