from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from contributions.emails import MODERATORS_GROUP


class Command(BaseCommand):
    help = (
        "Make a user a moderator: staff (so they can log in to /admin/) and a member of the "
        "Moderators group. Creates the user, without a password, if there is none by that name."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="Their address; new submissions are emailed to it.")

    def handle(self, username, email, **options):
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not an email address.") from None
        try:
            group = Group.objects.get(name=MODERATORS_GROUP)
        except Group.DoesNotExist:
            raise CommandError("There is no Moderators group: run `manage.py migrate` first.") from None
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
        user.is_staff = True
        if email:
            user.email = email
        user.save()
        user.groups.add(group)
        self.stdout.write(f"{username} is a moderator{' (new user)' if created else ''}.")
        if not user.has_usable_password():
            self.stdout.write(f"Set their password with: manage.py changepassword {username}")
        if not user.email:
            self.stdout.write("They have no email address, so they will not be told of new submissions.")
