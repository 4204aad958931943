"""manage.py send_reminders — run daily (cron or a systemd timer, README): remind each party of the deadlines
within the policy's days and of those that lapse today; in-app, and by e-mail and SMS as each chose."""

from django.core.management.base import BaseCommand

from egovpm.cockpit.reminders import reminders_run
from egovpm.core import clock


class Command(BaseCommand):
    help = "发送期限提醒（每日运行；同一提醒不会重复发送）。"

    def handle(self, *args, **options):
        run = reminders_run()
        self.stdout.write(
            f"{clock.today():%Y-%m-%d}：检查 {run.users} 名用户，向 {run.reminded} 名用户发送 {run.reminders} 条提醒。"
        )
