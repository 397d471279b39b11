"""Report texts in the reader's language: English (the default) or Vietnamese.

The catalogue is ``locale/<lang>/LC_MESSAGES/tbwan.po``, compiled to ``tbwan.mo`` with
``msgfmt -o tbwan.mo tbwan.po`` (GNU gettext) whenever the ``.po`` changes; a test checks
that the two agree. Host names, slugs and config lines are never translated.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from tbwan.errors import ReportError

LANGUAGES = ("en", "vi")
LOCALE_DIR = Path(__file__).parent / "locale"


def translations(lang: str = "en") -> gettext.NullTranslations:
    """The catalogue for ``lang`` (English: the texts as written).

    >>> translations("vi").gettext("drifted")
    'lệch cấu hình'
    >>> translations("en").gettext("drifted")
    'drifted'
    """
    if lang not in LANGUAGES:
        raise ReportError(f"--lang {lang!r}: reports are written in {' or '.join(LANGUAGES)}")
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("tbwan", localedir=LOCALE_DIR, languages=[lang])
