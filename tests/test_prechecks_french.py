"""The pre-checks on a story written in French: the French word lists and shapes, measured on French sentences
of their own (tests/data/story_prechecks_fr.tsv), the way the Spanish ones are."""
from pathlib import Path

import pytest

from holdspace.stories import prechecks

DATA = Path(__file__).parent / "data"


def _score(path: Path) -> dict[str, tuple[float, float]]:
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from prechecks import read_set, score

    return {kind: (entry.precision, entry.recall) for kind, entry in score(read_set(path)).items()}


def _names(text: str) -> list[str]:
    return [excerpt for category, excerpt in prechecks.check_text(text, language="fr") if category == "name"]


def test_the_french_set_is_well_formed():
    lines = [line for line in (DATA / "story_prechecks_fr.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert len(lines) >= 100
    for line in lines:
        language, labels, sentence = line.split("\t")
        assert language == "fr" and sentence.strip()
        assert labels == "-" or set(labels.split(",")) <= set(prechecks.KIND_OF)


def test_prechecks_precision_and_recall_on_the_french_sentences():
    """The French lists were written with these sentences: floors, so a change that makes them worse fails here."""
    scores = _score(DATA / "story_prechecks_fr.tsv")
    assert scores["identifying"][0] >= 0.95 and scores["identifying"][1] >= 0.95
    assert scores["minimising"][0] >= 0.95 and scores["minimising"][1] >= 0.95


@pytest.mark.parametrize("text,expected", [
    ("J'ai dit à Laure Vasseur, chez Garnier et Associés, qu'elle me devait ça.", {"name", "employer"}),
    ("Écrivez-moi à quelquun@exemple.fr ou appelez le 06 12 34 56 78.", {"contact"}),
    ("C'est arrivé le 14 mars 2019 devant un bar de la rue Sainte-Catherine, à Bordeaux.", {"date", "place"}),
    ("Au lycée Victor-Hugo, tout le monde faisait pareil.", {"school", "everyone_does_it"}),
    ("Au lycée Victor-Hugo, tout le monde le savait.", {"school"}),
    ("Elle m'écrivait sur @lau_rm tous les soirs.", {"handle"}),
    ("Elle l'a bien cherché, et c'était juste une blague de toute façon.", {"victim_blaming", "joking"}),
    ("Désolé si elle s'est sentie mal à l'aise ; tout le monde le fait.", {"conditional_apology", "everyone_does_it"}),
    ("J'ai été un peu lourd, mais j'avais trop bu.", {"downplaying", "excuse"}),
    ("Elle ne m'a jamais dit non.", {"consent_excuse"}),
    # Naming an excuse in order to let it go is the work itself, not an excuse.
    ("Je me disais qu'elle l'avait cherché ; c'était un mensonge.", set()),
    ("Je ne dis plus que tout le monde le fait.", set()),
    ("Mon premier brouillon disait « désolé si elle s'est sentie mal », ce qui n'est pas une excuse.", set()),
    ("Personne ne m'a provoqué ; c'est moi qui ai choisi.", set()),
    # Capitalised words that are not people: a pronoun, a month, a holiday, an app, a year alone.
    ("Elle avait raison et je ne l'ai pas écoutée.", set()),
    ("En mars 2015, j'ai supprimé WhatsApp et tous les lundis je vais à mon groupe.", set()),
    ("Noël, c'était toujours tendu à la maison.", set()),
])
def test_french_prechecks_find_what_they_should_and_leave_the_rest(text, expected):
    assert {category for category, _ in prechecks.check_text(text, language="fr")} == expected


@pytest.mark.parametrize("text", [
    "Ce que je n'ai pas voulu voir",
    "Qu'est-ce que j'ai fait ? Ce que j'ai fait était grave.",
    "« Stop », a-t-elle dit. Quand j'ai compris, il était trop tard.",
    "L'année où j'ai arrêté de boire",
    "Le soir où tout a basculé",
])
def test_a_capital_at_the_start_of_a_french_sentence_or_title_is_not_a_name(text):
    assert _names(text) == []


def test_a_name_inside_a_french_sentence_is_still_caught():
    assert _names("Quand je suis arrivé, Bérénice n'était plus là.") == ["Bérénice"]
    assert _names("Le copain d'Anselme riait avec moi.") == ["Anselme"]
    assert _names("Thomas et moi, on notait les filles à la sortie des cours.") == ["Thomas"]


def test_an_article_inside_a_venue_name_does_not_make_the_sentence_start_a_name():
    found = prechecks.check_text("Le 2 février, on était à la discothèque Le Zénith.", language="fr")
    assert ("place", "discothèque Le Zénith.") in found and not [c for c, _ in found if c == "name"]


def test_chez_and_a_first_name_is_a_person_and_not_a_workplace():
    assert [c for c, _ in prechecks.check_text("J'ai dormi chez Thomas ce soir-là.", language="fr")] == ["name"]
    assert ("employer", "Delmar Logistique") in prechecks.check_text(
        "Je travaillais chez Delmar Logistique.", language="fr")
