"""The gentle warning when a request reads like a job application."""

import pytest

from interviews.domain.wording import job_application_phrases


@pytest.mark.parametrize(
    ("texts", "phrases"),
    [
        (
            ["I am looking for a job and would love to send you my resume."],
            ["looking for a job", "my resume"],
        ),
        (
            ["Are You Hiring? I would like to APPLY FOR the role."],
            ["Are You Hiring", "APPLY FOR"],
        ),
        (
            ["Are there open positions or internship openings, any vacancies?"],
            ["open positions", "internship openings", "vacancies"],
        ),
        (["Could you get me an interview, or hire me?"], ["get me an interview", "hire me"]),
        (["Please consider hiring me, I attached my CV."], ["hiring me", "my CV"]),
    ],
)
def test_phrases_are_returned_as_written_in_order(texts, phrases):
    assert job_application_phrases(*texts) == phrases


def test_matching_ignores_case_and_returns_each_phrase_once():
    assert job_application_phrases("Any openings? any openings at all? ANY OPENINGS?") == [
        "Any openings"
    ]


def test_phrases_from_several_texts_are_combined_without_duplicates():
    assert job_application_phrases(
        "Could you refer me?",
        "Could you REFER ME to someone?",
        "Is there a job referral programme?",
    ) == ["refer me", "a job referral"]


@pytest.mark.parametrize(
    "text",
    [
        "I would love to hear about your job and your career path.",
        "What does a typical day at your employer look like?",
        "I did an internship last summer and want to learn about the industry.",
        "Which skills from graduate school do you use in your work?",
        "",
    ],
)
def test_informational_questions_raise_no_warning(text):
    assert job_application_phrases(text) == []


def test_no_texts_and_empty_texts_raise_no_warning():
    assert job_application_phrases() == []
    assert job_application_phrases("", "") == []
