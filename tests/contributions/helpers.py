"""What the admin's submission form posts, built from a stored submission."""

from exchanges.models import FORM_FIELDS as RECORD_FORM_FIELDS

FORM_FIELDS = [
    *RECORD_FORM_FIELDS,
    "sources",
    "contributor_name",
    "contributor_email",
    "note",
    "rejection_reason",
]


def change_form_data(submission, **fields):
    """Every field of the change form as a browser posts it, the page made from `submission` as it is
    now; a field given as None is left out."""
    data = {}
    for name in FORM_FIELDS:
        value = getattr(submission, name)
        if name == "date":
            data[name] = submission.display_date
        elif name == "levels":
            data[name] = value
        elif name in ("government", "continuing"):
            data[name] = "" if value is None else str(value)
        elif value is None:
            data[name] = ""
        else:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    data["duplicate_of"] = submission.duplicate_of_id or ""
    # Beside each field, the value the page showed: what the moderator changed is measured from it.
    data.update({f"initial-{name}": value for name, value in data.items()})
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}
