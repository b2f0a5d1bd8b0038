"""The API's documentation page: Swagger UI from this site, under a band that leads back to it."""

from django.urls import reverse


def test_the_docs_page_names_the_site_and_links_back(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="swagger-ui"' in page
    assert f'href="{reverse("home")}"' in page
    assert f'href="{reverse("opendata:data")}"' in page
    assert f'href="{reverse("api:schema")}"' in page
    # Swagger UI's files come from this site, not from a CDN.
    assert "swagger-ui-bundle" in page
    assert "https://cdn" not in page and "unpkg.com" not in page


def test_the_docs_page_says_its_language_and_has_one_main(client, db):
    page = client.get(reverse("api:docs")).content.decode()
    assert '<html lang="en">' in page
    # Swagger UI draws its own <main>; the page adds none around it.
    assert "<main" not in page
