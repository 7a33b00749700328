"""Stories (match/stories.py), ages (extract/ages.py) and the same-story decision (match/story_decision.py)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from factcheck.extract.ages import age_of
from factcheck.extract.load import load
from factcheck.extract.quantities import parse_quantities
from factcheck.match.stories import assign, group, mark
from factcheck.match.story_decision import FEATURES, across, certain, evidence, model, within
from factcheck.records import Article, Flag

RIOT = ("Police in Anaheim said three people were stabbed at a Ku Klux Klan rally on Saturday. Twelve people "
        "were arrested after the brawl between Klan members and counter-protesters in the park.")
RIOT2 = ("A Ku Klux Klan rally in an Anaheim park turned violent when counter-protesters clashed with Klan members, "
         "leaving three people stabbed; police arrested 13 people after the brawl.")
SNOW = ("A blizzard dumped 19 inches of snow on Madison, Wisconsin, closing schools and the university while "
        "plows worked through the night to clear the highways.")


def _article(i: str, text: str, date: str | None = None, story: str | None = None) -> Article:
    return Article(id=i, path=i, record=1, line=1, title="", date=date, text=text, story=story)


def test_given_stories_are_kept_and_the_rest_inferred():
    arts = [_article("a", RIOT, story="s1"), _article("b", SNOW, story="s1"), _article("c", RIOT2), _article("d", SNOW)]
    stories = {s.id: s for s in group(arts)}
    assert stories["s1"].articles == ("a", "b") and not stories["s1"].inferred
    inferred = [s for s in stories.values() if s.inferred]
    assert sorted(s.articles for s in inferred) == [("c",), ("d",)]
    assert all(s.id.startswith("~") for s in inferred)


def test_inference_groups_reports_of_one_event_and_keeps_others_apart():
    arts = [_article("a", RIOT), _article("b", RIOT2), _article("c", SNOW)]
    out, stories = assign(arts)
    story = {a.id: a.story for a in out}
    assert story["a"] == story["b"] != story["c"]
    assert sorted(len(s.articles) for s in stories) == [1, 2]


def test_articles_dated_far_apart_are_different_stories():
    arts = [_article("a", RIOT, "2017-02-27"), _article("b", RIOT2, "2018-06-01")]
    assert len(group(arts)) == 2
    arts = [_article("a", RIOT, "2016-02-27"), _article("b", RIOT2, "2016-02-28")]
    assert len(group(arts)) == 1


def test_jsonl_story_field_is_read_and_a_bad_one_is_a_note(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "x", "story": "s9", "text": RIOT}) + "\n"
                 + json.dumps({"id": "y", "story": ["bad"], "text": RIOT2}) + "\n", encoding="utf-8")
    arts, notes = load([p])
    assert [a.story for a in arts] == ["s9", ""]  # "": not given (inferred later, by match.stories)
    assert any("story" in n.message and n.line == 2 for n in notes)


def test_flags_say_whether_their_articles_are_of_one_story():
    from factcheck.extract.claims import extract_all

    arts, _ = assign([_article("a", RIOT, story="s"), _article("b", RIOT2, story="s"), _article("c", SNOW, story="t")])
    claims = extract_all(arts)
    ca, cb, cc = (next(c for c in claims if c.article_id == k) for k in "abc")
    f = Flag(id="f1", kind="conflict", a=ca.id, b=cb.id, a_quantity=0, b_quantity=0, similarity=1.0, reason="",
             measure="", fingerprint="")
    one, two, solo = mark([f, replace(f, b=cc.id), replace(f, kind="inconsistent", b=ca.id)], claims, arts)
    assert one.same_story is True and two.same_story is False and solo.same_story is None


@pytest.mark.parametrize("text, figure, expected", [
    ("Kevin Deon Johnson, 24; Dwight Kevin Smith, 30; and", "24", (True, "johnson")),
    ("the victims as Liberty “Libby” German, 14, and Abigail Williams", "14", (True, "german")),
    ("they were 13-year-olds Liberty German and Abigail Williams", "13", (True, "german")),
    ("Charisse Stinson reported her 2-year-old son missing", "2", (True, "son")),
    ("A 29-year-old man was shot on Main Street.", "29", (True, None)),  # "a man" is anyone
    ("Smith, aged 66, said he would", "66", (True, "smith")),
    ("In March, 14 people died in the floods", "14", (False, None)),
    ("he served 13 years in prison", "13", (False, None)),
    ("the missing teens Liberty German and Abigail Williams, both 13.", "13", (True, "williams")),
    ("Jon Smith and Ann Jones, both aged 40, were held", "40", (True, "jones")),
    ("the two firms, both 13 years old", "13", (True, None)),  # no names: nobody's in particular
    ("the teams met both 13 times", "13", (False, None)),
    # a name beside a person's noun: after it, or before it with an article
    ("The 29-year-old teacher Geraldine Alcorn was charged.", "29", (True, "alcorn")),
    ("Police identified him as 27-year-old military veteran Sergio Valencia.", "27", (True, "valencia")),
    ("Geraldine Alcorn, a 29-year-old teacher, was charged.", "29", (True, "alcorn")),
    ("Frank Macomber, the 66-year-old neighbor, was shot.", "66", (True, "macomber")),
    ("The 62-year-old sang Hey Jude at the show.", "62", (True, None)),  # a verb, not a person's noun
    ("The 31-year-old former France international left.", "31", (True, None)),  # one word: no name
    ("After her win in Athens, the 34-year-old said she would run.", "34", (True, None)),  # a place
])
def test_ages(text, figure, expected):
    q = next(q for q in parse_quantities(text) if q.text.startswith(figure))
    assert age_of(text, q) == expected


def test_an_age_after_two_names_and_both_is_the_age_of_each():
    from factcheck.extract.ages import whose_all

    text = "Police named the teens as Liberty German and Abigail Williams, both 13."
    (q,) = parse_quantities(text)
    assert whose_all(text, q) == {"german", "williams"}
    (m,) = _mentions(text)
    assert m.dimension == "age" and m.subjects == {"german", "williams"}
    one = "Police named the teen as Liberty German, 13."
    assert whose_all(one, parse_quantities(one)[0]) == {"german"}


def _mentions(*texts: str, story: str | None = "s"):
    from factcheck.extract.claims import extract_all
    from factcheck.extract.mentions import mentions

    arts = [_article(f"a{i}", t, story=story) for i, t in enumerate(texts)]
    return mentions(extract_all(arts), {a.id: a for a in arts})


def test_figures_of_different_stories_need_near_identical_contexts():
    a, b = _mentions("Police said 12 people were arrested at the rally.", "Police said 13 people were arrested at the rally.")
    other = replace(b, story="t")
    assert across(a, b, 0.7) is None  # one story: the story model decides
    assert across(a, other, 0.7) and "different stories" in str(across(a, other, 0.7))
    assert across(a, other, 0.96) is None
    assert across(replace(a, story=None), other, 0.7) is None  # story unknown: decided as before


def test_across_stories_one_subject_and_role_compare_only_values_less_than_ten_times_apart():
    a, b, c = _mentions("SenseTime was valued at $3 billion after its Series C round.",
                        "SenseTime was valued at more than $4.5 billion in May.",
                        "SenseTime was valued at $30 million in its first round.")
    assert a.role == b.role == c.role == "valuation" and a.subjects == b.subjects == c.subjects
    b, c = replace(b, story="t"), replace(c, story="t")
    assert across(a, b, 0.7) is None  # a change over time of one company's valuation
    assert "ten times" in str(across(a, c, 0.7))  # 100 times apart: another thing


def test_the_same_story_decision_is_a_probability_with_hard_rules_only_for_the_certain():
    a, _, b, _ = _mentions("Liberty German, 14, and Abigail Williams, 13, went missing.",
                           "The girls, Liberty German, 13, and Abigail Williams, 14, were found.")
    assert a.dimension == b.dimension == "age" and a.subjects == b.subjects == {"german"}
    x = evidence(a, b, 0.8)
    assert len(x) == len(FEATURES)
    got = within(a, b, 0.8)
    assert got is not None and got[1] is not None and 0.0 <= got[1] <= 1.0
    assert within(replace(a, story=None), b, 0.8) is None
    c, d = _mentions("The company raised $30 million.", "The company's sales grew 30%.")
    assert certain(c, d) == "different units"
    m = model()
    assert 0 < m.threshold < 1 and m.about.get("fitted_on")


def test_ages_pair_only_for_one_named_person():
    a, b = _mentions("The 25-year-old has smashed the record twice.", "The 23-year-old has a minor injury.")
    assert a.dimension == b.dimension == "age" and not a.subjects
    assert certain(a, b) and "not named" in str(certain(a, b))
    assert across(replace(a, story=None), replace(b, story=None), 0.99)  # whatever the story and the context
    c, d = _mentions("Mr Mubanga, 29, from north London, was detained.", "Mr Mubanga, 32, said he was interrogated.")
    assert c.subjects == d.subjects == {"mubanga"} and certain(c, d) is None


# -- the story channel: local windows (match/near.py), story pairs (match/candidates.py)

PILEUP = "Blinding snow is blamed for a 30-car pileup on Interstate 35 near Fort Dodge on Thursday."
PILEUP2 = "State police said a 25-vehicle pileup on Interstate 35 killed at least two people."


def test_local_window_masks_the_figure_and_keeps_six_words_each_side():
    from factcheck.match.near import LOCAL_WORDS, MASK, counted, local_text

    (m,) = [x for x in _mentions("Officials in the city of Anaheim said that three people were stabbed at the rally "
                                 "on Saturday night in the park.") if x.quantity.text == "three"]
    words = local_text(m).split()
    assert words.index(MASK) == LOCAL_WORDS and len(words) == 2 * LOCAL_WORDS + 1
    assert "three" not in words and words[LOCAL_WORDS + 1:LOCAL_WORDS + 4] == ["people", "were", "stabbed"]
    assert counted(m) == "people"


def test_closeness_embeds_only_figures_of_stories_told_by_more_than_one_article(fake_embedder):
    from factcheck.match.near import closeness

    a, b, alone = _mentions(PILEUP, PILEUP2, "A 12-car pileup.")[:3]
    alone = replace(alone, story="t")  # a story of one article: nothing to compare it with
    close = closeness([a, b, alone], fake_embedder)
    assert set(close.rows) == {a.key, b.key}
    assert close.local(a, alone) is None and close.local(a, b) is not None
    assert close.noun(a, a) == 1.0 and 0.0 <= close.noun(a, b) < 1.0  # "car" vs "vehicle": two nouns
    assert closeness([replace(a, story=None), replace(b, story=None)], fake_embedder).rows == {}


@pytest.mark.model
def test_counted_nouns_of_one_thing_are_closer_than_of_different_things(embedder):
    from factcheck.match.near import closeness

    ms = _mentions("There was a 30-car pileup.", "There was a 25-vehicle pileup.", "There were 25 senators there.")
    close = closeness(ms, embedder)
    car, vehicle, senator = ms
    assert close.noun(car, vehicle) > close.noun(car, senator) + 0.1


def test_story_pairs_pair_a_storys_figures_whatever_their_cosine_and_counted_noun():
    import numpy as np

    from factcheck.match.candidates import story_pairs

    a, b, c = (replace(m, story=s) for m, s in zip(_mentions(PILEUP, PILEUP2, "A 25-vehicle pileup."), "sst"))
    money = replace(_mentions("It cost $30 million.", story="s")[0], claim=replace(a.claim, article_id="z"))
    vecs = np.eye(4, dtype=np.float32)  # every cosine 0: the cosine search would find nothing
    pairs = list(story_pairs([a, b, c, money], vecs, set()))
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]  # c is of another story; money is not a count
    assert pairs[0][2] == 0.0
    assert list(story_pairs([a, b, c, money], vecs, {(0, 1)})) == []  # already a candidate
    assert certain(a, money) == "different units"
    assert certain(a, b) == "different things counted (car vs vehicle)"  # nouns not measured: only one noun pairs
    from factcheck.match.near import Closeness

    near = Closeness({}, {"car": 0, "vehicle": 1}, np.array([[1.0, 0.0], [0.8, 0.6]], dtype=np.float32))
    far = Closeness({}, {"car": 0, "vehicle": 1}, np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    assert certain(a, b, near) is None and certain(a, b, far) is None  # how close: a feature (far_nouns)


def test_figures_of_one_story_need_the_story_models_bar():
    a, b = _mentions("Twelve people were arrested at the rally in Anaheim on Saturday.",
                     "About 300 people attended a candlelight vigil in Boston in March.")
    assert a.dimension == b.dimension == "count:people" and certain(a, b) is None
    why, p = within(a, b, 0.3) or (None, None)
    assert p is not None and p < model().threshold and why and "not enough evidence" in why


def test_a_count_of_others_is_not_a_count_of_all():
    a, b = _mentions("Three other states also had traffic deaths on Sunday.",
                     "The storm was blamed for deaths in at least five states on Sunday.")
    import numpy as np

    from factcheck.match.near import Closeness

    close = Closeness({}, {"other state": 0, "state": 1}, np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32))
    assert (a.dimension, b.dimension) == ("count:other state", "count:state")
    assert "count of others" in str(certain(a, b, close))
    c, d = _mentions("She guided her other two children off the boat.", "She got her two other children off the boat.")
    same = Closeness({}, {"child": 0, "other child": 1}, np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32))
    assert certain(c, d, same) is None  # both count the others


def test_two_unnamed_men_are_not_one_person():
    """A shooting's victim and its suspect are both "a ...-year-old man": their ages are never compared."""
    a, b = _mentions("A 29-year-old man was shot on Main Street on Sunday night.",
                     "Police arrested a 32-year-old man after the shooting on Sunday night.")
    assert a.dimension == b.dimension == "age" and "not named" in str(certain(a, b))


def test_ages_of_one_surname_and_two_first_names_are_two_people():
    a, b = _mentions("Jonathan Stoffel, 33, of Neenah, was shot.", "His wife, Erin Stoffel, 32, was wounded.")
    assert a.subjects == b.subjects == {"stoffel"} and "different people" in str(certain(a, b))
    c, d = _mentions("Jonathan Stoffel, 33, of Neenah, was shot.", "Stoffel, 34, was shot in the park.")
    assert certain(c, d) is None  # no first name on one side: one man


def test_a_persons_age_is_a_whole_number_of_years_not_a_round_figure():
    """"Dwight Smith, 30" is 30, not 25-35: else his age "agrees" with Kevin Johnson's 25 beside it
    and the other report's "Kevin Deon Johnson, 24" is never flagged (restated)."""
    from factcheck.extract.claims import extract_all
    from factcheck.match.decide import judge_pair

    text = "Dwight Smith, 30, and Kevin Johnson, 25, were arrested last week on suspicion of murder."
    (claim,) = extract_all([_article("a", text)])
    smith, johnson = claim.quantities
    assert (smith.low, smith.high) == (29.51, 30.49) and (johnson.low, johnson.high) == (24.51, 25.49)
    assert parse_quantities(text)[0].low == 25.5  # the parser alone reads a round 30 as 25.5-34.5
    _, a, b, _, _ = _mentions(text, "The suspects are Kevin Deon Johnson, 24; Dwight Kevin Smith, 30; and Antheyst Jarrett, 27.")
    assert (a.subjects, b.subjects) == ({"johnson"}, {"johnson"})
    assert judge_pair(a, b, 0.6, 0.5).kind == "conflict"


def test_a_votes_tally_is_compared_within_a_story_and_a_games_score_is_not():
    from factcheck.match.guards import guard

    a, b = _mentions("The city council approved the parking plan 7-2 on Tuesday.",
                     "Council members voted 6-3 on Tuesday to approve the parking plan.")
    assert a.dimension == b.dimension == "vote"
    assert certain(a, b) is None and guard(a, b) is None
    c, d = _mentions("Rovers won 3-1 at home on Saturday.", "Rovers cruised to a 2-1 victory on Saturday.")
    assert c.dimension == d.dimension == "score"
    assert "twin sentences" in str(certain(c, d)) and "twin sentences" in str(guard(c, d))
    from factcheck.match.figures import judge

    assert judge(a.quantity, b.quantity, None, None, True, "vote").reason.startswith("vote: 7-2 vs 6-3 do not overlap")


def test_an_age_is_restated_only_by_the_same_persons_age():
    """Another suspect's age of 25 beside "Kevin Deon Johnson, 24" does not restate Kevin Johnson's 25."""
    from factcheck.match.decide import judge_pair

    a, b, _ = _mentions("Kevin Johnson, 25, was arrested last week.",
                        "Police named Kevin Deon Johnson, 24, and Antheyst Jarrett, 25, as the suspects.")
    assert judge_pair(a, b, 0.6, 0.5).kind == "conflict"
    assert judge_pair(a, b, 0.6, 0.5).reason.startswith("age of Johnson: 25")  # whose age, as written
    c, d, _ = _mentions("Kevin Johnson, 25, was arrested last week.",
                        "Police named Kevin Johnson, 25, and Antheyst Jarrett, 24, as the suspects.")
    assert judge_pair(c, d, 0.6, 0.5).kind == "agree"


ALCORN = ("Geraldine Alcorn, a teacher, was charged on Tuesday. Police said Alcorn left letters for the girl.\n\n"
          "Frank DeMarco, whose daughter also had Alcorn as a teacher, said the 28-year-old was well-liked.")


@pytest.mark.parametrize("text, expected", [
    (ALCORN, {"alcorn"}),  # named in the same sentence, then "said the 28-year-old"
    (ALCORN.replace("said the 28-year-old was", ". The 28-year-old was"), {"alcorn"}),  # the sentence before
    (ALCORN.replace("said the 28-year-old was well-liked", "said the 28-year-old teacher was well-liked"),
     {"alcorn"}),  # a person's noun after it
    (ALCORN.replace("said the 28-year-old was well-liked", "said she brought the 28-year-old home"),
     set()),  # an object: someone else, as often as not
    (ALCORN.replace("Frank DeMarco, whose daughter also had Alcorn as a teacher, said", "Frank DeMarco said"),
     set()),  # the person not named just before
    (ALCORN.replace("said the 28-year-old was well-liked", "said the 28-year-old building was old"),
     set()),  # not a person's noun
    (ALCORN.replace("Police said Alcorn left", "Police said Frank DeMarco left"), set()),  # no one stands out
    (ALCORN.replace("Frank DeMarco, whose daughter also had Alcorn as a teacher, said", "Alcorn says"),
     set()),  # "Alcorn says the 28-year-old": the speaker is someone else
])
def test_the_n_year_old_is_the_main_person_named_just_before(text, expected):
    (m,) = [m for m in _mentions(text) if m.dimension == "age"]
    assert m.subjects == expected


def test_the_main_person_is_a_person_who_stands_out():
    from factcheck.extract.ages import main_person

    assert main_person(ALCORN) == "alcorn"  # "Police said Alcorn": quoted or named as a person
    assert main_person("New York is big. New York grew. New York has 8 million people.") is None  # not shown a person
    assert main_person("Jane Smith met John Brown. Smith said hello. Brown said goodbye.") is None  # no one stands out
    assert main_person("Coach Mike Ruddock picked Gethin Jenkins. Ruddock said he was happy. Ruddock, 45, smiled."
                       ) == "ruddock"


def test_a_shared_age_pairs_once_for_each_person_and_is_restated_only_by_theirs():
    """"German and Williams, both 13" vs "German, 14, and Williams, 13": German's age is a conflict,
    although Williams's 13 in the other sentence agrees with it and is the closer match."""
    from factcheck.match.decide import judge_pair, pair_up

    both, german, williams = _mentions("Police named the teens as Liberty German and Abigail Williams, both 13.",
                                       "Police named them as Liberty German, 14, and Abigail Williams, 13.")
    assert german.subjects == {"german"} and williams.subjects == {"williams"}
    kept, dropped = pair_up([(both, williams, 0.9), (both, german, 0.8)])
    assert kept == [(both, williams, 0.9), (both, german, 0.8)] and dropped == []
    flagged = judge_pair(both, german, 0.8, 0.5)
    assert flagged.kind == "conflict" and flagged.reason.startswith("age of German: 13")
    assert flagged.flag is not None and flagged.flag.measure == "age of German"
    assert judge_pair(both, williams, 0.9, 0.5).kind == "agree"
    one, *others = _mentions("Police named the teen as Liberty German, 13.",
                             "Police named them as Liberty German, 14, and Abigail Williams, 13.")
    kept, dropped = pair_up([(one, others[1], 0.9), (one, others[0], 0.8)])
    assert kept == [(one, others[1], 0.9)] and len(dropped) == 1  # one person's age: one pairing


@pytest.mark.slow  # imports scikit-learn (2 s) to compare with it
def test_tfidf_is_scikit_learns_without_importing_it():
    import numpy as np
    from sklearn.feature_extraction._stop_words import ENGLISH_STOP_WORDS
    from sklearn.feature_extraction.text import TfidfVectorizer

    from factcheck.extract.lexicon import TFIDF_STOP_WORDS
    from factcheck.match.stories import _TOKEN, tfidf

    assert TFIDF_STOP_WORDS == ENGLISH_STOP_WORDS
    texts = [RIOT, RIOT2, SNOW, "The the THE and of.", "Klan's rally: Klan, klan-members; 12 arrested."]
    ours = tfidf(texts)
    theirs = TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=_TOKEN,
                             dtype=np.float32).fit_transform(texts)
    assert ours.shape == theirs.shape
    assert np.abs((ours @ ours.T).toarray() - (theirs @ theirs.T).toarray()).max() < 1e-5
    assert tfidf(["12 34", "and the"]) is None  # no words at all
