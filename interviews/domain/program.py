"""The program's rules, as advisors set them."""

from datetime import date

from ..models import ProgramSettings, Term


def get_program_settings() -> ProgramSettings:
    # The row is created by a migration; get_or_create covers a database that
    # was emptied by hand (tests flush tables, an operator may too).
    settings, _ = ProgramSettings.objects.get_or_create(pk=ProgramSettings.SINGLETON_PK)
    return settings


def student_email_domain_allowed(email: str, *, program: ProgramSettings | None = None) -> bool:
    program = program or get_program_settings()
    domains = program.student_email_domains
    if not domains:
        return True
    domain = email.rsplit("@", 1)[-1].lower()
    # A campus domain admits its subdomains too (cs.example.edu).
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in domains)


# --- Terms (program rules: the dashboards' "this term") ------------------------


def current_term(today: date) -> Term | None:
    """The term containing `today`, else the most recent one that started, else None.

    Terms never overlap (interviews.domain.program_rules refuses it), so the
    latest term that started on or before today is the one containing today
    when there is one: a single query either way.
    """
    return Term.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
