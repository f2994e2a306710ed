"""A search hit's snippet: the words around its best match, matches in brackets."""

from fonds.store.catalog.snippets import query_words, snippet

CABLE = (
    "Copy Nº 1 to Cde. Stalin, Nº 2 to Cde. Molotov. The delegation of Korea discussed "
    "the situation in Moscow with Mao Zedong; then it went to Ghulja (Yining) and back "
    "to Moscow, where it met Molotov again on 13 January."
)


def test_the_words_around_the_match_with_the_match_in_brackets() -> None:
    assert snippet(CABLE, query_words("molotov")) == (
        " … to Cde. [Molotov]. The delegation of Korea discussed the situation in Moscow "
        "with Mao Zedong; then … "
    )


def test_the_window_with_the_most_query_words_is_shown() -> None:
    assert snippet(CABLE, query_words("Moscow Mao")) == (
        " … situation in [Moscow] with [Mao] Zedong; then it went to Ghulja (Yining) and "
        "back to [Moscow] … "
    )


def test_the_last_word_matches_as_a_prefix_and_case_and_accents_fold() -> None:
    assert "[Zedong]" in snippet(CABLE, query_words("MAO zed"))
    assert "[Molotov]" in snippet("A note for Cde. Molotov.", query_words("mólo"))
    assert "[Zedong]" not in snippet(CABLE, query_words("zed Mao"))
    assert snippet("Пекин и Москва: Mólotov, Molotova", query_words("москва molotov")) == (
        "Пекин и [Москва]: [Mólotov], [Molotova]"
    )


def test_a_text_without_the_words_shows_its_start_and_no_text_shows_nothing() -> None:
    assert snippet(CABLE, query_words("Beijing")).startswith("Copy Nº 1 to Cde. Stalin")
    assert snippet(None, query_words("Beijing")) == ""
