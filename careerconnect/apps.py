from django.apps import AppConfig


class CareerConnectConfig(AppConfig):
    name = "careerconnect"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"
