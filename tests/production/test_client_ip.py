"""Whose address a request is counted under (rate limit, login lockout, the submission's record).

X-Forwarded-For is believed only from a proxy in TRUSTED_PROXIES, and only
the entries that proxy added, counted from the right.
"""

from django.test import RequestFactory, SimpleTestCase, override_settings

from config.client_ip import client_ip


def address(remote, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


class ClientIpTests(SimpleTestCase):
    @override_settings(TRUSTED_PROXIES=[])
    def test_without_trusted_proxies_it_is_the_connecting_address(self):
        self.assertEqual(address("203.0.113.9", "1.2.3.4"), "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_a_client_connecting_directly_cannot_choose_its_address(self):
        for spoof in ["1.2.3.4", "1.2.3.4, 127.0.0.1", "127.0.0.1"]:
            self.assertEqual(address("203.0.113.9", spoof), "203.0.113.9", spoof)

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_behind_the_trusted_proxy_it_is_the_address_the_proxy_saw(self):
        self.assertEqual(address("127.0.0.1", "198.51.100.7"), "198.51.100.7")
        # Entries the client wrote itself come first; the proxy's own is the last.
        self.assertEqual(address("127.0.0.1", "6.6.6.6, 198.51.100.7"), "198.51.100.7")
        self.assertEqual(address("127.0.0.1", "not-an-address, 198.51.100.7"), "198.51.100.7")
        self.assertEqual(address("127.0.0.1"), "127.0.0.1")

    @override_settings(TRUSTED_PROXIES=["198.51.100.0/24", "10.0.0.0/8"])
    def test_two_proxies_in_a_row_one_entry_each_the_outermost_first(self):
        self.assertEqual(address("10.1.2.3", "203.0.113.5, 198.51.100.20"), "203.0.113.5")
        # The outer hop is not the listed one: nothing in the header is believed.
        self.assertEqual(address("10.1.2.3", "203.0.113.5, 192.0.2.1"), "10.1.2.3")
