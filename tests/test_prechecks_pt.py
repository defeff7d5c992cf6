"""The story pre-checks in Portuguese: identifying details and minimising language, measured on labelled sentences
(tests/data/story_prechecks_pt.tsv) and on cases like the Spanish ones."""
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
    return [excerpt for category, excerpt in prechecks.check_text(text, language="pt") if category == "name"]


def test_the_portuguese_labelled_set_is_well_formed():
    lines = [line for line in (DATA / "story_prechecks_pt.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert len(lines) >= 90
    for line in lines:
        language, labels, sentence = line.split("\t")
        assert language == "pt" and sentence.strip()
        assert labels == "-" or set(labels.split(",")) <= set(prechecks.KIND_OF)


def test_portuguese_prechecks_precision_and_recall_on_the_labelled_sentences():
    """Floors under the figures measured when the Portuguese lists were written, so a change that makes them worse
    fails here. The set was written with the lists, not held out."""
    scores = _score(DATA / "story_prechecks_pt.tsv")
    assert scores["identifying"][0] >= 0.95 and scores["identifying"][1] >= 0.95
    assert scores["minimising"][0] >= 0.95 and scores["minimising"][1] >= 0.95


@pytest.mark.parametrize("text,expected", [
    ("Eu disse à Camila Rocha, na Construtora Horizonte, que ela me devia.", {"name", "employer"}),
    ("Escreva para alguem@exemplo.org ou ligue para (21) 99876-5432.", {"contact"}),
    ("Aconteceu em 14 de março de 2019, num bar em Belo Horizonte.", {"date", "place"}),
    ("Foi no dia 3 de maio de 2019, na Rua Direita, 14, em Coimbra.", {"date", "place"}),
    ("Ela me escrevia do perfil @lu_rm todas as noites.", {"handle"}),
    ("Mudei-me para Lisboa e continuei a escrever-lhe.", {"place"}),
    ("Ela estava pedindo, e no fundo era só uma brincadeira.", {"victim_blaming", "joking"}),
    ("Desculpa se ela se sentiu desconfortável; todo mundo faz isso.", {"conditional_apology", "everyone_does_it"}),
    ("A culpa foi da bebida, não consegui me controlar.", {"excuse"}),
    ("Ela nunca me disse que não, então não foi para tanto.", {"consent_excuse", "downplaying"}),
    # Naming an excuse in order to let it go is the work itself, not an excuse.
    ("Eu costumava dizer que ela estava pedindo; era mentira.", set()),
    ("Já não digo que todo mundo faz isso.", set()),
    ('Meu primeiro rascunho dizia "desculpa se ela se sentiu mal", o que não é um pedido de desculpas.', set()),
    # Capitalised words that are not people: a pronoun, a month, an app, a holiday, a year alone.
    ("Ela tinha razão e eu não a escutei.", set()),
    ("Em março de 2015 apaguei o WhatsApp e toda segunda-feira vou ao meu grupo.", set()),
    ("No Natal passado pedi desculpas de verdade.", set()),
    ("Falei disso no Holdspace. Depois, conversei com meu grupo.", set()),
])
def test_portuguese_prechecks_find_what_they_should_and_leave_the_rest(text, expected):
    assert {category for category, _ in prechecks.check_text(text, language="pt")} == expected


@pytest.mark.parametrize("text", [
    "O que eu não quis ver",
    "Quando percebi, já era tarde.",
    "«Chega», disse ela. Quando entendi, já era tarde.",
    "“Desculpe”, eu disse, sem olhar para ela.",
    "Depois daquela noite, nunca mais bebi antes de sair.",
])
def test_a_capital_at_the_start_of_a_portuguese_sentence_or_title_is_not_a_name(text):
    assert _names(text) == []


def test_a_name_inside_a_portuguese_sentence_is_still_caught_with_or_without_its_article():
    assert _names("Quando cheguei, a Ximena já tinha ido embora.") == ["Ximena"]
    assert _names("Eu disse à Ximena que ela exagerava.") == ["Ximena"]
    assert _names("Eu disse a 'Ximena' que ela exagerava.") == ["Ximena"]


def test_the_portuguese_lists_leave_english_and_spanish_as_they_were():
    assert prechecks.check_text("Ella tenía razón y yo no la escuché.", language="es") == []
    assert {c for c, _ in prechecks.check_text("It happened on 14 March 2019 outside a bar in Leeds.",
                                               language="en")} == {"date", "place"}
