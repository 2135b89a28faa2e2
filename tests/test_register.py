"""The people register: one person, one name across the records read together.

Tables of spellings that are one person and spellings that are not, the
normalising of organisations, the aliases file, apply_register, and the
people table of the seed minutes (tests/fixtures/seed_00*.txt).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from minutes_cli import pipeline
from minutes_cli.errors import MinutesError
from minutes_cli.model import Action, Meeting, Minutes, Participant
from minutes_cli.people import (Aliases, apply_register, build_register, find_aliases, flatten, load_aliases,
                                place_organisation, read_texts)

FIXTURES = Path(__file__).parent / "fixtures"


def meeting(source: str, date: str, *people, chair=None, taker=None, owners=()) -> Minutes:
    """A record: people are "Name" (present), ("Name", org), ("Name", org, status) or ("Name", org, status, role)."""
    parts = []
    for n, p in enumerate(people, 1):
        p = (p,) if isinstance(p, str) else p
        name, org, status, role = (tuple(p) + (None, "present", None)[len(p) - 1:])[:4]
        parts.append(Participant(name=name, raw=name, status=status, organisation=org, role=role, line=n))
    actions = tuple(Action(id=f"A{k}", text=f"uppgift {k}", owners=tuple(o), owners_raw=tuple(o), due=None,
                           due_text=None, trigger="ska", confidence=0.8, item=None, line=50 + k, end_line=50 + k)
                    for k, o in enumerate(owners, 1))
    return Minutes(source=source, meeting=Meeting(date=date, chair=chair, minutes_taker=taker),
                   participants=tuple(parts), actions=actions)


def two_meetings(a, b, org_a=None, org_b=None):
    return [meeting("a.txt", "2020-01-10", (a, org_a), "Kim Andersson"),
            meeting("b.txt", "2020-02-10", (b, org_b), "Kim Andersson")]


# ---------------------------------------------------------------- one person or two


MERGE = [
    # the seeds' variants
    ("Magnus Frithiof", "Magnus Fritihof", "Region Kronoberg", "Region Kronoberg"),  # two letters swapped
    ("Mats Anderberg", "Mats Andersberg", "LNU", "Linneuniversitetet"),  # one letter more; LNU is Linnéuniversitetet
    ("Roger O Nilsson", "Roger O Nilssson", "Region Kronoberg", "Region Konoberg"),  # a doubled letter
    ("Roger Nilsson", "Roger O Nilsson", "Region Kronoberg", "Region Kronoberg"),  # middle initial or not
    ("Roger Nilsson", "Roger O Nilssson", None, None),  # middle initial and a doubled letter
    ("Nils-Göran Jonasson", "Nils Göran Jonasson", "Ljungby", "Ljungby"),  # hyphen or space
    ("Carina Petersson", "Carina Pettersson", "Region Kronoberg", "Region Kronoberg"),
    ("Angelica Thelin", "Angelika Thelin", "LNU", "Linnéuniversitetet"),  # a first name a letter away
    ("Erika Lagergren", "Erica Lagergren", None, None),
    ("Therese Linnér", "Therese Linner", "Lessebo", None),  # accents
    ("Therese Linnér", "Terese Linnér", None, None),
    ("Magnus Frithiof", "M. Frithiof", None, None),  # a first name as its initial
    ("Anders Elingfors", "anders elingfors", "Växjö", "Växjö kommun"),  # case
    ("Sofie Schentz Magnusson", "Sofie Schentz-Magnusson", None, None),
]

NO_MERGE = [
    ("Per Sandberg", "Annika Sandberg", "Växjö", "Växjö"),  # different first names
    ("Roger Nilsson", "Roger Johansson", None, None),  # surnames far apart
    ("Anna Ek", "Anna Eke", None, None),  # a letter in a short surname is another name
    ("Roger A Nilsson", "Roger O Nilsson", None, None),  # different middle initials
    ("Magnus Frithiof", "Magnus Fritihof", "Region Kronoberg", "Växjö"),  # a typo and two organisations
    ("Maria Svensson", "Marie Svensson", "Alvesta", "Lessebo"),
    ("Erik Berg", "Erika Berg", None, None),  # a letter more at the end of a first name is another name
    ("Johan Lindqvist", "Johanna Lindqvist", None, None),
    ("Per Nilsson", "Per-Henrik Nilsson", None, None),  # a second first name is not a middle initial
    ("Mats Anderberg", "Mats Andersson", None, None),
    ("Magnus Frithiof", "Magnus Wallinder", "Region Kronoberg", "Region Kronoberg"),
    ("Lena Nazzal", "Lena Nazal Berg", None, None),
]


@pytest.mark.parametrize("a, b, org_a, org_b", MERGE)
def test_one_person(a, b, org_a, org_b):
    reg = build_register(two_meetings(a, b, org_a, org_b))
    assert reg.canonical(b) == reg.canonical(a)
    assert reg.explain(b) is not None
    assert len(reg.persons) == 2  # and Kim Andersson


@pytest.mark.parametrize("a, b, org_a, org_b", NO_MERGE)
def test_two_people(a, b, org_a, org_b):
    reg = build_register(two_meetings(a, b, org_a, org_b))
    assert reg.canonical(a) == a
    assert reg.canonical(b) == b
    assert len(reg.persons) == 3


@pytest.mark.parametrize("a, b", [("Magnus Frithiof", "Magnus Fritihof"), ("Anna Ek", "Anna Eke"),
                                  ("Roger Nilsson", "Roger O Nilsson"), ("Erika Lagergren", "Erica Lagergren")])
def test_two_people_listed_in_one_meeting_are_two(a, b):
    docs = [meeting("a.txt", "2020-01-10", a, b), meeting("b.txt", "2020-02-10", a)]
    reg = build_register(docs)
    assert reg.canonical(a) == a and reg.canonical(b) == b


def test_the_same_name_listed_twice_in_one_meeting_is_one_person_listed_once():
    docs = [meeting("a.txt", "2020-01-10", ("Nils-Göran Jonasson", "Ljungby"),
                    ("Nils Göran Jonasson", "Ljungby", "absent"), "Per Sandberg")]
    reg = build_register(docs)
    out = apply_register(docs[0], reg)
    assert [p.name for p in out.participants] == ["Nils-Göran Jonasson", "Per Sandberg"]
    assert out.participants[0].status == "present"
    assert any("listed once" in w for w in out.warnings)


def test_a_spelling_between_two_people_is_kept_and_reported():
    docs = [meeting("a.txt", "2020-01-10", "Roger O Nilsson", "Roger A Nilsson"),
            meeting("b.txt", "2020-02-10", "Roger Nilsson")]
    reg = build_register(docs)
    assert {reg.canonical(n) for n in ("Roger O Nilsson", "Roger A Nilsson", "Roger Nilsson")} == {
        "Roger O Nilsson", "Roger A Nilsson", "Roger Nilsson"}
    out = apply_register(docs[1], reg)
    assert any("Roger Nilsson" in w and "two people" in w for w in out.warnings)


def test_no_chain_of_typos():
    # each a letter from the next, but the ends are two letters apart
    docs = [meeting("a.txt", "2020-01-10", "Anna Halberg"), meeting("b.txt", "2020-02-10", "Anna Hallberg"),
            meeting("c.txt", "2020-03-10", "Anna Hallbergs"), meeting("d.txt", "2020-04-10", "Anna Hallberg")]
    reg = build_register(docs)
    names = {reg.canonical(n) for n in ("Anna Halberg", "Anna Hallberg", "Anna Hallbergs")}
    assert "Anna Hallberg" in names and len(names) == 2


def test_canonical_is_the_most_frequent_then_the_earliest():
    docs = [meeting("1.txt", "2021-01-01", "Mats Andersberg"), meeting("2.txt", "2021-02-01", "Mats Anderberg"),
            meeting("3.txt", "2021-03-01", "Mats Anderberg")]
    assert build_register(docs).canonical("Mats Andersberg") == "Mats Anderberg"
    tie = [meeting("1.txt", "2021-05-01", "Carina Petersson"), meeting("2.txt", "2019-02-01", "Carina Pettersson")]
    reg = build_register(tie)
    assert reg.canonical("Carina Petersson") == "Carina Pettersson"  # the earlier meeting
    assert "tied" in reg.explain("Carina Pettersson")


# ---------------------------------------------------------------- mentions in the text


def test_first_names_and_slips_resolve_to_the_people_of_the_meeting():
    docs = [
        meeting("a.txt", "2021-11-05", ("Anders Elingfors", "Växjö", "present", "chair"), "Erika Lagergren",
                "Magnus Frithiof", "Magnus Wallinder", "Roger Johansson", "Roger Nilsson",
                chair="Andreas Elingfors", owners=[["Erica"], ["@Erika"], ["Magnus"], ["Roger"], ["ordföranden"],
                                                   ["Lisa"], ["presidiet"]]),
        meeting("b.txt", "2021-12-05", "Lisa Wasslöv", "Erika Lagergren"),
    ]
    reg = build_register(docs)
    out = apply_register(docs[0], reg)
    assert out.meeting.chair == "Anders Elingfors"  # a slip for the chair's first name, nothing else fits
    owners = [a.owners for a in out.actions]
    assert owners[0] == ("Erika Lagergren",) and owners[1] == ("Erika Lagergren",)
    assert owners[2] == ("Magnus",) and owners[3] == ("Roger",)  # two of each in the meeting: kept
    assert owners[4] == ("Anders Elingfors",)  # the role
    assert owners[5] == ("Lisa Wasslöv",)  # no Lisa in the meeting; the only one in the register
    assert owners[6] == ("presidiet",)
    assert [a.owners_raw for a in out.actions][0] == ("Erica",)
    assert any("'Magnus' could be any of" in w for w in out.warnings)
    assert any("'Roger' could be any of" in w for w in out.warnings)
    assert "slip" in reg.explain("Andreas Elingfors")


def test_no_slip_when_someone_else_fits():
    docs = [meeting("a.txt", "2021-11-05", ("Anders Elingfors", None, "present", "chair"), chair="Andreas Elingfors"),
            meeting("b.txt", "2021-12-05", "Andreas Elingfors")]
    reg = build_register(docs)
    assert apply_register(docs[0], reg).meeting.chair == "Andreas Elingfors"
    assert reg.canonical("Andreas Elingfors") == "Andreas Elingfors"


def test_names_in_the_text_are_variants_never_new_people():
    docs = [meeting("a.txt", "2021-11-05", "Erika Lagergren", ("Anders Elingfors", None, "present", "chair"),
                    "Per Sandberg")]
    text = ("Närvarande\nErika Lagergren\nAnders Elingfors\nPer Sandberg\n\n2. Enkät\nErica Lagergren\n"
            "Styrgrupp: Annika Sandberg, Carina Moser\nTherese Linnérs förslag.\n"
            "Andreas Elingfors avslutade mötet.\n")
    reg = build_register(docs, texts={"a.txt": text})
    rows = {r["name"]: r for r in reg.people_rows()}
    assert set(rows) == {"Erika Lagergren", "Anders Elingfors", "Per Sandberg"}
    assert rows["Erika Lagergren"]["variants"] == ["Erica Lagergren"]
    assert rows["Anders Elingfors"]["variants"] == ["Andreas Elingfors"]
    assert rows["Per Sandberg"]["variants"] == []


def test_user_names_in_brackets():
    docs = [meeting("2011.md", "2011-12-20", "Stefan Berggren", "Rasmus Kaj"),
            meeting("2016.md", "2016-11-24", "nsg", "kaj", "stellan", chair="nsg"),
            meeting("2019.md", "2019-11-28", "Stellan Lagerström", "kaj")]
    texts = {"2011.md": "* Stefan Berggren (nsg)\n* Rasmus Kaj (kaj)\nMötet valde tom (Tom Backman) till revisor.\n"}
    reg = build_register(docs, texts=texts)
    out = apply_register(docs[1], reg)
    assert [p.name for p in out.participants] == ["Stefan Berggren", "Rasmus Kaj", "Stellan Lagerström"]
    assert [p.raw for p in out.participants] == ["nsg", "kaj", "stellan"]
    assert out.meeting.chair == "Stefan Berggren"
    assert "user name" in reg.explain("nsg")
    assert reg.canonical("tom") == "tom"  # `tom` is nobody's name in the lists: not a user name to link


# ---------------------------------------------------------------- organisations


@pytest.mark.parametrize("written, canonical", [
    ("Region Kronoberg", "Region Kronoberg"),
    ("Region Konoberg", "Region Kronoberg"),
    ("Region Kronberg", "Region Kronoberg"),
    ("region kronoberg", "Region Kronoberg"),
    ("Region Jönköping", "Region Jönköpings län"),
    ("Västra Götalandsregionen", "Västra Götalandsregionen"),
    ("Växjö", "Växjö"),
    ("Växjö kommun", "Växjö"),
    ("Växjö Kommun", "Växjö"),
    ("Markaryds kommun", "Markaryd"),
    ("Borås kommun", "Borås"),
    ("Göteborgs stad", "Göteborg"),
    ("Vaxjo", "Växjö"),
    ("Älmhult", "Älmhult"),
    ("Almhult", "Älmhult"),
    ("LNU", "Linnéuniversitetet"),
    ("Polisen", "Polismyndigheten"),
    ("Linnéuniversitetet", "Linnéuniversitetet"),
    ("Socialtjänsten", "Socialtjänsten"),
])
def test_organisations(written, canonical):
    docs = [meeting("a.txt", "2020-01-10", ("Kim Andersson", written))]
    reg = build_register(docs)
    assert reg.organisation(written) == canonical
    assert apply_register(docs[0], reg).participants[0].organisation == canonical


def test_organisation_spellings_seen_together():
    docs = [meeting("a.txt", "2020-01-10", ("A Berg", "Linneuniversitetet"), ("B Berg", "Linnéuniversitetet"),
                    ("C Berg", "Linnéuniversitetet"), ("D Berg", "Kronobarnsmodellen"), ("E Berg", "Kronobarnsmodelen"))]
    reg = build_register(docs)
    assert reg.organisation("Linneuniversitetet") == "Linnéuniversitetet"
    assert reg.organisation("Kronobarnsmodelen") == "Kronobarnsmodellen"
    assert reg.explain("Kronobarnsmodelen")


@pytest.mark.parametrize("name", ["Anna", "Lund universitet", "Per Sandberg", ""])
def test_not_a_place(name):
    assert place_organisation(name) is None


# ---------------------------------------------------------------- the aliases file


ALIASES = '''
[people]
"Roger O Nilsson" = []
"Magnus Frithiof" = ["Mange Frithiof"]

[organisations]
"Region Kronoberg" = ["RK"]

[abbreviations]
KBM = "Kronobarnsmodellen"

[distinct]
people = [["Carina Petersson", "Carina Pettersson"]]
'''


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "minutes-aliases.toml").write_text(ALIASES, encoding="utf-8")
    return tmp_path


def _aliases_docs():
    return [meeting("1.txt", "2020-01-01", "Roger Nilsson", "Carina Petersson", "Magnus Frithiof", ("Kim Berg", "RK")),
            meeting("2.txt", "2020-02-01", "Roger Nilsson", "Carina Pettersson", "Mange Frithiof"),
            meeting("3.txt", "2020-03-01", "Roger O Nilsson", ("Magnus Frithiof", "Region Kronoberg"),
                    ("Kim Berg", "KBM"))]


def test_without_aliases():
    reg = build_register(_aliases_docs())
    assert reg.canonical("Roger O Nilsson") == "Roger Nilsson"  # listed more often
    assert reg.canonical("Carina Pettersson") == reg.canonical("Carina Petersson")
    assert reg.canonical("Mange Frithiof") == "Mange Frithiof"


def test_aliases_override_the_automatic_choice(archive):
    path = find_aliases(archive)
    assert path == archive / "minutes-aliases.toml"
    assert find_aliases(archive / "some-minutes.txt") == path  # a file: its folder
    aliases = load_aliases(path)
    reg = build_register(_aliases_docs(), aliases)
    assert reg.canonical("Roger Nilsson") == "Roger O Nilsson"  # canonical fixed
    assert reg.canonical("Mange Frithiof") == "Magnus Frithiof"  # a variant added
    assert reg.canonical("Carina Pettersson") == "Carina Pettersson"  # a merge forbidden
    assert reg.canonical("Carina Petersson") == "Carina Petersson"
    assert reg.organisation("RK") == "Region Kronoberg"
    assert reg.organisation("KBM") == "Kronobarnsmodellen"
    assert "aliases file" in reg.explain("Mange Frithiof")
    assert "aliases file" in reg.explain("Roger O Nilsson")
    out = apply_register(_aliases_docs()[1], reg)
    assert [p.name for p in out.participants] == ["Roger O Nilsson", "Carina Pettersson", "Magnus Frithiof"]
    assert [p.raw for p in out.participants] == ["Roger Nilsson", "Carina Pettersson", "Mange Frithiof"]


def test_aliases_merge_people_listed_in_one_meeting_and_the_record_lists_them_once(tmp_path):
    f = tmp_path / "a.toml"
    f.write_text('[people]\n"Magnus Frithiof" = ["M. Frithiof"]\n', encoding="utf-8")
    docs = [meeting("1.txt", "2020-01-01", "Magnus Frithiof", ("M. Frithiof", None, "absent"))]
    out = apply_register(docs[0], build_register(docs, load_aliases(f)))
    assert [(p.name, p.status) for p in out.participants] == [("Magnus Frithiof", "present")]


def test_no_aliases_file(tmp_path):
    assert find_aliases(tmp_path) is None


@pytest.mark.parametrize("text, words", [
    ("[people\n", "not valid TOML"),
    ("[peple]\n", "unknown table [peple]"),
    ("[people]\n\"A B\" = 3\n", "list of names"),
    ("[distinct]\npeople = [\"A B\", \"C D\"]\n", "list of lists"),
    ("[people]\n\"A B\" = [\"C D\"]\n\"E F\" = [\"C D\"]\n", "is given to both"),
    ("[abbreviations]\nLNU = 1\n", "full name in quotes"),
])
def test_bad_aliases_files(tmp_path, text, words):
    f = tmp_path / "minutes-aliases.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(MinutesError) as e:
        load_aliases(f)
    assert words in str(e.value) and str(f) in str(e.value)


def test_missing_aliases_file(tmp_path):
    with pytest.raises(MinutesError, match="no such aliases file"):
        load_aliases(tmp_path / "nope.toml")


# ---------------------------------------------------------------- the seeds read together


@pytest.fixture(scope="module")
def seeds():
    docs = [d for f in sorted(FIXTURES.glob("seed_00*.txt")) for d in pipeline.parse_path_all(f)]
    reg = build_register(docs, texts=read_texts(docs))
    return docs, reg


# present, absent, actions owned, variants: counted by reading the five seed minutes
SEED_PEOPLE = {
    "Magnus Frithiof": (5, 0, 2, {"Magnus Fritihof"}),
    "Erika Lagergren": (5, 0, 4, {"Erica Lagergren"}),
    "Anders Elingfors": (4, 1, 0, {"Andreas Elingfors"}),
    "Mats Anderberg": (5, 0, 0, {"Mats Andersberg"}),
    "Angelica Thelin": (4, 0, 0, {"Angelika Thelin"}),
    "Nils-Göran Jonasson": (3, 1, 0, {"Nils Göran Jonasson"}),
    "Roger Johansson": (3, 2, 0, set()),
    "Per Sandberg": (3, 1, 0, set()),
    "Annika Magnerot": (3, 1, 1, set()),
}


@pytest.mark.parametrize("name", sorted(SEED_PEOPLE))
def test_seed_people(seeds, name):
    _, reg = seeds
    row = next(r for r in reg.people_rows() if r["name"] == name)
    present, absent, actions, variants = SEED_PEOPLE[name]
    assert (row["present"], row["absent"], row["actions_owned"]) == (present, absent, actions)
    assert variants <= set(row["variants"])
    assert len(row["meetings"]) == present + absent


def test_seed_people_are_listed_once(seeds):
    _, reg = seeds
    names = [r["name"] for r in reg.people_rows()]
    assert len(names) == len(set(names))
    roger = next(r for r in reg.people_rows() if "Roger O Nilssson" in [r["name"]] + r["variants"])
    assert {"Roger Nilsson", "Roger O Nilsson", "Roger O Nilssson"} == {roger["name"], *roger["variants"]}
    carina = next(r for r in reg.people_rows() if r["name"] in ("Carina Petersson", "Carina Pettersson"))
    assert (carina["present"], carina["absent"]) == (2, 2)
    for variant in ("Magnus Fritihof", "Erica Lagergren", "Andreas Elingfors", "Mats Andersberg", "Nils Göran Jonasson",
                    "Angelika Thelin"):
        assert variant not in names


def test_seed_records_keep_what_was_written(seeds):
    docs, reg = seeds
    out = [apply_register(d, reg) for d in docs]
    p = next(p for d in out for p in d.participants if p.raw == "Magnus Fritihof")
    assert p.name == "Magnus Frithiof"
    p = next(p for d in out for p in d.participants if p.raw == "Roger O Nilssson")
    assert p.organisation == "Region Kronoberg"
    assert {p.organisation for d in out for p in d.participants if p.raw in ("Mats Anderberg", "Mats Andersberg")} == {
        "Linnéuniversitetet"}
    for d, o in zip(docs, out):
        assert [p.raw for p in d.participants] == [p.raw for p in o.participants]
        assert [a.owners_raw for a in d.actions] == [a.owners_raw for a in o.actions]
        assert o.meeting.chair in (None, "Anders Elingfors", "Camilla Holmqvist")


def test_seed_attendance_matrix(seeds):
    _, reg = seeds
    columns, rows = reg.matrix()
    assert columns == ["name", "2019-02-15", "2020-04-03", "2020-09-04", "2021-04-09", "2021-11-05"]
    magnus = next(r for r in rows if r["name"] == "Magnus Frithiof")
    assert [magnus[c] for c in columns[1:]] == ["present"] * 5
    columns, rows = reg.matrix("organisation")
    almhult = next(r for r in rows if r["name"] == "Älmhult")
    assert [almhult[c] for c in columns[1:]] == ["absent", "present", "present", "absent", "present"]
    assert {r["name"] for r in rows} >= {"Region Kronoberg", "Linnéuniversitetet", "Växjö", "Polismyndigheten"}
    assert not {"Region Konoberg", "LNU", "Linneuniversitetet", "Växjö kommun"} & {r["name"] for r in rows}


def test_matches():
    docs = [meeting("a.txt", "2021-11-05", "Erika Lagergren", "Magnus Frithiof"),
            meeting("b.txt", "2021-12-05", "Magnus Fritihof")]
    reg = build_register(docs, texts={"a.txt": "Erica Lagergren går igenom enkäten."})
    for q in ("Erika", "erika", "Erica", "@erika", "Lagergren", "Erika Lagergren", "Erica Lagergren"):
        assert reg.matches(q, "Erika Lagergren"), q
    assert reg.matches("Magnus", "Magnus Fritihof")
    assert reg.matches("Magnus Fritihof", "Magnus Frithiof")
    assert not reg.matches("Magnus", "Erika Lagergren")
    assert not reg.matches("Erik", "Erika Lagergren")


def test_flatten_for_csv(seeds):
    _, reg = seeds
    row = flatten(next(r for r in reg.people_rows() if r["name"] == "Magnus Frithiof"))
    assert row["variants"] == "Magnus Fritihof"
    assert row["meetings"].startswith("2019-02-15 present; 2020-04-03 present")


def test_apply_register_to_a_record_read_again(seeds):
    _, reg = seeds
    again = pipeline.parse_path_all(FIXTURES / "seed_001.txt")[0]  # equal, not the same object
    out = apply_register(again, reg)
    assert "Magnus Frithiof" in [p.name for p in out.participants]


def test_empty():
    reg = build_register([])
    assert reg.people_rows() == [] and reg.matrix() == (["name"], [])
    assert reg.canonical("Anna Berg") == "Anna Berg" and reg.explain("Anna Berg") is None
    assert isinstance(Aliases(), Aliases)


# ---------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FIRST = ["Anna", "Anne", "Erik", "Erika", "Per", "Magnus", "Roger", "Nils-Göran", "Nils Göran", "M."]
_LAST = ["Ek", "Eke", "Berg", "Nilsson", "Nilssson", "O Nilsson", "Frithiof", "Fritihof", "Petersson", "Pettersson"]
_ORG = [None, "Växjö", "Växjö kommun", "Region Kronoberg", "Region Konoberg", "LNU", "Alvesta"]
_entry = st.tuples(st.sampled_from(_FIRST), st.sampled_from(_LAST), st.sampled_from(_ORG),
                   st.sampled_from(["present", "absent", "guest"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_entry, min_size=1, max_size=6), min_size=1, max_size=6))
def test_properties_of_any_archive(archive):
    docs = [meeting(f"{i}.txt", f"2020-01-{i + 1:02d}", *[(f"{f} {l}", o, s) for f, l, o, s in people],
                    owners=[[people[0][0]]])
            for i, people in enumerate(archive)]
    reg = build_register(docs)
    for d in docs:
        out = apply_register(d, reg)
        # what was written is kept; a person is listed once
        assert {p.raw for p in out.participants} <= {p.raw for p in d.participants}
        assert len({p.name for p in out.participants}) == len(out.participants)
        assert [a.owners_raw for a in out.actions] == [a.owners_raw for a in d.actions]
        # two different names listed in one meeting are never made one person
        names = {}
        for p in d.participants:
            names.setdefault(" ".join(p.name.replace("-", " ").replace(".", " ").casefold().split()), p.name)
        assert len({reg.canonical(n) for n in names.values()}) == len(names)
    for p in reg.persons:  # canonical names are fixed points
        assert reg.canonical(p.name) == p.name
        for s in p.spellings:
            assert reg.canonical(s) == p.name
    rows = reg.people_rows()
    assert sum(r["present"] + r["absent"] for r in rows) == sum(
        len({reg.canonical(p.name) for p in d.participants}) for d in docs)


def test_the_documented_aliases_file_loads(tmp_path):
    doc = (Path(__file__).parent.parent / "docs" / "people.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "minutes-aliases.toml"
    f.write_text(example, encoding="utf-8")
    aliases = load_aliases(f)
    assert ("Magnus Frithiof", ("Magnus Fritihof", "Mange Frithiof")) in aliases.people
    assert ("Carina Petersson", "Carina Pettersson") in aliases.distinct_people
    reg = build_register([meeting("1.txt", "2020-01-01", ("Kim Berg", "IFO"))], aliases)
    assert reg.organisation("IFO") == "Individ- och familjeomsorgen"
    assert reg.organisation("lnu") == "Linnéuniversitetet"


def test_an_owner_a_typo_from_someone_of_another_meeting_is_kept_and_reported():
    docs = [meeting("a.txt", "2020-01-10", "Per Sandberg", owners=[["Carina Moser"]]),
            meeting("b.txt", "2020-02-10", ("Carina Mosel", "Växjö"))]
    reg = build_register(docs)
    out = apply_register(docs[0], reg)
    assert out.actions[0].owners == ("Carina Moser",)
    assert any("'Carina Moser' may be Carina Mosel" in w for w in out.warnings)
    row = next(r for r in reg.people_rows() if r["name"] == "Carina Moser")
    assert (row["present"], row["absent"], row["actions_owned"]) == (0, 0, 1)
