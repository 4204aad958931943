from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "egovpm.audit"
    verbose_name = "审计日志"
