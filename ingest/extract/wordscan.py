"""Which words of a fixed list occur in a text, in one pass (Aho-Corasick).

Several rules ask "which of these 80 keywords are in this sentence?" for every
sentence of every notice.  ``any(w in text for w in words)`` and
``text.count(w)`` per word read the text once per word; an automaton over the
whole list reads it once.  The answers are exactly those of the per-word
tests (the empty word, if a list had one, is in every text).
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class WordScanner:
    """A fixed word list, compiled once, asked about many texts."""

    def __init__(self, words: Iterable[str]) -> None:
        unique = set(words)
        self.has_empty = "" in unique
        unique.discard("")
        self._automaton: ahocorasick.Automaton | None = None
        if unique:
            automaton = ahocorasick.Automaton()
            for word in unique:
                automaton.add_word(word, word)
            automaton.make_automaton()
            self._automaton = automaton

    def present(self, text: str) -> set[str]:
        """The words that occur in ``text`` (``{w for w in words if w in text}``)."""
        found = {word for _, word in self._automaton.iter(text)} if self._automaton is not None else set()
        if self.has_empty:
            found.add("")
        return found

    def any_in(self, text: str) -> bool:
        """Whether some word occurs in ``text`` (``any(w in text for w in words)``)."""
        if self.has_empty:
            return True
        if self._automaton is None:
            return False
        return next(iter(self._automaton.iter(text)), None) is not None
