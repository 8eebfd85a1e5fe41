"""Rules of Cutis requests that JSON Schema cannot state, applied to the requests schemathesis
generates in positive mode, so its checks judge what the OpenAPI document can state. Each rule
is also written in the description of the field it concerns.
"""

import re
import schemathesis

# The fuzzed workspace's locales, its default first. An admin request's `locale` must be one of
# them; a delivery read takes any and falls back to the default.
LOCALES = ["en", "fr"]
# What the demo library holds: a treatment links only to entries that exist.
CONDITIONS = ["acne-scars", "hyperpigmentation", "melasma", "sun-damage"]
TREATMENTS = ["chemical-peel", "microneedling"]
CLINICS = ["markham", "scarborough"]
# The bodies that may limit what they create to one clinic.
CLINIC_SCOPED = {
    "/admin/v1/workspaces/{workspace}/webhooks",
    "/admin/v1/workspaces/{workspace}/api-keys",
}


@schemathesis.hook
def map_case(context, case):
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    admin = case.operation.path.startswith("/admin/")
    if admin and isinstance(case.query, dict) and "locale" in case.query:
        case.query["locale"] = _offered(case.query["locale"])
    if isinstance(case.body, (dict, list)):
        _order_ranges(case.body)
    if isinstance(case.body, dict):
        _keep_body_rules(case)
    return case


def _keep_body_rules(case):
    body = case.body
    if case.operation.path.startswith("/admin/") and isinstance(body.get("locale"), str):
        body["locale"] = _offered(body["locale"])
    # A treatment links to entries that exist, each condition and complementary treatment once.
    for field, key, known in [
        ("conditions", "condition", CONDITIONS),
        ("complementary", "treatment", TREATMENTS),
    ]:
        if isinstance(body.get(field), list):
            body[field] = _first_of_each(body[field], key, known)
    # A treatment does not complement itself.
    if isinstance(body.get("complementary"), list):
        body["complementary"] = [
            link for link in body["complementary"]
            if not (isinstance(link, dict) and link.get("treatment") == body.get("slug"))
        ]
    step = (case.path_parameters or {}).get("step")
    # Only `publish` takes `publish_at`, only `approve` takes `accept_warnings`.
    if step is not None and step != "publish":
        body.pop("publish_at", None)
    if step is not None and step != "approve":
        body.pop("accept_warnings", None)
    # A claim rule's pattern must compile and match something: which regular expressions do is
    # not something JSON Schema states, so fuzzed rules are phrases of letters.
    if case.operation.path.startswith("/admin/v1/workspaces/{workspace}/claim-rules"):
        if "pattern" in body:
            words = "".join(c for c in str(body["pattern"]) if c.isalnum() or c == " ").strip()
            body["pattern"] = (words or "miracle")[:300]
            body["matching"] = "phrase"
        # A shipped rule (`en-cure`) takes only severity and enabled.
        rule = str((case.path_parameters or {}).get("id", ""))
        if rule and not re.fullmatch(r"[0-9a-f-]{36}", rule):
            for field in ("locale", "matching", "pattern", "reason"):
                body.pop(field, None)
    # The fuzz run is signed in, and signed in an invitation is accepted with the account as it is.
    if case.operation.path == "/v1/invitations/accept":
        body.pop("password", None)
        body.pop("display_name", None)
        body.pop("credentials", None)
    # A webhook or an API key limited to a clinic names one that exists.
    if case.operation.path in CLINIC_SCOPED:
        if isinstance(body.get("clinic"), str) and body["clinic"] not in CLINICS:
            body["clinic"] = CLINICS[0]
    # The fuzzed workspace keeps its locales, so later requests may use them.
    if case.operation.path == "/admin/v1/workspaces/{workspace}":
        if "locales" in body:
            body["locales"] = list(LOCALES)
        if isinstance(body.get("default_locale"), str):
            body["default_locale"] = _offered(body["default_locale"])


def _first_of_each(links, key, known):
    seen, kept = set(), []
    for link in links:
        if isinstance(link, dict) and isinstance(link.get(key), str):
            if link[key] not in known:
                link[key] = known[len(kept) % len(known)]
            if link[key] in seen:
                continue
            seen.add(link[key])
        kept.append(link)
    return kept


def _offered(locale):
    return locale if locale in LOCALES else LOCALES[0]


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
