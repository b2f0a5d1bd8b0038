from django.contrib.auth.models import User
from django.test import TestCase


class AdminSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = User.objects.create_superuser("mira", "mira@example.org", "pass")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_the_admin_names_the_site_in_its_heading_and_the_tab_title(self):
        # A moderator with the public site and the admin open in tabs read "Django site admin".
        response = self.client.get("/admin/contributions/submission/")
        self.assertContains(
            response, "<title>Select submission to change | U.S.-China Exchange Database admin</title>"
        )
        self.assertContains(response, ">U.S.-China Exchange Database moderation</a>")

    def test_every_admin_page_loads_the_sites_admin_style_sheet(self):
        response = self.client.get("/admin/")
        self.assertContains(response, "css/admin-site.css")
