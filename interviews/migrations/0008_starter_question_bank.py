"""A starter question bank written for CareerConnect; advisors edit it afterwards.

Five questions for each category, the way career centers teach informational
interviews: open questions about the person's own experience, never a request
for a job. Reversing removes the starter questions nobody has edited.
"""

from django.db import migrations

STARTER_QUESTIONS = {
    "career_path": [
        "How did you get from your studies to the role you have now?",
        "What were the turning points in your career, and what would you do differently?",
        "Which experiences (jobs, internships, projects, volunteering) prepared you best "
        "for this work?",
        "What did you expect this career to be like, and how does it compare now that you "
        "are in it?",
        "Where do people in your role usually go next?",
    ],
    "day_to_day": [
        "What does a typical day or week look like for you?",
        "Which parts of your work do you enjoy most, and which are the hardest?",
        "Who do you work with most closely, and how do you work together?",
        "Which skills do you use every day that you did not learn in school?",
        "How do you know you did your job well: how is your work measured?",
    ],
    "industry": [
        "How is your industry changing, and what is driving the change?",
        "Which challenges or opportunities will matter most in your field over the next "
        "five years?",
        "Which organizations or people shape your field, and whom do you follow to keep up?",
        "What do people outside your industry commonly get wrong about it?",
        "Which professional associations, publications or events would you recommend?",
    ],
    "organization": [
        "How would you describe the culture of your organization?",
        "What do the people who do well in your organization have in common?",
        "How are decisions made, and how do new people learn the ropes?",
        "How does your organization support learning and growth?",
        "How do work and the rest of life fit together in your job?",
    ],
    "advice": [
        "If you were a student today, what would you do to prepare for this field?",
        "What do you wish you had known when you started?",
        "Which courses, skills or certifications would help me most later on?",
        "How could I get relevant experience while I am still studying?",
        "From what I have told you about myself, which strengths should I build on, and "
        "what should I work on?",
    ],
    "next_steps": [
        "Who else would you suggest I talk to, and may I mention your name?",
        "What should I read or follow to learn more about this work?",
        "Are there events, groups or communities where I could meet people in this field?",
        "May I keep in touch, and how would you like me to do so?",
        "Is there anything I should have asked you but did not?",
    ],
}


def load(apps, schema_editor):
    BankQuestion = apps.get_model("interviews", "BankQuestion")
    for category, texts in STARTER_QUESTIONS.items():
        for text in texts:
            BankQuestion.objects.get_or_create(text=text, defaults={"category": category})


def unload(apps, schema_editor):
    BankQuestion = apps.get_model("interviews", "BankQuestion")
    for category, texts in STARTER_QUESTIONS.items():
        BankQuestion.objects.filter(
            category=category, text__in=texts, created_by__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("interviews", "0007_followup")]

    operations = [migrations.RunPython(load, unload)]
