"""The rule toolkit: what every rule family uses and no family owns.

- ``rows``: the run's cache (``shared``), kinds, languages, act times, reason verbs;
- ``cues``: the one cue-list format and loader (``data/signals``) and its span matchers;
- ``bias`` (with ``obfuscation``): slurs and dehumanizing comparisons, spelled around or not;
- ``spans``: span frames and the evidence and quoted words findings take from them;
- ``case_index``: the case-mention index (names, short names, hashtags, case nouns, typos)
  and the contacts with party organisations by short name;
- ``case_refs``: references to the subject's listed cases and their window status;
- ``modifiers``: the rules.md 1.3 modifiers (M-TITLED, M-OFFICIAL, M-WEAK-ACT, M-PRE-OFFICE,
  M-REPEAT);
- ``scores``: classifier scores and their explanation;
- ``drafts``: draft findings, their severity and reason;
- ``remediation``: the shared remediation paragraphs.

A rule family imports from here (``from presence_audit.rules import toolkit as kit``) and
never from another family.
"""

from presence_audit.rules.toolkit.bias import BiasSignals, bias_rows, bias_signals
from presence_audit.rules.toolkit.case_index import (
    contact_matches,
    is_sovereign,
    mention_evidence,
    mention_index,
    sovereign_entities,
)
from presence_audit.rules.toolkit.case_refs import (
    case_evidence,
    case_pairs,
    case_windows,
    sensitive,
    when,
)
from presence_audit.rules.toolkit.casemodel import model_agrees, model_words, names_the_accused
from presence_audit.rules.toolkit.condemn import condemnation_cues, near
from presence_audit.rules.toolkit.cues import (
    CueListError,
    cue_file,
    cue_list,
    cue_lists,
    cue_rows,
    cue_spans,
    lexicon_spans,
    regex_spans,
)
from presence_audit.rules.toolkit.defendants import accused_pairs, defendant_evidence
from presence_audit.rules.toolkit.drafts import adjusted, draft, frame_of
from presence_audit.rules.toolkit.modifiers import (
    DROP,
    STRONG,
    WEAK,
    context_modifiers,
    counterpart_key,
    item_ids,
    official_rows,
    pre_office,
    repeat_flags,
    repeat_groups,
    titled,
    titled_platforms,
    weak_act,
)
from presence_audit.rules.toolkit.permitted import (
    permitted_basis,
    permitted_clause,
    witness_appeal_rows,
)
from presence_audit.rules.toolkit.remediation import PRESERVE, with_preserve
from presence_audit.rules.toolkit.rows import (
    act_time,
    kind_rows,
    languages,
    languages_at,
    rows_of,
    shared,
    text_values,
    verb,
)
from presence_audit.rules.toolkit.scores import (
    TEXT_KINDS,
    classifier_scores,
    explanation,
    prepared_text,
    top_words,
)
from presence_audit.rules.toolkit.spans import (
    SPAN_COLUMNS,
    case_span,
    evidence,
    evidence_of,
    span_frame,
    words,
)

__all__ = [
    "DROP",
    "PRESERVE",
    "SPAN_COLUMNS",
    "STRONG",
    "TEXT_KINDS",
    "WEAK",
    "BiasSignals",
    "CueListError",
    "accused_pairs",
    "act_time",
    "adjusted",
    "bias_rows",
    "bias_signals",
    "case_evidence",
    "case_pairs",
    "case_span",
    "case_windows",
    "classifier_scores",
    "condemnation_cues",
    "contact_matches",
    "context_modifiers",
    "counterpart_key",
    "cue_file",
    "cue_list",
    "cue_lists",
    "cue_rows",
    "cue_spans",
    "defendant_evidence",
    "draft",
    "evidence",
    "evidence_of",
    "explanation",
    "frame_of",
    "is_sovereign",
    "item_ids",
    "kind_rows",
    "languages",
    "languages_at",
    "lexicon_spans",
    "mention_evidence",
    "mention_index",
    "model_agrees",
    "model_words",
    "names_the_accused",
    "near",
    "official_rows",
    "permitted_basis",
    "permitted_clause",
    "pre_office",
    "prepared_text",
    "regex_spans",
    "repeat_flags",
    "repeat_groups",
    "rows_of",
    "sensitive",
    "shared",
    "sovereign_entities",
    "span_frame",
    "text_values",
    "titled",
    "titled_platforms",
    "top_words",
    "verb",
    "weak_act",
    "when",
    "with_preserve",
    "witness_appeal_rows",
    "words",
]
