import pytest

from .servers import Inbox, database_proxy, smtp_server


@pytest.fixture
def proxy():
    """PostgreSQL behind a TcpProxy the test stops and starts (servers.database_proxy)."""
    with database_proxy() as proxy:
        yield proxy


@pytest.fixture
def inbox():
    """What the SMTP server of `mail` keeps: a module asks for another by its own `inbox`."""
    return Inbox()


@pytest.fixture
def mail(inbox):
    """A real SMTP server handing what it receives to `inbox`: (inbox, its port)."""
    with smtp_server(inbox) as port:
        yield inbox, port
