"""Entities built in code for the tests."""

from entities.models import Organisation, Person, Place


def make_organisation(name="Ministry of Education", aliases=(), **fields):
    organisation = Organisation.objects.create(name=name, **fields)
    for alias in aliases:
        organisation.aliases.create(name=alias)
    return organisation


def make_person(name="Wang Yi", aliases=(), **fields):
    person = Person.objects.create(name=name, **fields)
    for alias in aliases:
        person.aliases.create(name=alias)
    return person


def make_place(name="Beijing", aliases=(), **fields):
    values = {"kind": Place.Kind.CITY, "country": Place.Country.CHINA, **fields}
    place = Place.objects.create(name=name, **values)
    for alias in aliases:
        place.aliases.create(name=alias)
    return place
