"""English (en) language data."""

CODE = "en"
NAME = "English"
SCRIPT = "Latn"
RTL = False

# --- normalisation and segmentation ---
# Read by stemma/text/normalise.py, segment.py and langid.py; every module defines the same names.

# Letter forms folded for matching (after Unicode compatibility decomposition and casefolding).
FOLD: dict[str, str] = {}
# The digits 0-9 as this language writes them.
DIGITS = "0123456789"
# Characters that end a sentence.
SENTENCE_END = ".!?…"
# Abbreviations (lowercase, with their dots) after which a sentence never ends.
ABBREVIATIONS = frozenset({
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "col.", "lt.", "maj.", "capt.", "cmdr.",
    "sgt.", "adm.", "gov.", "sen.", "rep.", "rev.", "hon.", "pres.", "amb.", "supt.", "insp.",
    "e.g.", "i.e.", "cf.", "vs.", "v.", "approx.", "dept.", "univ.", "assn.", "messrs.", "mme.",
    "mlle.", "mt.", "ft.",
})  # fmt: skip
# Abbreviations that may also end a sentence: one ends there when a SENTENCE_STARTERS word
# follows ("in the U.S. The ..." but "the U.S. Senate", "No. 5", "Sept. 11").
ABBREVIATIONS_MAY_END = frozenset({
    "u.s.", "u.k.", "u.n.", "u.s.a.", "e.u.", "a.m.", "p.m.", "etc.", "inc.", "ltd.", "co.",
    "corp.", "bros.", "plc.", "d.c.", "b.c.", "a.d.", "ph.d.", "al.", "jr.", "sr.", "st.",
    "no.", "nos.", "art.", "fig.", "vol.", "p.", "pp.", "ch.", "sec.", "est.",
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.",
    "dec.", "mon.", "tue.", "tues.", "wed.", "thu.", "thur.", "thurs.", "fri.", "sat.", "sun.",
})  # fmt: skip
# Capitalised words that start a new sentence after such an abbreviation ("... 2 a.m. The ...").
SENTENCE_STARTERS = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
    "those", "there", "his", "her", "its", "their", "our", "in", "on", "at", "but", "and", "so",
    "however", "meanwhile", "after", "before", "when", "while", "if", "as", "mr.", "mrs.",
    "ms.", "dr.", "what", "who", "why", "how", "some", "many", "most", "no", "one", "all",
})  # fmt: skip
# The letters of its alphabet (languages of one script are told apart by where they differ).
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Frequent words that tell this language from others of its script.
FUNCTION_WORDS = frozenset({
    "the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "said", "by",
})  # fmt: skip
# File under stemma/text/lang/data/ with the word lists for ZWNJ repair (Persian only).
# Word endings that show a hyphen at a line end split one word ("negotia-" + "tions"): the
# lines join without the hyphen. Other line-end hyphens are kept ("well-" + "known").
WRAP_SUFFIXES = (
    "tion", "tions", "sion", "sions", "ment", "ments", "ing", "ings", "ed", "ly", "ness", "ity",
    "ities", "ous", "ive", "ives", "able", "ible", "ance", "ances", "ence", "ences", "ant",
    "ants", "ent", "ents", "al", "ally", "ism", "isms", "ist", "ists", "ship", "ful", "less",
    "ure", "ures", "ary", "ory", "ies", "er", "ers", "est", "ize", "ise", "ized", "ised",
    "izing", "ising", "ation", "ations", "ial", "ical", "ian", "ians", "ium", "ward",
)  # fmt: skip
ZWNJ_DATA: str | None = None

# --- dates ---
# Read by stemma/ingest/dates.py, which folds letter forms and makes spaces, hyphens and
# apostrophes inside names optional. Latin names count only with a capital first letter, so
# "may" and "march" as words are not months. Weekdays number from Monday = 0.
GREGORIAN_MONTHS = {
    "January": 1, "Jan": 1, "February": 2, "Feb": 2, "March": 3, "Mar": 3, "April": 4,
    "Apr": 4, "May": 5, "June": 6, "Jun": 6, "July": 7, "Jul": 7, "August": 8, "Aug": 8,
    "September": 9, "Sept": 9, "Sep": 9, "October": 10, "Oct": 10, "November": 11, "Nov": 11,
    "December": 12, "Dec": 12,
}  # fmt: skip
SOLAR_HIJRI_MONTHS = {
    "Farvardin": 1, "Ordibehesht": 2, "Khordad": 3, "Tir": 4, "Mordad": 5, "Amordad": 5,
    "Shahrivar": 6, "Mehr": 7, "Aban": 8, "Azar": 9, "Dey": 10, "Bahman": 11, "Esfand": 12,
}  # fmt: skip
LUNAR_HIJRI_MONTHS = {
    "Muharram": 1, "Moharram": 1, "Muharram al-Haram": 1, "Safar": 2,
    "Rabi al-Awwal": 3, "Rabi ul-Awwal": 3, "Rabi ul-Awal": 3, "Rabi I": 3,
    "Rabi al-Thani": 4, "Rabi al-Akhir": 4, "Rabi ul-Akhir": 4, "Rabi ul-Thani": 4, "Rabi II": 4,
    "Jumada al-Awwal": 5, "Jumada al-Ula": 5, "Jumada al-Ulā": 5, "Jumada I": 5,
    "Jumada al-Thani": 6, "Jumada al-Akhirah": 6, "Jumada al-Akhira": 6, "Jumada II": 6,
    "Rajab": 7, "Shaban": 8, "Sha'ban": 8, "Ramadan": 9, "Ramazan": 9, "Shawwal": 10,
    "Dhu al-Qadah": 11, "Dhu al-Qa'dah": 11, "Dhul-Qadah": 11, "Dhul-Qa'dah": 11,
    "Zul-Qadah": 11, "Dhu al-Hijjah": 12, "Dhul-Hijjah": 12, "Zul-Hijjah": 12,
}  # fmt: skip
WEEKDAYS = {
    "Monday": 0, "Mon": 0, "Tuesday": 1, "Tues": 1, "Tue": 1, "Wednesday": 2, "Wed": 2,
    "Thursday": 3, "Thurs": 3, "Thu": 3, "Friday": 4, "Fri": 4, "Saturday": 5, "Sat": 5,
    "Sunday": 6, "Sun": 6,
}  # fmt: skip
# Words that name a day relative to the day written ("yesterday": the day before).
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
# Month names that are also common words: a date with one needs its year written.
MONTHS_NEEDING_YEAR = ("Tir", "Dey", "Mehr", "Azar", "Aban")  # also names (Mehr News)
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
# Labels that name the date after them (case-insensitive, then ":" or "-" or nothing).
PUBLISHED_LABELS = (
    "Publish Date", "Published Date", "Publication Date", "Date Published", "Published",
    "Published on", "First published", "Posted", "Posted on", "Release Date", "Released",
    "Created", "Date",
)  # fmt: skip
UPDATED_LABELS = (
    "Updated", "Updated in", "Updated on", "Update", "Last updated", "Last update",
    "Last modified", "Modified", "Date modified", "Edited",
)  # fmt: skip
# Written after a year: the calendar it is in.
ERA_MARKERS = {
    "AH": "lunar_hijri", "A.H.": "lunar_hijri", "Hijri": "lunar_hijri",
    "Lunar Hijri": "lunar_hijri", "Hijri Qamari": "lunar_hijri",
    "SH": "solar_hijri", "AHS": "solar_hijri", "A.H.S.": "solar_hijri", "HS": "solar_hijri",
    "Solar Hijri": "solar_hijri", "Hijri Shamsi": "solar_hijri",
    "AD": "gregorian", "A.D.": "gregorian", "CE": "gregorian",
}  # fmt: skip
TIME_WORDS = ("at",)
AM_MARKERS = ("am", "a.m.")
PM_MARKERS = ("pm", "p.m.")
# Closing lines of a letter: a date alone on a line after one (and the signature) is "signed".
CLOSINGS = (
    "Peace and God's mercy be upon you", "Peace be upon you", "Wassalam", "Was-salam",
    "Sincerely", "Yours sincerely", "Sincerely yours", "Yours faithfully", "Yours truly",
    "Respectfully", "Respectfully yours", "Best regards", "Kind regards", "Regards",
    "With best wishes", "Best wishes",
)  # fmt: skip
DATE_ORDER = "mdy"  # reading of an ambiguous numeric date such as 04/05/2018
LUNAR_RECKONING = "umm_al_qura"  # reckoning of a Lunar Hijri date with nothing to settle it
NUMERIC_HIJRI = None  # a numeric date with a 13xx/14xx year needs an era marker here
# Words joining two renderings of one date on a date line ("17 Rajab 1439 corresponding to ...").
DATE_CONNECTORS = ("corresponding to", "equivalent to", "equal to")

# --- metadata (source-citation cues, outlet phrases) ---
# fmt: off
# Read by stemma/ingest/metadata.py. Cues match case-insensitively, spaces flexibly.

# A line "Source: X" credits X.
SOURCE_LABELS = ("Source", "Sources")
# Cue, then the source it names ("quoted by Reuters").
SOURCE_CUES = ("quoted by", "reported by", "as reported by", "cited by")
# Cue, then a source only when the words name one ("according to his official website",
# not "according to the plan"): an outlet, a SOURCE_NOUNS word, or a capitalised name.
SOURCE_CUES_LOOSE = ("according to", "citing")
# The source, then the cue (none in English).
SOURCE_CUES_AFTER: tuple[str, ...] = ()
SOURCE_CUES_AFTER_LOOSE: tuple[str, ...] = ()
# "<cue> X": X is the outlet itself when it reports, else a cited source (none in English).
REPORTING_CUES: tuple[str, ...] = ()
SOURCE_NOUNS = (
    "website", "site", "agency", "agencies", "news", "media", "report", "reports", "statement",
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "source", "sources",
    "ministry", "office", "newspaper", "daily", "channel", "television", "tv", "radio",
    "broadcaster", "correspondent", "reporter", "data", "figures", "survey", "poll", "police",
    "witnesses", "account", "tweet", "communique", "press", "outlet", "portal", "bulletin",
    "release", "transcript", "interview", "government", "authority", "authorities",
)
# Words that end a source's name: "citing IRNA as saying", "according to Reuters on Monday".
NAME_STOP_WORDS = frozenset({
    "as", "that", "said", "says", "saying", "which", "who", "whom", "when", "while", "on", "in",
    "at", "to", "and", "but", "after", "before", "during", "with", "since", "because",
    "adding", "noting", "stressing", "where", "if", "was", "were", "is", "are", "has", "had",
    "citing", "quoting", "according",
})
# Short function words allowed inside a capitalised name ("Office of the Supreme Leader").
NAME_FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "de", "al", "el", "&"})
# A line "By John Smith" / "Written by ..." / "Author: ..." names the author.
BYLINE_CUES = ("By", "Written by", "Reported by", "Author:", "Reporter:")
# "News ID: 69545".
NEWS_ID_LABELS = ("News ID", "News Code", "Story ID", "Article ID", "News Id")
# "Tags: Khamenei, Israel, defapress" (a site often tags its own name).
TAG_LABELS = ("Tags", "Keywords", "Topics")
# A credit line naming the outlet ("(c) 2018 Tasnim News Agency. All rights reserved").
CREDIT_CUES = ("©", "(c)", "Copyright", "All rights reserved")
# A parenthesised dateline credit holding these words is a desk, not an outlet.
DESK_WORDS = ("desk", "staff", "bureau", "correspondent", "reporter", "monitoring", "agencies")
# "Tehran, The Supreme Leader said ...": a Title-case place, a comma and one of these capitalised
# words opens a dateline (plain prose would not capitalise the word after the comma).
DATELINE_FOLLOWERS = ("The", "A", "An", "In", "On", "At", "This", "These", "Its")
# Small words a Title Case headline leaves in lower case ("Talks with Israel ...").
HEADLINE_SMALL_WORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
    "as", "vs", "vs.", "over", "into", "after", "amid", "against",
})
# fmt: on

# --- quotes ---
# fmt: off
# Read by stemma/quotes/. Cue verbs as written (lowercase); a cue may take an adverb between
# speaker and verb ("Trump also said"), which the extractor skips.
QUOTE_VERBS = (
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "noted", "notes", "wrote",
    "writes", "asked", "asks", "stressed", "stresses", "explained", "explains", "argued",
    "argues", "argue", "claimed", "claims", "claim", "insisted", "insists", "warned", "warns",
    "announced", "announces", "declared", "declares", "acknowledged", "acknowledges",
    "admitted", "admits", "suggested", "suggests", "suggest", "believes", "believe", "believed",
    "thinks", "think", "thought", "predicted", "predicts", "promised", "promises", "vowed",
    "vows", "pledged", "pledges", "tweeted", "tweets", "posted", "replied", "replies",
    "responded", "responds", "recalled", "recalls", "continued", "concluded", "contended",
    "contends", "complained", "complains", "conceded", "concedes", "confirmed", "confirms",
    "denied", "denies", "emphasized", "emphasised", "emphasizes", "indicated", "indicates",
    "observed", "pointed out",
    "points out", "reported", "reports", "revealed", "reveals", "stated", "testified", "urged",
    "urges", "agreed", "agrees", "countered", "cautioned", "charged",
    "alleged", "alleges", "hinted", "speculated", "show", "shows", "showed", "shown", "found",
    "finds", "hopes", "hoped", "fears", "feared", "knows", "knew", "expected",
    "underscored", "underlined", "highlighted", "assured", "told reporters", "has said",
    "have said", "had said", "reiterated", "mused", "joked", "quipped", "boasted", "bragged",
    "lamented", "scoffed", "snapped", "shouted", "yelled", "declined to say", "wondered",
    "predicted", "proclaimed", "opined", "remarked", "surmised", "worried",
    "figured", "realized", "recognized", "recognizes", "added:", "read", "reads", "concludes",
    "notices", "noticed", "learned", "accused", "accuses", "blamed", "blames", "criticized",
    "criticizes", "praised",
    "praises", "called", "calls", "described", "describes", "dismissed", "rejected",
    "questioned", "defended", "endorsed", "slammed", "denounced", "condemned", "mocked",
    "demanded", "demands", "proposed", "proposes", "wants", "wanted", "want", "see", "sees",
    "saw", "seen", "seemed", "seems", "appears", "appeared", "declined", "supported",
    "know", "cited", "cites", "opposed", "opposes", "oppose", "sought",
    "seeks", "offered", "plans", "planned", "refused", "backed", "backs", "attacked",
    "mentioned", "considered", "considers", "endorse", "endorses", "named", "hope", "decided",
    "expect", "defends", "released", "blasted", "insist", "ordered", "ask", "discussed",
    "rejects", "acknowledge", "explain", "expressed", "signed", "echoed", "praise",
    "criticize", "assailed", "touted", "touts", "welcomed", "disputed", "disputes", "doubted",
    "doubts", "questions", "announce", "fear", "call", "appear", "asserted",
    "asserts", "decried", "prefer", "note", "point to", "pointed to", "talked about",
    "talks about", "spoke about", "requested", "favor", "slams", "thanked", "listed",
    "identified", "put it", "made it clear", "did not mention", "insists that", "assert",
    "predict", "warn", "urge", "admit", "deny", "recall", "contend", "concede", "complain",
    "complained that", "vowing", "acknowledges", "promise", "pledge",
    # the reporting and stance verbs PolNeAR's train split attributes most often beyond these
    "focused on", "focuses on", "voted for", "voted against", "vote for", "encouraged",
    "deemed", "challenged", "pushed for", "projected", "estimates", "estimated",
    "recommended", "favored", "convinced", "laid out", "bemoaned", "railed against",
    "referenced", "referred to", "refers to", "threatened", "reminded",
    "preferred", "prefers", "disclosed", "knocked", "blasts", "invoked", "dismisses",
    "portrayed", "embraced", "attributed", "credited", "dubbed", "voiced", "signaled",
    "signalled", "presented", "went after", "applauded", "documented", "chanted", "informed",
    "spoke of", "spoke out", "made clear", "feel", "feels", "agree with",
    "agreed with", "lists", "indicate", "emailed", "repeated", "shrugged off",
    "acknowledge", "contended", "estimate", "forecast", "insisted that", "maintains",
    "reaffirmed", "retorted", "stressed that", "texted", "vowed that",
    "speculates", "theorized", "worries", "worry", "guessed", "lamented that",
    "is expected", "are expected", "was expected", "were expected", "is not expected",
    "are not expected", "is likely", "are likely", "issued the following statement",
    "issued a statement", "released a statement", "put out a statement", "rebuked", "hailed",
    "remembers", "rebut", "reveal", "refuses", "recounted", "retweeted", "lambasted",
    "conclude", "portray", "implied", "imagined", "derided", "likened", "quoted", "declare",
    "rebuffed", "mentions", "labeled", "labelled", "emphasize", "disavow", "congratulated",
    "cite", "discuss", "vow", "debated", "mention", "championed", "persuaded", "hints",
    "points to", "point out", "balked at", "sided with", "shot back", "spoke out against",
    "counting on", "advocate for", "advocated for", "pushed back", "weighed in",
    "is critical of", "was critical of", "are critical of", "were critical of",
    "been critical of", "is skeptical of", "was skeptical of", "are skeptical of",
    "is supportive of", "was supportive of", "are supportive of", "is wary of", "are wary of",
    "is confident", "was confident", "are confident", "reportedly",
    "puts it", "had this to say", "has this to say", "quotes",
)
# Participles: the speaker is the subject of the main clause ("He thanked them, saying ...").
QUOTE_PARTICIPLES = (
    "saying", "adding", "noting", "telling", "arguing", "stressing", "explaining",
    "insisting", "warning", "suggesting", "asking", "writing", "claiming", "declaring",
    "acknowledging", "emphasizing", "emphasising", "calling", "describing", "accusing",
    "underscoring", "expressing", "concluding", "predicting", "promising", "vowing",
    "urging", "recalling", "observing", "pointing out", "tweeting", "questioning",
    "referring to", "citing", "supporting", "showing", "backing", "stating", "announcing",
    "hoping", "denouncing", "attacking", "criticizing", "blaming", "praising", "mocking",
    "slamming", "dismissing", "rejecting", "defending", "endorsing", "touting", "warning that",
    "talking about", "discussing", "alleging", "decrying", "blasting", "pledging", "thanking",
    "challenging", "fearing", "demanding", "recognizing", "comparing", "contrasting",
    "threatening", "offering", "considering", "refusing", "admitting", "conceding",
    "complaining", "lamenting", "reminding", "joking", "boasting", "charging", "contending",
    "insisting that", "maintaining", "reiterating", "revealing", "confirming", "denying",
    "highlighting", "tweeting that", "railing against", "referencing", "invoking",
    "mentioning", "asserting", "remarking", "expecting", "implying", "portraying", "outlining",
    "chanting", "detailing", "proposing", "believing", "echoing", "wondering", "condemning",
    "repeating", "pushing for", "pointing to", "thinking about",
)
# "According to X, ...": the source follows the cue.
QUOTE_ACCORDING = ("according to", "in the words of", "as reported by")
QUOTE_ACCORDING_AFTER: tuple[str, ...] = ()
# Complementisers skipped between cue and content.
QUOTE_THAT = ("that",)
# Words that may stand between the speaker and the verb.
QUOTE_ADVERBS = frozenset({
    "also", "now", "later", "previously", "recently", "then", "has", "have", "had", "would", "will",
    "reportedly", "once", "repeatedly", "publicly", "often", "again", "further",
    "already", "privately", "earlier", "first", "even", "still", "just", "himself",
    "herself", "themselves", "simply", "flatly", "quickly", "explicitly", "openly",
    "frequently", "never", "ever", "always", "did", "does", "do", "not", "could", "may",
    "might", "should", "must", "can", "long",
    # sentence adverbs set between subject and verb ("Comey, however, said")
    "however", "initially", "ultimately", "separately", "meanwhile", "instead", "finally",
    "eventually", "originally", "subsequently", "nonetheless", "nevertheless", "similarly",
    "likewise", "specifically", "too", "personally", "immediately",
})
# Words opening an introductory phrase ("In a statement, the network said ..."): such a
# phrase before the speaker is not the content.
QUOTE_INTRO_WORDS = frozenset({
    "in", "on", "at", "during", "after", "before", "earlier", "later", "speaking", "asked",
    "when", "while", "last", "this", "for", "with", "since", "by", "from", "through", "via",
    "meanwhile", "then", "still", "yet", "however", "separately", "instead", "also", "as",
    "if", "although", "though", "because", "once", "until", "unless", "despite", "amid",
    "following", "under", "according", "without", "within", "given", "like", "unlike",
})
# An auxiliary right before the verb makes it passive ("which is being revealed"): no cue.
QUOTE_PASSIVE = frozenset({"is", "was", "were", "are", "be", "been", "being", "'s", "’s"})
# Time words a speaker phrase may carry before its verb ("Trump on Tuesday said").
QUOTE_TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "morning", "afternoon", "evening", "night", "week", "earlier",
    "last", "this", "on", "late", "early", "month", "months", "year", "years", "weeks",
    "day", "days", "ago", "next", "past",
})
# Subject pronouns: a speaker that points back to the last person named.
QUOTE_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "who"})
QUOTE_PERSON_PRONOUNS = frozenset({"he", "she", "who"})
# Words that end a speaker phrase read leftwards from its cue.
QUOTE_SPEAKER_STOPS = frozenset({
    "that", "which", "when", "while", "as", "but", "because", "if", "since", "although",
    "though", "so", "what", "where", "whether", "after", "before", "until", "unless", "than",
    "and", "or", "to", "in", "on", "at", "whom", "how", "why", "said", "says", "told",
    "there", "this", "these", "those", "for", "with", "from", "about", "by", "into",
    "against", "over",
})
# Cue words that are nouns too: followed by "of" they are ("in full support of Palestine").
QUOTE_NOUN_LIKE = frozenset({
    "support", "supports", "plans", "questions", "calls", "reports", "claims", "claim",
    "hopes", "fears", "doubts", "shows", "show", "promises", "demands", "proposes", "want",
    "reads", "read", "notes", "hope", "expect", "praise", "backs", "signed", "named",
})
# A determiner or possessive right before a cue word makes it a noun ("his support").
QUOTE_DETERMINERS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that",
    "these", "those", "no", "of", "to", "for", "with", "whose",
})
# Verbs that may follow their content, speaker after ("“...,” said Smith").
QUOTE_INVERTIBLE = frozenset({
    "said", "says", "say", "added", "adds", "wrote", "writes", "asked", "asks", "told", "tells",
    "explained", "noted", "notes", "continued", "recalled", "replied", "countered", "argued",
    "insisted", "warned", "stated", "declared", "tweeted", "reported", "announced", "observed",
    "concluded", "conceded", "acknowledged", "predicted", "added:", "cautioned", "remarked",
})
# Cues still read inside another quote's content ("X said the court reported ..."); other
# cues there (believe, want, plans, shows ...) are the quoted speaker's wording, not a quote.
QUOTE_NESTABLE = frozenset({
    "said", "says", "say", "according to", "reported", "calling", "referring to", "accused",
    "announced", "criticized", "argued", "defended", "noted", "noting", "described", "asked",
    "pledged", "declined", "has said", "suggesting", "seemed", "seems", "appear", "appeared",
    "telling", "refused",
})
# First words of a "Label: text" line that is no one's statement ("Photo: ...").
QUOTE_COLON_NOT_SPEAKERS = frozenset({
    "photo", "photos", "video", "update", "updated", "note", "editor's", "related", "read",
    "source", "sources", "image", "credit", "watch", "see", "also", "correction", "byline",
    "click", "subscribe", "follow", "listen", "live", "breaking", "exclusive", "warning",
    "the", "an", "in", "on", "at", "for", "from", "this", "that", "here", "and", "but",
})
# "Clinton led by 6 points in a new Fox News poll": the poll is the rest's source.
QUOTE_POLL_PREPOSITIONS = ("in",)
QUOTE_POLL_NOUNS = ("poll", "polls", "survey", "surveys", "polling")
# A possessor and one of these nouns attribute what follows ("his criticism of the deal").
QUOTE_POSSESSIVE_PRONOUNS = ("his", "her", "their", "its")
QUOTE_NOUNS = (
    "criticism of", "support for", "support of", "attacks on", "attack on", "opposition to",
    "endorsement of", "calls for", "call to", "refusal to",
    "promise to", "pledge to", "claim that", "claims that", "claim of", "assertion that",
    "argument that", "insistence that", "view that", "belief that", "warning that",
    "demand for", "demands for", "praise for", "defense of", "denial of", "comments about",
    "remarks about", "comments on", "remarks on", "concerns about", "criticism that",
    "proposal to", "vow to", "push for", "attacks against", "description of", "embrace of",
    "critique of", "rejection of", "accusations of", "concern about", "views on",
    "endorsement", "statement that", "suggestion that", "allegation that", "accusation that",
)
# After a comma, these open a clause of the writer's own ("..., while Trump has threatened
# ..."): a content read after its cue ends before them.
QUOTE_CLAUSE_BREAKS = (
    "but", "while", "though", "although", "whereas", "even as", "even though", "yet",
)
# Words ending the object of such a noun ("his support for Trump is ...").
QUOTE_NOUN_OBJECT_STOPS = frozenset({
    "is", "was", "are", "were", "has", "have", "had", "will", "would", "could", "can", "may",
    "might", "and", "but", "which", "who", "during", "after", "before", "as", "because",
    "since", "when", "while", "if", "drew", "made", "came", "led", "won", "helped",
})
# Impressions and expectations no one is named for ("X seemed beside the point", "Many are
# expected to ..."): the whole sentence is the content, with no speaker.
QUOTE_RAISING = frozenset({
    "seem", "seems", "seemed", "appear", "appears", "appeared", "is expected", "are expected",
    "was expected", "were expected", "is not expected", "are not expected", "is likely",
    "are likely", "reportedly",
})
# Verbs that take an object before their content ("told reporters that ...").
QUOTE_OBJECT_VERBS = frozenset({
    "told", "tells", "tell", "telling", "asked", "asks", "warned", "warns", "warning",
    "assured", "reminded", "informed", "urged", "told reporters", "wrote", "writes",
    "said", "says", "say", "added", "adds", "noted", "explained", "argued", "insisted",
})
# Words that make a speaker phrase an organisation, a place's institution or a publication,
# never a person ("The Israeli regime", "his official website"): read by stemma/quotes/.
QUOTE_NOT_PERSON = {
    **dict.fromkeys((
        "regime", "government", "ministry", "army", "military", "movement", "council",
        "office", "party", "organization", "organisation", "committee", "police", "forces",
        "court", "parliament", "administration", "embassy", "company", "union", "coalition",
        "authority", "authorities", "department", "cabinet", "group", "republic", "state",
    ), "organisation"),
    **dict.fromkeys((
        "website", "site", "agency", "news", "newspaper", "television", "tv", "radio",
        "channel", "report", "media", "outlet", "statement", "magazine", "broadcaster",
    ), "publication"),
}
# Honorifics and titles dropped from a name before it is compared.
QUOTE_TITLES = frozenset({
    "ayatollah", "grand", "seyed", "seyyed", "sayyid", "sayyed", "syed", "sayed", "imam",
    "hojatoleslam", "sheikh", "shaykh", "mr", "mrs", "ms", "dr", "prof", "president", "sen",
    "senator", "rep", "representative", "gov", "governor", "gen", "general", "minister",
    "prime", "foreign", "secretary", "chairman", "chief", "leader", "the", "his", "her",
    "excellency", "eminence", "hon", "honorable", "sir", "lord", "king", "queen", "prince",
    "brother", "mister", "former", "vice", "supreme", "spokesman", "spokeswoman", "hamas",
})
# Role titles that name one person where this project's stories are set (data, not code):
# phrase (lowercase, without a leading "the") -> (person id, display name).
QUOTE_ROLES = {
    "leader of the islamic revolution": ("ali-khamenei", "Ali Khamenei"),
    "supreme leader of the islamic revolution": ("ali-khamenei", "Ali Khamenei"),
    "leader of the islamic republic": ("ali-khamenei", "Ali Khamenei"),
    "supreme leader": ("ali-khamenei", "Ali Khamenei"),
    "iran's supreme leader": ("ali-khamenei", "Ali Khamenei"),
    "leader": ("ali-khamenei", "Ali Khamenei"),
    "imam khamenei": ("ali-khamenei", "Ali Khamenei"),
}
# A letter: how its full text is introduced, how it opens, and how it closes before the
# signature (a signed letter is a statement by its signer).
QUOTE_LETTER_INTROS = ("is as follows", "reads as follows", "full text of the letter")
QUOTE_LETTER_OPENINGS = ("in the name of god", "dear ", "bismillah")
QUOTE_LETTER_CLOSINGS = (
    "peace and god", "sincerely", "yours", "regards", "peace be upon you",
)
# fmt: on
