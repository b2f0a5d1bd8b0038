"""How the schema describes fields that drf-spectacular's defaults describe wrongly."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension


class UnicodeSlugField(OpenApiSerializerFieldExtension):
    """A slug's letters are any script's ("federico-peña", "中美乒乓外交-1971"), as the models allow
    (allow_unicode). drf-spectacular wrote them as the pattern `^[-\\w]+$`, which JSON Schema reads
    as ECMAScript does, with `\\w` ASCII only: a client validating answers against the schema
    refused every record with such a slug. ECMAScript has no class for "a letter of any script"
    without its `u` flag, which a schema cannot ask for: the pattern says what a slug never holds,
    a space or ASCII punctuation other than `-` and `_`. An ASCII slug keeps its own."""

    target_class = "rest_framework.fields.SlugField"

    def map_serializer_field(self, auto_schema, direction):
        if self.target.allow_unicode:
            return {"type": "string", "pattern": UNICODE_SLUG}
        return {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}


# Neither a space nor !"#$%&'()*+, ./ :;<=>?@ [\]^ ` {|}~ : every other character, "-" and "_" too.
UNICODE_SLUG = r"^[^\s!-,./:-@\[-^`{-~]+$"
