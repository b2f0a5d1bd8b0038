"""The address of a contributor's record of what they sent, given in their receipt email.

The email goes to an address nobody has confirmed, so it carries no text the contributor typed
(contributions/emails.py): the form cannot make the site send someone's words to a stranger.
It links instead to a page of the site that shows what was sent, escaped, behind a signed
address that only the receipt gives out: the contributor keeps a record of their words, and a
stranger given the address by someone else is sent none.
"""

from django.core import signing
from django.urls import reverse

SALT = "contributions.sent"


def sent_path(reference):
    return reverse("contributions:sent", args=[signing.dumps(reference, salt=SALT)])


def reference_in(token):
    """The reference a sent_path() token was made for; BadSignature for any other text."""
    return signing.loads(token, salt=SALT)
