from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Informational interviews"
    default_auto_field = "django.db.models.BigAutoField"
