"""Actors stage: find actor mentions in a parsed article and code noun phrases CAMEO-style.

An actor code is a primary code (a country's ISO3, or IGO/NGO/IMG...) plus a role (GOV, MIL, REB...).
Names, demonyms, capitals, leaders (by date), organisations and role nouns come from the data files;
a noun phrase combines what its words say: "Russian air forces" = RUS (demonym) + MIL (role noun).
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from .config import Options
from .dictionaries import read_petrarch_actors, read_petrarch_agents, read_table, split_list
from .errors import DictionaryError
from .places import Gazetteer
from .records import Actor, ActorMention, DictionaryEntry, Event
from .text import fold

ROLES = frozenset("""GOV MIL REB OPP PTY COP JUD LEG SPY MED EDU BUS CRM CVL REF LAB HLH HRI ELI AGR ENV REL
UAF IGO NGO MOD RAD""".split())
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they", "them"})
# Dependents that belong to the same noun phrase as their head when we read an actor off it.
_NP_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos", "npadvmod", "flat"})
# "the country" and friends refer back to the last actor of that kind.
_ANAPHORA = {"country": "country", "nation": "country", "state": "country", "kingdom": "country",
             "republic": "country", "group": "organisation", "organisation": "organisation",
             "organization": "organisation", "movement": "organisation", "alliance": "organisation",
             "bloc": "organisation"}

Tokenize = Callable[[str], list[str]]


@dataclass
class ActorDictionary:
    """Lookup tables from token sequences to dictionary entries."""

    names: dict[tuple[str, ...], list[DictionaryEntry]] = field(default_factory=lambda: defaultdict(list))
    upper_names: dict[tuple[str, ...], list[DictionaryEntry]] = field(default_factory=lambda: defaultdict(list))
    agents: dict[tuple[str, ...], DictionaryEntry] = field(default_factory=dict)
    # Longest entry by first word (folded names; lower-cased upper names and agents): most tokens start none.
    starts: dict[str, int] = field(default_factory=dict)
    lower_starts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, tokenize: Tokenize, options: Options = Options()) -> "ActorDictionary":
        book = cls()
        book.add_countries("countries.tsv", tokenize)
        book.add_regions("regions.tsv", tokenize)
        book.add_leaders("leaders.tsv", tokenize)
        book.add_organisations("organisations.tsv", tokenize)
        book.add_agents("agents.tsv", tokenize)
        for path in options.actors:
            book.add_user_file(path, tokenize)
        for path in options.agents:
            book.add_user_file(path, tokenize, agents=True)
        return book

    # --- loading --------------------------------------------------------------------------------
    def add_name(self, text: str, entry: DictionaryEntry, tokenize: Tokenize, *, first: bool = False) -> None:
        text = text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        words = tuple(fold(w) for w in tokenize(text) if w.strip())
        if not words:
            return
        upper = text.isupper() and len(text) > 4 and " " in text
        key = tuple(w.lower() for w in words) if upper else words
        bucket = (self.upper_names if upper else self.names)[key]
        bucket.insert(0, entry) if first else bucket.append(entry)
        starts = self.lower_starts if upper else self.starts
        starts[key[0]] = max(starts.get(key[0], 0), len(key))

    def add_agent(self, phrase: str, entry: DictionaryEntry, tokenize: Tokenize) -> None:
        words = tuple(w.lower() for w in tokenize(phrase.strip()) if w.strip())
        if words:
            self.agents[words] = entry
            self.lower_starts[words[0]] = max(self.lower_starts.get(words[0], 0), len(words))

    def add_countries(self, path, tokenize: Tokenize) -> None:
        for row in read_table(path):
            iso3 = row["iso3"]
            for kind, cells in (("country", [row["name"], row["aliases"]]), ("demonym", [row["demonyms"]]),
                                ("metonym", [row["metonyms"]])):
                role = "GOV" if kind == "metonym" else None
                for cell in cells:
                    for name in split_list(cell):
                        label = f"{Path(str(path)).name}: {name!r} {kind} of {iso3}"
                        self.add_name(name, DictionaryEntry(kind, iso3, role, iso3 + (role or ""), label), tokenize)

    def add_regions(self, path, tokenize: Tokenize) -> None:
        """Regions give their country as a modifier: 'Darfur rebels' is SDN + REB."""
        for row in read_table(path):
            for name in split_list(row["names"]):
                label = f"{Path(str(path)).name}: {name!r} region of {row['country']}"
                self.add_name(name, DictionaryEntry("demonym", row["country"], None, row["country"], label), tokenize)

    def add_leaders(self, path, tokenize: Tokenize) -> None:
        for row in read_table(path):
            start, end = _date_or_none(row.get("start"), path), _date_or_none(row.get("end"), path)
            label = (f"{Path(str(path)).name}: {row['name']}, {row['office']} of {row['country']} "
                     f"{row.get('start') or '?'}..{row.get('end') or 'now'}")
            code = row.get("code") or row["country"] + "GOV"
            role = code[3:6] if code[3:6] in ROLES else None  # IGOUNO: the UN, no role
            entry = DictionaryEntry("leader", code[:3], role, code, label, start, end, row["office"])
            for name in [row["name"], *split_list(row.get("aliases", ""))]:
                self.add_name(name, entry, tokenize)

    def add_organisations(self, path, tokenize: Tokenize, *, first: bool = False) -> None:
        for row in read_table(path):
            label = f"{Path(str(path)).name}: {split_list(row['names'])[0]} = {row['code']}"
            entry = DictionaryEntry("organisation", row["country"] or None, row.get("role") or None,
                                    row["code"], label)
            for name in split_list(row["names"]):
                self.add_name(name, entry, tokenize, first=first)

    def add_agents(self, path, tokenize: Tokenize) -> None:
        for row in read_table(path):
            label = f"{Path(str(path)).name}: {row['phrase']!r} = {row['role']}"
            self.add_agent(row["phrase"], DictionaryEntry("agent", None, row["role"], None, label), tokenize)

    def add_user_file(self, path: str, tokenize: Tokenize, *, agents: bool = False) -> None:
        """A user's dictionary, in one of our TSV layouts or in PETRARCH/Phoenix format; it wins over ours."""
        if not Path(path).is_file():
            raise DictionaryError(path, "no such dictionary file")
        if str(path).endswith(".tsv"):
            header = set(read_table(path)[0]) if read_table(path) else set()
            loaders = {"iso3": self.add_countries, "office": self.add_leaders, "phrase": self.add_agents}
            for column, loader in loaders.items():
                if column in header:
                    return loader(path, tokenize)
            if {"names", "code"} <= header:
                return self.add_organisations(path, tokenize, first=True)
            raise DictionaryError(path, "is not a tidings dictionary", "see docs/dictionaries.md for the columns")
        if agents:
            self.add_petrarch_agents(path, tokenize)
        else:
            self.add_petrarch_actors(path, tokenize)

    def add_petrarch_actors(self, path, tokenize: Tokenize) -> None:
        for names, codes in read_petrarch_actors(path):
            for code, start, end in codes:
                code = code.upper()
                country, role = code[:3], code[3:6] if code[3:6] in ROLES else None
                entry = DictionaryEntry("organisation", country, role, code, f"{Path(path).name}: {names[0]} [{code}]",
                                        _petrarch_date(start), _petrarch_date(end))
                for name in names:
                    self.add_name(name.upper() if " " in name else name.title(), entry, tokenize, first=True)
                    self.add_name(name, entry, tokenize, first=True)

    def add_petrarch_agents(self, path, tokenize: Tokenize) -> None:
        for phrase, code, _ in read_petrarch_agents(path):
            role = code[:3]
            self.add_agent(phrase.lower(), DictionaryEntry("agent", None, role, None, f"{Path(path).name}: "
                                                           f"{phrase} [~{code}]"), tokenize)

    # --- lookup ---------------------------------------------------------------------------------
    def match_at(self, words: "_SentenceWords", i: int) -> tuple[int, list[DictionaryEntry]] | None:
        """The longest dictionary entry starting at word i of a sentence: (length, entries)."""
        longest = max(self.starts.get(words.folded[i], 0), self.lower_starts.get(words.lower[i], 0),
                      self.lower_starts.get(words.lemma[i], 0))
        for length in range(min(longest, len(words.folded) - i), 0, -1):
            end = i + length
            found = self.names.get(tuple(words.folded[i:end])) or self.upper_names.get(tuple(words.lower[i:end]))
            if found:
                return length, found
            agent = (self.agents.get(tuple(words.lower[i:end - 1]) + (words.lemma[end - 1],))
                     or self.agents.get(tuple(words.lower[i:end])))
            if agent:
                return length, [agent]
        return None


@dataclass(frozen=True, slots=True)
class _SentenceWords:
    """A sentence's tokens as the dictionaries see them, computed once."""

    folded: list[str]
    lower: list[str]
    lemma: list[str]

    @classmethod
    def of(cls, tokens: list[Token]) -> "_SentenceWords":
        folded = [fold(t.text) if not t.text.isascii() else t.text for t in tokens]
        return cls(folded, [t.lower_ for t in tokens], [t.lemma_.lower() for t in tokens])

    @classmethod
    def of_words(cls, words: list[str]) -> "_SentenceWords":
        """Unparsed words (the prefilter's): a plural's lemma is guessed by dropping its "s"."""
        folded = [fold(w) if not w.isascii() else w for w in words]
        lower = [w.lower() for w in words]
        return cls(folded, lower, [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in lower])


def names_an_actor(book: ActorDictionary, words: list[str]) -> bool:
    """Whether the dictionaries find any actor in these words (the prefilter's test, before parsing)."""
    sentence = _SentenceWords.of_words(words)
    return any(book.match_at(sentence, i) for i in range(len(words)))


def _date_or_none(value: str | None, path) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(str(path), f"{value!r} is not a YYYY-MM-DD date") from None


def _petrarch_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    digits = value.strip()
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%y%m%d", "%Y"):  # PETRARCH writes 950601 as well as 19950601
        try:
            return dt.datetime.strptime(digits, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class _Found:
    start: int
    end: int
    entries: list[DictionaryEntry]


@dataclass(frozen=True, slots=True)
class _Antecedent:
    """An actor seen earlier in the article, for pronouns and "the country" to refer back to."""

    token: int
    mention: ActorMention
    person: bool
    subject: bool


# Titles that mean the holder of that office named last: "the president" after "Obama arrived" is Obama's
# government, not that of the last country named ("skeptical of Syrian claims").
_LEADER_TITLES = {"president": "head_of_state", "king": "head_of_state", "queen": "head_of_state",
                  "emir": "head_of_state", "sultan": "head_of_state", "monarch": "head_of_state",
                  "premier": "head_of_government", "chancellor": "head_of_government"}
_PLURAL_ANAPHORA = frozenset({"two", "both"})
# Plural heads that refer back to the two parties just named: "the two countries", "both leaders".
_PLURAL_HEADS = frozenset({"country", "nation", "state", "side", "leader", "minister", "government", "party",
                           "delegation", "president", "neighbour", "neighbor", "rival", "ally", "power",
                           "official", "foreign minister", "capital"})
_PEOPLE_HEADS = frozenset({"leader", "minister", "president", "official", "delegation"})
# A capital after these is a place, not a stand-in for its government: "in Moscow".
_PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "poss", "appos", "agent"})  # places acting as parties
_NON_STATES = frozenset({"IGO", "NGO", "IMG", "MNC"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "from", "to", "into", "across"})


class DocActors:
    """The actors of one parsed article: mentions by token, and actor coding of noun phrases."""

    def __init__(self, doc: Doc, book: ActorDictionary, published: dt.date | None, options: Options,
                 military_nouns: frozenset[str] = frozenset(), *, gazetteer: Gazetteer | None = None,
                 home: str | None = None) -> None:
        self.doc, self.book, self.published, self.options = doc, book, published, options
        self.gazetteer, self.home = gazetteer, home  # home: the dateline's country
        self._main: str | None | bool = False  # the article's main country, found when first needed
        self._contexts: dict[tuple[int, str | None], tuple[str, str] | None] = {}  # by sentence and place
        self.military_nouns = military_nouns
        self.by_token: dict[int, _Found] = {}
        self.history: list[_Antecedent] = []  # in token order
        self.surnames: dict[str, Actor] = {}  # "Grundberg" -> the actor of "UN envoy Hans Grundberg"
        self._sent_starts = [s.start for s in doc.sents]
        for sent in doc.sents:
            self._scan(sent)
        for ent in doc.ents:  # people we cannot code yet: "he" may mean them, not an earlier leader
            if ent.label_ == "PERSON" and ent.root.i not in self.by_token:
                self._remember(ActorMention(Actor("", None, None, ent.text), ent.start, ent.end, "person"), True)

    def _scan(self, sent: Span) -> None:
        tokens, i = list(sent), 0
        words = _SentenceWords.of(tokens)
        while i < len(tokens):
            hit = self.book.match_at(words, i)
            if not hit:
                i += 1
                continue
            length, entries = hit
            found = _Found(tokens[i].i, tokens[i].i + length, entries)
            for k in range(found.start, found.end):
                self.by_token[k] = found
            actor = self._single(found)
            place_like = entries[0].kind == "metonym" and tokens[i].dep_ == "pobj" and tokens[i].head.lower_ in _LOCATIVE
            if actor and entries[0].kind != "agent" and not place_like:
                self._remember(ActorMention(actor, found.start, found.end, entries[0].kind),
                               entries[0].kind == "leader")
            i += length

    def _remember(self, mention: ActorMention, person: bool) -> None:
        if any(a.token == mention.start and a.mention.actor.code == mention.actor.code for a in self.history):
            return
        head = self.doc[mention.start:mention.end].root
        while head.dep_ in ("compound", "amod", "poss", "appos", "flat") and head.head.i != head.i:
            head = head.head
        entry = _Antecedent(mention.start, mention, person, head.dep_ in ("nsubj", "nsubjpass"))
        bisect.insort(self.history, entry, key=lambda a: a.token)

    def mentions(self) -> list[ActorMention]:
        return [a.mention for a in self.history]

    def _entry(self, found: _Found) -> DictionaryEntry:
        """The entry that applies on the article's date (leaders), else the first."""
        dated = [e for e in found.entries if e.kind == "leader" or e.start or e.end]
        if not dated:
            return found.entries[0]
        if self.published is None:  # an undated text: the person's latest office
            return max(dated, key=lambda e: e.end or dt.date.max)
        current = [e for e in dated if e.active_on(self.published)]
        if current:
            return current[0]
        ended = [e for e in dated if e.end and self.published and e.end < self.published]
        if ended:  # a former office holder: an elite of the same country
            last = max(ended, key=lambda e: e.end)
            return DictionaryEntry("leader", last.country, "ELI", f"{last.country}ELI", last.label + " (former)")
        first = dated[0]
        return DictionaryEntry("leader", first.country, None, first.country, first.label + " (not yet in office)")

    def _single(self, found: _Found) -> Actor | None:
        entry = self._entry(found)
        if entry.kind == "agent":
            return None
        text = self.doc[found.start:found.end].text
        return Actor(entry.code or (entry.country or ""), entry.country, entry.role, text, (entry.label,))

    # --- noun phrase coding ---------------------------------------------------------------------
    def actors_at(self, head: Token, include_of: bool = True) -> list[Actor]:
        """Like actor_at, but "the two countries" and "both sides" give the last two actors."""
        head = _partitive_head(head)
        lemma = head.lemma_.lower()
        if lemma in _PLURAL_HEADS and head.tag_ in ("NNS", "NNPS") and any(
                c.lower_ in _PLURAL_ANAPHORA for c in head.lefts):
            if all(self._entry(f).kind == "agent" for f in self._found_in(np_tokens(head, False))):
                group = self._antecedents(head, 2, people=lemma in _PEOPLE_HEADS)
                if len(group) == 2:
                    role = self.by_token[head.i].entries[0].role if self._is_role_noun(head) else None
                    return [_with_role(a, role) for a in group] if role else group
        actor = self.actor_at(head, include_of)
        return [actor] if actor else []

    def actor_at(self, head: Token, include_of: bool = True) -> Actor | None:
        """Code the noun phrase headed by `head`, resolving pronouns and 'the country' style anaphora."""
        if head.lower_ in PERSON_PRONOUNS | THING_PRONOUNS and head.pos_ == "PRON":
            return self._pronoun(head)
        span = np_tokens(head, include_of and self._is_role_noun(head))
        found = self._found_in(span)
        entries = [(f, self._entry(f)) for f in found]
        named = [(f, e) for f, e in entries if e.kind != "agent"]
        roles = [(f, e) for f, e in entries if e.kind == "agent" and _describes(self.doc[f.end - 1], head)]
        role_entry = next((e for f, e in roles if f.start <= head.i < f.end), roles[0][1] if roles else None)
        if not named:
            known = self.surnames.get(head.text) if head.ent_type_ == "PERSON" else None
            if known:  # "Grundberg" after "UN special envoy Hans Grundberg"
                return Actor(known.code, known.country, known.role, head.text, known.entries + (
                    f"coreference: {head.text!r} -> {known.name!r}",))
            return self._role_only(head, span, role_entry)
        actor = self._compose(head, span, named, roles, role_entry)
        person = any(t.ent_type_ == "PERSON" for t in span) or any(e.kind == "leader" for _, e in named)
        if person and head.ent_type_ == "PERSON":
            self.surnames.setdefault(head.text, actor)
        self._remember(ActorMention(actor, span[0].i, span[-1].i + 1, "phrase"), person)
        return actor

    def _compose(self, head, span, named, roles, role_entry) -> Actor:
        # The entry nearest the head names the actor: "Putin's spokesman" is RUS via Putin.
        _, base = min(named, key=lambda fe: (fe[1].kind == "demonym", abs(fe[0].start - head.i)))
        role = base.role
        # a senator stays LEG in "Senate Majority Leader Mitch McConnell"; a president is what the noun says
        overridable = base.kind in ("metonym", "country", "demonym") or (base.kind == "leader" and role == "GOV")
        if role_entry and (role is None or overridable):
            role = role_entry.role
        if role is None and head.lemma_.lower() in self.military_nouns:
            role = "MIL"  # "Turkish drone strikes": the weapons stand for the armed forces
        if base.kind == "organisation" or (base.kind == "leader" and base.country in _NON_STATES):
            # An international organisation's officials are the organisation: "UN Secretary-General" is
            # IGOUNO; a national one takes the role: "Bree President" is BREGOV.
            international = base.country in ("IGO", "NGO", "IMG")
            extra = "" if base.role or role is None or (role == "GOV" and international) else role
            code, role = (base.code or "") + extra, base.role or (extra or None)
        else:
            code = (base.country or "") + (role or "")
        labels = tuple(e.label for _, e in named + roles)
        return Actor(code, base.country, role, phrase_text(self.doc, span), labels)

    def _is_role_noun(self, head: Token) -> bool:
        found = self.by_token.get(head.i)
        return bool(found and found.entries[0].kind == "agent")

    def _found_in(self, span: list[Token]) -> list[_Found]:
        seen, out = set(), []
        for token in span:
            found = self.by_token.get(token.i)
            if found and id(found) not in seen:
                seen.add(id(found))
                out.append(found)
        return out

    def _role_only(self, head: Token, span: list[Token], role_entry: DictionaryEntry | None) -> Actor | None:
        lemma = head.lemma_.lower()
        definite = any(t.lower_ in ("the", "its", "their", "this") for t in head.lefts)
        if lemma in _ANAPHORA and definite:
            return self._antecedent(head, person=False, kind=_ANAPHORA[lemma])
        if role_entry is None:
            return None
        located = self._located_in(head) if role_entry.role not in ("MIL", "IGO", "NGO") else None
        if located:  # "rebels in the Ivory Coast", "the police in the Gaza Strip"; troops abroad are not local
            return Actor(located.country + role_entry.role, located.country, role_entry.role,
                         phrase_text(self.doc, span), (located.label, role_entry.label))
        if definite and lemma in _LEADER_TITLES and role_entry.role == "GOV":
            leader = self._last_leader(head, _LEADER_TITLES[lemma])
            if leader is not None:
                return Actor(leader.country + "GOV", leader.country, "GOV", phrase_text(self.doc, span),
                             leader.entries + (role_entry.label,))
        if definite:  # "the government" in a story about Syria is Syria's government; "its navy" the subject's
            possessive = any(t.lower_ in ("its", "their") for t in head.lefts)
            previous = self._antecedent(head, person=False, kind="country", prefer_subject=possessive)
            if previous and previous.country:
                return Actor(previous.country + role_entry.role, previous.country, role_entry.role,
                             phrase_text(self.doc, span), previous.entries + (role_entry.label,))
        return Actor(role_entry.role, None, role_entry.role, phrase_text(self.doc, span), (role_entry.label,))

    def _last_leader(self, token: Token, office: str) -> Actor | None:
        """The last holder of `office` on the article's date named before `token` in the coreference window."""
        for item in self._candidates(token, person=True, kind=None):
            found = self.by_token.get(item.token)
            if item.mention.kind == "leader" and found and self._entry(found).office == office:
                return item.mention.actor
        return None

    def on_event_date(self, event: Event) -> Event:
        """Recode the parties by the event's own date: "Putin" in 2007 background is the president of that
        year, not the official of the article's date."""
        if event.date is None or self.published is None or event.date == self.published:
            return event
        saved, self.published = self.published, event.date
        try:
            source, target = self._recoded(event.source, event), self._recoded(event.target, event)
        finally:
            self.published = saved
        return dataclasses.replace(event, source=source, target=target)

    def _recoded(self, actor: Actor | None, event: Event) -> Actor | None:
        if actor is None or not actor.name or not any(".." in e for e in actor.entries):  # only dated entries
            return actor
        at = self.doc.text.find(actor.name, event.sentence.start, event.sentence.end)
        span = self.doc.char_span(at, at + len(actor.name), alignment_mode="expand") if at >= 0 else None
        if span is None:
            return actor
        for token in reversed(span):  # the head of an English noun phrase is on its right: "President Trump"
            again = self.actor_at(token)
            if again is not None and again.country:
                return again
        return actor

    def in_context(self, event: Event, sent: Span) -> Event:
        """Generic agents ("police", "protesters", "troops") take their country from context: the event's
        place or a place in its sentence, else the dateline, else the article's main country. Not when
        that would make both sides the same actor."""
        source, target = self._settled(event.source, event, sent), self._settled(event.target, event, sent)
        if target is not None and source.code == target.code:
            return event
        return dataclasses.replace(event, source=source, target=target)

    def _settled(self, actor: Actor | None, event: Event, sent: Span) -> Actor | None:
        if actor is None or actor.country or not actor.role or actor.role in _NON_STATES or actor.code != actor.role:
            return actor
        context = self.context_country(sent, event.place.country if event.place else None)
        if context is None:
            return actor
        country, why = context
        return Actor(country + actor.role, country, actor.role, actor.name, (why, *actor.entries))

    def context_country(self, sent: Span, place: str | None = None) -> tuple[str, str] | None:
        """The country a generic agent in `sent` belongs to, with the reason (once per sentence and place:
        the events stage asks for every pattern match)."""
        key = (sent.start, place)
        if key not in self._contexts:
            self._contexts[key] = self._find_context(sent, place)
        return self._contexts[key]

    def _find_context(self, sent: Span, place: str | None) -> tuple[str, str] | None:
        if place and place not in _NON_STATES:
            return place, f"context: the event's place is in {place}"
        places = [t for t in sent if t.ent_type_ in ("GPE", "LOC") and t.ent_iob_ == "B"]
        located = [t for t in places if t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE]
        others = [t for t in places if t not in located and t.dep_ not in _PARTY_DEPS]  # "south of Idlib city"
        for token in located + others:
            country = self._place_country(token)
            if country:
                return country, f"context: the sentence's place {token.text!r} is in {country}"
        if self.home:
            return self.home, f"context: the dateline is in {self.home}"
        main = self.main_country()
        return (main, f"context: the article is mainly about {main}") if main else None

    def _place_country(self, token: Token) -> str | None:
        found = self.by_token.get(token.i)
        entry = self._entry(found) if found else None
        if entry and entry.kind in ("country", "metonym", "demonym") and entry.country not in _NON_STATES:
            return entry.country
        if self.gazetteer is None:
            return None
        ent = next((e for e in token.sent.ents if e.start <= token.i < e.end), None)
        place = self.gazetteer.lookup(ent.text if ent else token.text)
        return place.country if place else None

    def main_country(self) -> str | None:
        """The country the article names most (countries, capitals, demonyms, leaders); None if none."""
        if self._main is False:
            counts: dict[str, int] = defaultdict(int)
            for item in self.history:
                country = item.mention.actor.country
                if item.mention.kind in ("country", "metonym", "demonym", "leader") and country \
                        and country not in _NON_STATES:
                    counts[country] += 1
            self._main = max(counts, key=counts.__getitem__) if counts else None  # ties: the first named
        return self._main

    def _located_in(self, head: Token) -> DictionaryEntry | None:
        """The country of 'rebels in the Ivory Coast' or 'workers affiliated with the Serbian union'."""
        places = [p for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "in" for p in prep.children]
        ties = [t for acl in head.children if acl.dep_ == "acl" for t in acl.subtree]
        for token in places + ties:
            found = self.by_token.get(token.i)
            entry = self._entry(found) if found else None
            if entry and entry.kind != "agent" and entry.country and entry.country not in ("IGO", "NGO", "IMG"):
                return entry
        return None

    def _window(self, token: Token) -> int:
        here = bisect.bisect_right(self._sent_starts, token.i) - 1
        return self._sent_starts[max(0, here - self.options.coreference_window)]

    def _candidates(self, token: Token, *, person: bool, kind: str | None) -> list[_Antecedent]:
        earliest, out = self._window(token), []
        for item in reversed(self.history):
            if item.token >= token.i or item.token < earliest or (kind and item.mention.kind == "phrase"):
                continue
            if kind == "country" and item.mention.kind not in ("country", "metonym", "demonym"):
                continue
            if kind == "organisation" and item.mention.kind != "organisation":
                continue
            if kind is None and item.person != person:
                continue
            out.append(item)
        return out

    def _pronoun(self, pronoun: Token) -> Actor | None:
        """A pronoun means the last subject of its kind (a person for he/she); if that is no actor, none."""
        person = pronoun.lower_ in PERSON_PRONOUNS
        earliest = self._window(pronoun)
        for token in reversed(self.doc[earliest:pronoun.i]):
            if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ == "PRON" or token.tag_ == "WDT":
                continue
            is_person = token.ent_type_ == "PERSON" or any(
                a.person and a.token <= token.i < a.mention.end for a in self.history)
            if is_person != person:
                continue
            actor = self.actor_at(token)
            if actor is None and token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "NORP"):
                # a name no dictionary knows: the pronoun still means it ("UNITA said it ...")
                actor = Actor("---", None, None, token.text, ("no dictionary entry: uncoded",))
            return self._refer(pronoun, actor, country_only=False) if actor else None
        return self._antecedent(pronoun, person=person)

    def _antecedent(self, token: Token, *, person: bool, kind: str | None = None,
                    prefer_subject: bool | None = None) -> Actor | None:
        """The last actor before `token` within the coreference window, of the right kind; subjects first."""
        candidates = self._candidates(token, person=person, kind=kind)
        if not candidates:
            return None
        if prefer_subject is None:
            prefer_subject = kind is None
        best = next((c for c in candidates if c.subject), candidates[0]) if prefer_subject else candidates[0]
        actor = best.mention.actor
        if best.mention.kind == "person":  # an uncoded person: known by surname, or unknown
            actor = self.surnames.get(self.doc[best.mention.end - 1].text)
            if actor is None:
                return None
        return self._refer(token, actor, country_only=kind == "country")

    def _antecedents(self, token: Token, count: int, people: bool) -> list[Actor]:
        countries = self._candidates(token, person=False, kind="country")
        persons = [c for c in self._candidates(token, person=True, kind=None) if c.mention.actor.country]
        out: list[Actor] = []
        for item in (persons + countries if people else countries + persons):
            actor = item.mention.actor
            if actor.country and all(a.country != actor.country for a in out):
                out.append(self._refer(token, actor, country_only=False))
            if len(out) == count:
                break
        return out

    def _refer(self, token: Token, actor: Actor, *, country_only: bool) -> Actor:
        note = f"coreference: {token.text!r} -> {actor.name!r}"
        # a pronoun is named by what it stands for ("he" -> "Mitch McConnell"); "the country" keeps its words
        name = actor.name if token.pos_ == "PRON" else token.text
        if country_only:
            return Actor(actor.country or actor.code, actor.country, None, name, actor.entries + (note,))
        return Actor(actor.code, actor.country, actor.role, name, actor.entries + (note,))


_PARTITIVES = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                         "score", "scores", "number", "group", "some", "many", "most", "all", "several", "couple",
                         "handful", "one", "two", "three", "four", "five", "ten", "none", "each", "any", "member",
                         "unit", "contingent", "team", "convoy", "delegation"})


def _partitive_head(head: Token) -> Token:
    """'dozens of Kenyan protesters' is about the protesters."""
    if head.lemma_.lower() in _PARTITIVES or head.lower_ in _PARTITIVES or head.pos_ == "NUM":
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return head


def _describes(token: Token, head: Token) -> bool:
    """A role noun gives the phrase its role when it is the head, modifies it, or heads an apposition:
    not when buried deeper ("Osgiliath, the state's fiercest foe")."""
    parent = token.head
    return (token.i == head.i or parent.i == head.i
            or (parent.dep_ == "prep" and parent.head.i == head.i)  # "members of the army"
            or (parent.dep_ == "appos" and parent.head.i == head.i and token.dep_ == "compound"))


def _with_role(actor: Actor, role: str) -> Actor:
    if not actor.country or actor.country in ("IGO", "NGO", "IMG"):
        return actor
    return Actor(actor.country + role, actor.country, role, actor.name, actor.entries)


def np_tokens(head: Token, include_of: bool = True) -> list[Token]:
    """The head and the modifiers that describe it, including appositions and an 'of' phrase."""
    out, stack = [head], list(head.children)
    while stack:
        child = stack.pop()
        if child.dep_ in _NP_DEPS or (include_of and child.dep_ == "pobj" and child.head.lower_ in ("of", "from")):
            out.append(child)
            stack.extend(child.children)
        elif include_of and child.dep_ == "prep" and child.lower_ in ("of", "from") and child.head in out:
            stack.extend(child.children)
        elif child.dep_ == "punct" and child.text == "-":
            out.append(child)
    return sorted(out, key=lambda t: t.i)


def phrase_text(doc: Doc, span: list[Token]) -> str:
    start, end = span[0].i, span[-1].i + 1
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an", "his", "her", "its", "their"):
        start += 1
    return doc[start:end].text


def expand(head: Token) -> list[Token]:
    """A head and the heads coordinated with it: 'Russia and Turkey' -> [Russia, Turkey]."""
    out, stack = [], [head]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def code_actors(heads: Iterable[Token], doc_actors: DocActors) -> list[Actor]:
    """Actors for each coordinated head, skipping phrases that are not actors.

    A bare role conjoined after a named phrase shares its name: "Danish media and government".
    """
    out = []
    for head in heads:
        first = None
        for token in expand(head):
            for actor in doc_actors.actors_at(token):
                if actor.country is None and first is not None and first.country and actor.role and \
                        token.i != head.i and not any(c.dep_ == "det" for c in token.children):
                    actor = Actor(first.country + actor.role, first.country, actor.role, actor.name,
                                  first.entries + actor.entries)
                if actor.code and actor not in out:
                    out.append(actor)
                first = first or actor
    return out
