"""The prefilter: sentences that cannot hold an event are blanked before parsing, offsets kept."""
from tidings.prefilter import mask, sentence_spans


def test_rough_sentences_do_not_split_at_titles_and_initials():
    text = 'Mr. Obama met Sen. John McCain at the U.S. Capitol. Prices rose. "We won," he said.\nNew line'
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Mr. Obama met Sen. John McCain at the U.S. Capitol.", "Prices rose.", '"We won," he said.', "New line"]


def test_sentences_without_an_actor_or_pronoun_are_blanked_and_offsets_kept(coder):
    text = ("Turkish troops shelled Kurdish positions on Monday.\nCopper prices rose 3 percent in early trading. "
            "Shares fell. She said talks would go on.")
    masked = mask(text, coder.dictionary, coder.tokenize)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "Turkish troops shelled" in masked and "She said talks would go on." in masked
    assert "Copper" not in masked and "Shares" not in masked
    start = text.index("She said")
    assert masked[start:] == text[start:]


def test_an_article_with_nothing_to_code_is_blanked_entirely(coder):
    text = "Copper prices rose. Shares fell. Bonds were flat. Oil slipped."
    assert mask(text, coder.dictionary, coder.tokenize).strip() == ""


def test_a_snippet_is_parsed_whole():
    text = "Reliance Jio has agreed to set up a cable landing station at Digha. Work starts soon."
    assert mask(text, None, None) == text
