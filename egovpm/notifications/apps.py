from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "egovpm.notifications"
    label = "notifications"
    verbose_name = "通知与提醒"

    def ready(self):
        from egovpm.projects.hooks import STEP_TAKEN, register_hook

        from .services import notify_step

        # Every step the one engine takes tells the parties it concerns (projects.engine.take / perform).
        register_hook(STEP_TAKEN, notify_step)
