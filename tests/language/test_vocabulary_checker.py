"""The leak finder itself: it sees codes and the other language's words, not data."""

from __future__ import annotations

from language_vocabulary import CODES, Checker, forbidden_words


def test_french_text_with_codes_and_english_words_leaks() -> None:
    checker = Checker("fr", {"Surface Laptop 5"})
    text = "Statut : in_service · Catégorie : Laptop · entity · orienté vers donation"
    assert checker.leaks(text) == ["Laptop", "donation", "entity", "in_service"]
    assert checker.leaks("Modèle : Surface Laptop 5, statut en service") == []
    assert checker.leaks("Ordinateur portable · « Tablet█ » coupé par un cadre") == []


def test_english_text_with_french_words_leaks() -> None:
    checker = Checker("en", {"Hôtel de ville"})
    assert checker.leaks("Status: en service · Entité: Grenoble · weee_recycling") == [
        "Entité",
        "en service",
        "weee_recycling",
    ]
    assert checker.leaks("Site: Hôtel de ville · Status: in service") == []


def test_the_lists_come_from_the_code() -> None:
    assert {"in_service", "laptop", "weee_recycling", "asset_tag", "annualized"} <= CODES
    assert {"laptop", "in service", "Laptop", "entity"} <= forbidden_words("fr")
    assert {"en service", "Ordinateur portable", "Entité"} <= forbidden_words("en")
    assert "commune" not in forbidden_words("fr")  # a French word too
