"""The program's rules, as advisors set them."""

from ..models import ProgramSettings


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
