"""The starting lists of majors and industries; advisors edit them later."""

from django.db import migrations
from django.utils.text import slugify

MAJORS = [
    "Accounting",
    "Anthropology",
    "Architecture",
    "Art and Design",
    "Biochemistry",
    "Biology",
    "Business Administration",
    "Chemical Engineering",
    "Chemistry",
    "Civil Engineering",
    "Communication",
    "Computer Science",
    "Data Science",
    "Economics",
    "Education",
    "Electrical Engineering",
    "English",
    "Environmental Science",
    "Finance",
    "History",
    "International Relations",
    "Journalism",
    "Marketing",
    "Mathematics",
    "Mechanical Engineering",
    "Music",
    "Nursing",
    "Philosophy",
    "Physics",
    "Political Science",
    "Psychology",
    "Public Health",
    "Sociology",
    "Statistics",
    "Undeclared",
]

INDUSTRIES = [
    "Accounting and Auditing",
    "Advertising and Marketing",
    "Architecture and Construction",
    "Arts and Entertainment",
    "Banking and Financial Services",
    "Biotechnology and Pharmaceuticals",
    "Consulting",
    "Consumer Goods and Retail",
    "Education",
    "Energy and Utilities",
    "Engineering and Manufacturing",
    "Environment and Sustainability",
    "Government and Public Policy",
    "Healthcare",
    "Hospitality and Tourism",
    "Insurance",
    "Journalism and Media",
    "Law",
    "Nonprofit and Social Impact",
    "Real Estate",
    "Research and Academia",
    "Technology",
    "Telecommunications",
    "Transportation and Logistics",
]


def seed(apps, schema_editor):
    for model_name, names in (("Major", MAJORS), ("Industry", INDUSTRIES)):
        model = apps.get_model("interviews", model_name)
        for name in names:
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("interviews", "0002_program_settings_row")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
