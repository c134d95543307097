"""Events stage: match the pattern lexicon against the dependency parse and find source and target.

For each verb (and event noun) the most specific matching pattern gives a CAMEO code. The source is the
subject (or the "by ..." / "in X strikes" phrase of a passive), the target the object or the object of
a preposition; both go through actor coding, and coordinated actors expand. Negated and blocked events
are dropped; future and intent turn cooperation into 03x codes and threats into 13x codes; reported
speech codes the embedded event instead of the statement.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .actors import DocActors, code_actors
from .dictionaries import read_yaml
from .errors import DictionaryError
from .nlp import sentence_record
from .records import Actor, Article, Event, Pattern, Sentence

PREPOSITIONS = frozenset("""with to on against at for from into in of over about toward towards upon onto
between among by across under through behind after around near""".split())
# Where a target hides when the pattern does not say: "met with X", "fired at X", "sent aid to X".
TARGET_PREPS = ("with", "against", "to", "at", "toward", "towards", "into", "upon", "from")
# "sanctions on Iran", "fired on troops": for conflict codes "on" names the target, for others the topic.
CONFLICT_TARGET_PREPS = ("with", "against", "on", "to", "at", "toward", "towards", "into", "upon", "from")
# A passive's agent phrase: "killed by X", "killed in X strikes".
AGENT_PREPS = ("in", "during", "amid", "through", "after")
CONFLICT_ROOTS = frozenset({"18", "19", "20"})
# Prepositional objects that are never the other party: "on behalf of", "on the sidelines of".
NOT_TARGETS = frozenset({"behalf", "sideline", "sidelines", "basis", "part", "account", "side", "margin"})


@dataclass
class Lexicon:
    """The pattern lexicon indexed by lemma, plus the modality rules."""

    verbs: dict[str, list[Pattern]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[tuple[str, ...], Pattern] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    modality: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: str = "patterns.yaml", modality: str = "modality.yaml") -> "Lexicon":
        data, lexicon = read_yaml(path), cls()
        lexicon.modality = read_yaml(modality)
        lexicon.light_verbs = frozenset(data.get("light_verbs", []))
        codes = data.get("codes") or {}
        for code, block in codes.items():
            for text in (block or {}).get("nouns", []) or []:
                words = tuple(str(text).lower().split())
                lexicon.nouns.setdefault(words, Pattern(str(code), str(text), words[-1], noun=True))
        for code, block in codes.items():
            for text in (block or {}).get("verbs", []) or []:
                pattern = lexicon._expand_classes(parse_pattern(str(text), str(code), path))
                lexicon.verbs[pattern.lemma].append(pattern)
        for patterns in lexicon.verbs.values():
            patterns.sort(key=lambda p: -p.specificity)  # stable: equal specificity keeps file order
        return lexicon

    def _expand_classes(self, pattern: Pattern) -> Pattern:
        """'{@19}' in an object set stands for every event noun of codes starting 19 ("attack", "airstrike")."""
        if not pattern.objects or not any(o.startswith("@") for o in pattern.objects):
            return pattern
        prefixes = tuple(o[1:] for o in pattern.objects if o.startswith("@"))
        nouns = {words[-1] for words, p in self.nouns.items() if p.code.startswith(prefixes)}
        return dataclasses.replace(pattern, objects=frozenset(o for o in pattern.objects if not o.startswith("@"))
                                   | nouns)

    def set(self, name: str) -> frozenset[str]:
        return frozenset(self.modality.get(name, []))

    def noun_pattern(self, token: Token) -> Pattern | None:
        """The pattern of an event noun, preferring its compound form: 'drone strike' before 'strike'."""
        lemma = token.lemma_.lower()
        for modifier in reversed([c for c in token.lefts if c.dep_ in ("compound", "amod")]):
            found = self.nouns.get((modifier.lemma_.lower(), lemma)) or self.nouns.get((modifier.lower_, lemma))
            if found:  # "drone strike", "humanitarian aid", "martial law"
                return found
        return self.nouns.get((lemma,)) or self.nouns.get((token.lower_,))

    def military_nouns(self) -> frozenset[str]:
        return frozenset(words[-1] for words, p in self.nouns.items() if p.code[:2] in CONFLICT_ROOTS | {"15"})


def parse_pattern(text: str, code: str, path: str = "patterns.yaml") -> Pattern:
    """Parse 'lemma [particle|prep ...] [{obj|obj}] [prep]' into a Pattern."""
    words = text.strip().lower().split()
    if not words or words[0].startswith("{"):
        raise DictionaryError(f"{path} code {code}", f"pattern {text!r} must start with a verb lemma")
    particles, objects, object_prep, target_prep = [], None, None, None
    for word in words[1:]:
        if word.startswith("{"):
            if not word.endswith("}") or objects is not None:
                raise DictionaryError(f"{path} code {code}", f"pattern {text!r} has a malformed object set")
            objects = frozenset(w.strip() for w in word[1:-1].split("|") if w.strip())
            if particles and particles[-1] in PREPOSITIONS:
                object_prep = particles.pop()
        elif objects is not None:
            target_prep = word
        else:
            particles.append(word)
    if objects is None and particles and particles[-1] in PREPOSITIONS:
        target_prep = particles.pop()
    return Pattern(code, text, words[0], tuple(particles), objects, object_prep, target_prep)


@dataclass(frozen=True, slots=True)
class _Match:
    """A pattern matched on a trigger; targets are candidate groups, tried in order until one codes."""

    pattern: Pattern
    code: str
    sources: tuple[Token, ...]
    targets: tuple[tuple[Token, ...], ...]
    consumed: tuple[Token, ...] = ()
    noun_source: bool = False  # a bare event noun: the source is its own modifiers


class EventFinder:
    """Finds the events of one parsed article, given its actors."""

    def __init__(self, lexicon: Lexicon, article: Article, doc: Doc, actors: DocActors) -> None:
        self.lex, self.article, self.doc, self.actors = lexicon, article, doc, actors
        self.future, self.possible = lexicon.set("future_aux"), lexicon.set("possible_aux")
        self.intent, self.blocking = lexicon.set("intent_verbs"), lexicon.set("blocking_verbs")
        self.threat, self.speech = lexicon.set("threat_verbs"), lexicon.set("speech_verbs")
        self.refusals, self.demand_aux = lexicon.set("refusal_verbs"), lexicon.set("demand_aux")
        self.considers = lexicon.set("consider_verbs")
        self.claims = lexicon.set("claim_verbs")
        self.comments = {adj: str(code) for code, adjs in (lexicon.modality.get("comment_adjectives") or {}).items()
                         for adj in adjs}
        self.requests = lexicon.set("request_verbs")
        self.blocking |= self.requests
        self.reciprocal = tuple(lexicon.modality.get("reciprocal_codes", ()))

    def events(self) -> list[Event]:
        out = []
        for index, sent in enumerate(self.doc.sents):
            sentence = sentence_record(sent, index)
            out.extend(self._sentence_events(sent, sentence))
        return out

    def _sentence_events(self, sent, sentence: Sentence) -> list[Event]:
        matches: dict[int, _Match] = {}
        consumed: set[int] = set()
        for token in sent:
            if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
                match = self._match_verb(token)
                if match:
                    matches[token.i] = match
                    consumed.update(t.i for t in match.consumed)
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in consumed and token.i not in matches:
                match = self._match_noun(token)
                if match:
                    matches[token.i] = match
        events = []
        for i, match in matches.items():
            if self._embeds_event(self.doc[i], matches):
                continue  # "X said Y shelled Z": the shelling is the event, not the saying
            events.extend(self._emit(self.doc[i], match, sentence))
        return _dedupe(events)

    # --- verbs ----------------------------------------------------------------------------------
    def _match_verb(self, verb: Token) -> _Match | None:
        if (self._negated(verb) and not self._refused(verb)) or self._governor(verb) in self.blocking:
            return None
        comment = self._comment(verb)
        if comment:
            return comment
        patterns = self.lex.verbs.get(verb.lemma_.lower(), ())
        best = next((m for p in patterns if (m := self._try(verb, p))), None)
        if best and best.pattern.objects:
            return best
        return self._light(verb) or best

    def _try(self, verb: Token, pattern: Pattern) -> _Match | None:
        kids = _children_by_word(verb)
        if any(word not in kids for word in pattern.particles):
            return None
        passive = _is_passive(verb)
        obj = None
        if pattern.objects is not None:
            # "accused the minister of corruption" hangs "of" on the object, not the verb
            holders = [p for h in [verb, *(c for c in verb.children if c.dep_ == "dobj")] for p in h.children
                       if p.lower_ == pattern.object_prep] if pattern.object_prep else [verb]
            # an infinitive complement can be the object too: "declined to comment" matches decline {comment}
            candidates = [c for h in holders for c in h.children
                          if c.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "oprd") or (
                              c.dep_ == "xcomp" and h is verb and not pattern.object_prep)]
            obj = next((c for c in candidates if _lemma_in(c, pattern.objects)), None)
            if obj is None:
                return None
        if pattern.target_prep:
            targets = _prep_objects([verb, obj] if obj is not None else [verb], (pattern.target_prep,))
            if not targets:
                return None
        else:  # the object itself may be the target: "expelled Polish diplomats"
            targets = self._default_targets(verb, [obj] if obj is not None else [], passive, pattern.code)
        return _Match(pattern, pattern.code, tuple(self._sources(verb)), targets, (obj,) if obj is not None else ())

    def _comment(self, verb: Token) -> _Match | None:
        """'McConnell is pessimistic about a deal': an evaluative adjective after a copula is a comment."""
        if verb.lemma_.lower() not in ("be", "remain", "feel", "seem", "appear", "sound"):
            return None
        for adjective in (c for c in verb.children if c.dep_ == "acomp"):
            code = self.comments.get(adjective.lemma_.lower())
            if code:
                pattern = Pattern(code, f"be {adjective.lemma_.lower()} (modality.yaml comment_adjectives)", "be")
                targets = _prep_objects([adjective], ("about", "over", "on", "of", "toward", "towards", "with"))
                return _Match(pattern, code, tuple(self._sources(verb)), targets)
        return None

    def _light(self, verb: Token) -> _Match | None:
        """'held talks with', 'carried out strikes on': the noun carries the event."""
        if verb.lemma_.lower() not in self.lex.light_verbs and _phrasal(verb) not in self.lex.light_verbs:
            return None
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            pattern = self.lex.noun_pattern(obj)
            if pattern:
                targets = _prep_objects([verb, obj], _target_preps(pattern.code))
                return _Match(pattern, pattern.code, tuple(self._sources(verb)), targets, (obj,))
        return None

    def _default_targets(self, verb: Token, objects: list[Token], passive: bool,
                         code: str) -> tuple[tuple[Token, ...], ...]:
        direct = tuple(c for c in verb.children if c.dep_ in (("nsubjpass",) if passive else ("dobj", "dative")))
        # "condemned an attack by X": for words about an act, the one who acted is the target
        doers = tuple(g for o in (*direct, *objects) if self.lex.noun_pattern(o) and code[:2] <= "13"
                      for a in o.children if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by")
                      for g in a.children if g.dep_ == "pobj")
        # "demanded that Israel end the blockade": the one asked is the complement's subject
        asked = tuple(g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"
                      ) if verb.lemma_.lower() in self.requests else ()
        groups = tuple(g for g in (doers, direct, asked) if g)
        # the object's own phrase names its target whatever the code: "the embargo on Cuba", and so does a
        # phrase one level down: "called for sanctions against Turkey", "filed a suit in a court against X"
        nested = [g for h in (verb, *direct, *objects) for p in h.children if p.dep_ == "prep"
                  for g in p.children if g.dep_ == "pobj"]
        # "lifted sanctions imposed on Eritrea": the object's participle phrase names the target
        nested += [acl for o in (*direct, *objects) for acl in o.children if acl.dep_ == "acl"]
        return groups + _merge(_prep_objects([verb, *direct], _target_preps(code)),
                               _prep_objects(objects, CONFLICT_TARGET_PREPS + ("of",)),
                               _prep_objects(nested, ("against", "on", "with", "to")))

    def _sources(self, verb: Token) -> list[Token]:
        if _is_passive(verb):
            agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents
            return [n for group in _prep_objects([verb], AGENT_PREPS) for n in group if self.lex.noun_pattern(n)]
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects and subjects[0].lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            return [verb.head]
        if subjects:
            return subjects
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBD")):
            return [verb.head]  # "groups that donated", "groups donating", "aid groups donated"
        if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head.i != verb.i:
            # "Syria is willing to withdraw": willing (acomp) -> is -> Syria
            return self._sources(verb.head) if verb.dep_ != "conj" or not _is_passive(verb.head) else []
        return []

    # --- nouns ----------------------------------------------------------------------------------
    def _match_noun(self, noun: Token) -> _Match | None:
        pattern = self.lex.noun_pattern(noun)
        if pattern is None or any(c.dep_ == "neg" or c.lower_ in ("no", "without") for c in noun.lefts):
            return None
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
            return None  # "strikes killed twelve": the verb's event, with the strikes as its source
        if noun.dep_ == "pobj" and noun.head.lower_ in AGENT_PREPS and _is_passive(noun.head.head):
            return None  # the agent phrase of a passive verb's event
        # "reduced military aid to the Colombian army": the verb's phrase can carry the noun's target
        holders = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
        targets = _prep_objects(holders, ("on", "against", "of", "with", "to", "at", "into"))
        return _Match(pattern, pattern.code, (noun,), targets, noun_source=True)

    # --- emission -------------------------------------------------------------------------------
    def _emit(self, trigger: Token, match: _Match, sentence: Sentence) -> list[Event]:
        modality = self._modality(trigger)
        if modality == "blocked":
            return []
        code, how = self._refine(match, modality)
        if code is None:
            return []
        sources = self._code(match.sources, noun_source=match.noun_source) or self._unknown_sources(match)
        targets = self._targets(match, sources)
        if modality == "demand":  # the speaker asks the embedded subject to act
            sources, targets = self._code(self._sources(trigger.head)), sources
        if not targets and len(sources) > 1 and match.code.startswith(self.reciprocal):
            targets = sources  # "Russia and Turkey agreed a ceasefire": each with the other
        # "police arrested protesters": generic on both sides, their country comes from context (actors.in_context)
        context = self.actors.context_country(trigger.sent) is not None
        named = any(a.country for a in sources + targets) or bool(targets and context)
        if (not targets or not named) and not self.actors.options.require_target:
            # no coded party: keep the act, with the party we cannot code as "---" (PETRARCH's unknown actor)
            targets = [self._uncoded(match)]
        confidence = _confidence(match, modality, sources, targets)
        if modality in ("refusal", "demand", "consider", "claim"):
            modality = None  # the refusal or the demand is itself the event, already in its code
        events = []
        for source in sources:
            for target in targets:
                if target and target.code != "---" and (source.code == target.code
                                                        or not (source.country or target.country or context)):
                    continue  # two parties must differ, and at least one of them be named
                events.append(Event(self.article, sentence, source, target, code, how, trigger.text, trigger.idx,
                                    modality, confidence=confidence))
        return events

    def _targets(self, match: _Match, sources: list[Actor]) -> list[Actor]:
        """The first candidate group that names another country or organisation, else the first with any actor.

        The pattern's own object ("deployed troops") is the target only when it names who: "expelled
        Polish diplomats"; and the source's own forces ("withdrew its troops from Lebanon") yield to a
        party that is not the source.
        """
        coded, own_objects = [], []
        for group in match.targets:
            found = self._code([t for t in group if t.lemma_.lower() not in NOT_TARGETS])
            if found and (set(group) - set(match.consumed) or any(a.country for a in found)):
                coded.append(found)
            elif found and all(a.role != "MIL" for a in found):
                own_objects.append(found)  # "expelled aid workers": unnamed, but still the ones acted on
        own = {a.country for a in sources if a.country}
        for wanted in (lambda a: a.country and a.country not in own, lambda a: a.country):
            best = next((found for found in coded if any(wanted(a) for a in found)), None)
            if best:
                return best
        return coded[0] if coded else (own_objects[0] if own_objects else [])

    def _unknown_sources(self, match: _Match) -> list[Actor]:
        """A named person or organisation that no dictionary knows is kept as '---' ("Pete Wilson signed ...")."""
        if match.noun_source or self.actors.options.require_target:
            return []
        return [Actor("---", None, None, _noun_phrase(h), ("no dictionary entry: uncoded",))
                for h in match.sources if h.ent_type_ in ("PERSON", "ORG", "NORP") and h.pos_ == "PROPN"]

    def _uncoded(self, match: _Match) -> Actor | None:
        """The party an event is done to when no dictionary codes it ("stopped work at the Grasberg mine")."""
        for group in match.targets:
            for head in group:
                if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in NOT_TARGETS \
                        and head not in match.consumed and head.ent_type_ not in ("DATE", "TIME", "MONEY"):
                    return Actor("---", None, None, _noun_phrase(head), ("no dictionary entry: uncoded",))
        return None

    def _code(self, heads, noun_source: bool = False) -> list[Actor]:
        if noun_source:  # an event noun's source is its modifiers: "Russia's invasion", "Turkish strikes"
            return [a for h in heads if (a := self.actors.actor_at(h, include_of=False)) and a.code]
        return code_actors(heads, self.actors)

    def _refine(self, match: _Match, modality: str | None) -> tuple[str | None, str]:
        """The final code, and how it was reached, for --explain."""
        code, how = match.code, match.pattern.text
        for head in match.sources:  # "killed in Turkish drone strikes": the strikes say how
            noun = self.lex.noun_pattern(head) if head.pos_ == "NOUN" else None
            if noun and noun.code[:2] in CONFLICT_ROOTS and code[:2] in CONFLICT_ROOTS and noun.code != code:
                code, how = noun.code, f"{how} ({code}) by means of {noun.text!r} ({noun.code})"
        if modality == "consider":  # weighing an act is CAMEO's 014, whatever the act
            return "014", f"{how} ({code}) considered: 014"
        if modality == "claim":  # claiming one's own act is CAMEO's 015
            return "015", f"{how} ({code}) claimed by the actor: 015"
        table = {"intent": "intent_codes", "threat": "threat_codes", "refusal": "refusal_codes",
                 "demand": "demand_codes"}.get(modality or "")
        if table:
            mapped = _by_prefix(self.lex.modality.get(table, {}), code)
            if mapped == code and modality == "refusal":
                return None, how  # refusing to attack is no attack, and no code says it
            if mapped != code:
                code, how = mapped, f"{how} ({code}) under {modality}: {mapped} (modality.yaml {table})"
        return code, how

    def _refused(self, verb: Token) -> bool:
        """'will not lift the embargo', 'refused to release': a refusal, not a non-event."""
        if self._governor(verb) in self.refusals:
            return True
        auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        return bool(auxes & self.future) and any(c.dep_ == "neg" for c in verb.children)

    def _demanded(self, verb: Token) -> bool:
        """'Russia says Israel must end attacks': the speaker demands it of the embedded subject."""
        return (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.speech
                and any(c.dep_ == "aux" and c.lower_ in self.demand_aux for c in verb.children))

    def _claimed(self, verb: Token) -> bool:
        """'UNITA claimed that they had attacked the base': the speaker claims its own act."""
        return (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.claims
                and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in verb.children))

    def _modality(self, verb: Token) -> str | None:
        if self._refused(verb):
            return "refusal"
        if self._demanded(verb):
            return "demand"
        if self._claimed(verb):
            return "claim"
        governor = self._governor(verb)
        if governor in self.blocking:
            return "blocked"
        if governor in self.threat:
            return "threat"
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if verb.dep_ in ("conj", "xcomp"):  # "will meet and sign", "would continue to cooperate"
            auxes |= {c.lower_ for c in verb.head.children if c.dep_ == "aux"}
        if governor in self.intent:
            return "intent"
        if governor in self.considers:
            return "consider"
        if auxes & self.future:  # "will buy": intent, or (PETRARCH's convention) the act itself
            return "intent" if self.actors.options.future_as_intent else "future"
        if auxes & self.possible:
            return "possible"
        return None

    def _governor(self, verb: Token) -> str | None:
        """The lemma of the verb whose complement this is: 'plans' in 'plans to meet'.

        Of a that-clause ("demanded that X go") only blocking and requesting verbs count.
        """
        head = verb.head.lemma_.lower()
        if verb.dep_ == "xcomp" or (verb.dep_ == "ccomp" and (head in self.blocking or head in self.considers
                                                             or head in self.threat)):
            return head
        if verb.dep_ == "pcomp" and verb.head.head.lemma_.lower() in self.intent:
            return verb.head.head.lemma_.lower()
        return None

    def _negated(self, verb: Token) -> bool:
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i and self._negated(verb.head):
            return True
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return any(t.lower_ in ("neither", "nor") for s in subjects for t in s.subtree)

    def _embeds_event(self, verb: Token, matches: dict[int, _Match]) -> bool:
        lemma = verb.lemma_.lower()
        if lemma not in self.speech | self.intent | self.threat | self.refusals | self.considers:
            return False
        embedded = {t.i for c in verb.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree}
        return any(i in embedded for i in matches)


def _noun_phrase(head: Token) -> str:
    """The words of a noun phrase, without its relative clauses and appositions."""
    cut = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl")
           for t in c.subtree}
    words = [t for t in head.subtree if t.i not in cut]
    return head.doc[words[0].i:words[-1].i + 1].text


def _merge(*groups: tuple[tuple[Token, ...], ...]) -> tuple[tuple[Token, ...], ...]:
    seen, out = set(), []
    for group in (g for gs in groups for g in gs):
        if group not in seen:
            seen.add(group)
            out.append(group)
    return tuple(out)


def _target_preps(code: str) -> tuple[str, ...]:
    return CONFLICT_TARGET_PREPS if code[:2] >= "09" else TARGET_PREPS


def _by_prefix(table: dict, code: str) -> str:
    for length in range(len(code), 0, -1):
        if code[:length] in table:
            return str(table[code[:length]])
    return code


def _children_by_word(verb: Token) -> dict[str, list[Token]]:
    out: dict[str, list[Token]] = defaultdict(list)
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "advmod", "dative", "agent", "compound:prt"):
            out[child.lower_].append(child)
    return out


def _prep_objects(holders, preps) -> tuple[tuple[Token, ...], ...]:
    """Objects of the given prepositions on any holder, grouped by preposition in the given order."""
    groups = []
    for prep in preps:
        group = tuple(g for holder in holders for child in holder.children
                      if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep
                      for g in child.children if g.dep_ == "pobj")
        if group:
            groups.append(group)
    return tuple(groups)


def _lemma_in(token: Token, lemmas: frozenset[str]) -> bool:
    lemma = token.lemma_.lower()
    compound = " ".join([c.lemma_.lower() for c in token.lefts if c.dep_ == "compound"] + [lemma])
    return lemma in lemmas or token.lower_ in lemmas or compound in lemmas


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl")


def _phrasal(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.lemma_.lower(), *particles])


def _confidence(match: _Match, modality, sources: list[Actor], targets: list[Actor]) -> float:
    """A heuristic score: specific patterns and named actors raise it, inference lowers it."""
    score = 0.6 + 0.05 * min(match.pattern.specificity, 4)
    if match.pattern.noun:
        score -= 0.1
    if modality == "possible":
        score -= 0.2
    actors = [a for a in sources + targets if a is not None]
    if any("coreference" in e for a in actors for e in a.entries):
        score -= 0.1
    if any(a.country is None for a in actors) or None in targets:
        score -= 0.1
    return round(max(0.1, min(score, 0.95)), 2)


def _dedupe(events: list[Event]) -> list[Event]:
    seen, out = set(), []
    for event in events:
        key = (event.source.code, event.target.code if event.target else None, event.cameo)
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out
