import pytest

from .servers import database_proxy


@pytest.fixture
def proxy():
    """PostgreSQL behind a TcpProxy the test stops and starts (servers.database_proxy)."""
    with database_proxy() as proxy:
        yield proxy
