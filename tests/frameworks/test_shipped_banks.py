"""The question banks we ship: loadable, complete, and faithful to the treaty."""

import pytest

from frameworks.models import Framework, Question

# Every paragraph of articles 2-16 that places a "shall" on a state party.
SHALL_PARAGRAPHS = {
    "2(1)",
    "3",
    "4",
    "5(1)",
    "5(2)",
    "5(3)",
    "5(4)",
    "5(5)",
    "5(6)",
    "6(1)",
    "6(2)",
    "6(3)",
    "7(1)",
    "7(2)",
    "7(3)",
    "7(4)",
    "7(5)",
    "7(6)",
    "8(1)",
    "8(2)",
    "9",
    "10",
    "11(1)",
    "11(2)",
    "11(3)",
    "11(4)",
    "12(1)",
    "12(4)",
    "13(1)",
    "13(3)",
    "14",
    "15(1)",
    "15(5)",
    "16(1)",
}


@pytest.fixture
def shipped(shipped_banks, db):
    return Framework.objects.all()


def test_both_tracks_ship_a_published_bank(shipped):
    assert set(shipped.values_list("track", flat=True)) == {"compliance", "universalization"}
    assert all(framework.is_published for framework in shipped)


def test_bank_sizes(shipped):
    assert Question.objects.filter(framework__track="compliance").count() >= 90
    assert Question.objects.filter(framework__track="universalization").count() >= 40


def test_every_shall_paragraph_has_a_question_naming_it(shipped):
    named = {
        ref
        for articles in Question.objects.filter(framework__track="compliance").values_list("articles", flat=True)
        for ref in articles
    }
    assert SHALL_PARAGRAPHS - named == set()


def test_every_question_has_guidance_a_valid_scale_french_and_spanish(shipped):
    for question in Question.objects.select_related("guidance", "scale").prefetch_related("scale__options"):
        assert len(question.guidance.body.split()) >= 40, question.code
        values = {option.value for option in question.scale.options.all()}
        assert {"unknown", "not_applicable"} <= values, question.code
        for language in ("fr", "es"):
            assert question.translations.get(language, {}).get("text"), (question.code, language)
            for option in question.scale.options.all():
                assert option.translations.get(language, {}).get("label"), (question.scale.code, option.value)


def test_binding_and_qualified_questions_have_action_templates(shipped):
    needing = Question.objects.filter(obligation__in=["binding", "qualified"])
    assert needing.exists()
    assert not needing.filter(actions__isnull=True).exists()


def test_obstacle_questions_have_action_templates(shipped):
    obstacles = Question.objects.filter(framework__track="universalization", scale__code="obstacle")
    assert obstacles.exists()
    assert not obstacles.filter(actions__isnull=True).exists()


def test_titles_are_translated_to_french_and_spanish(shipped):
    for framework in shipped:
        for language in ("fr", "es"):
            assert framework.translations.get(language, {}).get("title"), (framework.slug, language)
            for section in framework.sections.all():
                assert section.translations.get(language, {}).get("title"), (section.code, language)
            for action in framework.action_templates.all():
                assert action.translations.get(language, {}).get("title"), (action.code, language)
