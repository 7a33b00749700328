"""Whose figure it is: names in a sentence, the article's main subject, the subject of a figure."""

from __future__ import annotations

from factcheck.extract.subjects import known_names, main_entity, name_key, proper_matches, subject_of

from .helpers import article, claim, figure


def test_subjects_name_key_ignores_case_and_space():
    assert name_key("Time Warner") == name_key("timewarner") == "timewarner"


def test_subjects_proper_matches_skip_stop_words_and_sentence_start():
    assert proper_matches("Analysts said Time Warner and Google gained.", None) == ["Analysts", "Time Warner", "Google"]
    assert proper_matches("The deal valued SenseTime highly.", frozenset()) == ["SenseTime"]


def test_subjects_main_entity_is_the_most_named_non_place():
    art = article("SenseTime, based in China, raised money. China backs SenseTime. SenseTime grew.",
                  title="SenseTime raises funds")
    key, surface = main_entity(art)
    assert key == "sensetime" and surface == "SenseTime"


def test_subjects_nearest_name_before_the_figure_is_the_subject():
    c = claim("Yukos was sold while Gazprom claimed $36m in damages.")
    assert subject_of(c, c.quantities[figure(c, "$36m")], frozenset({"gazprom", "yukos"}), None) == "Gazprom"


def test_subjects_a_company_beats_a_place():
    c = claim("SenseTime, China's leading AI company, raised $600 million.")
    assert subject_of(c, c.quantities[0], frozenset({"sensetime"}), None) == "SenseTime"


def test_subjects_the_company_is_the_articles_main_subject():
    c = claim("The company raised $600 million.")
    assert subject_of(c, c.quantities[0], frozenset(), "SenseTime") == "SenseTime"


def test_subjects_a_sentence_that_names_nobody_has_no_subject():
    c = claim("Profits fell to $5m.")
    assert subject_of(c, c.quantities[0], frozenset(), "SenseTime") is None


def test_subjects_known_names_come_from_running_text_not_headlines():
    names = known_names("Tech Giants Report Strong Quarterly Earnings\nShares of Google rose as Microsoft fell.")
    assert {"google", "microsoft"} <= names and "giants" not in names
