from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "egovpm.documents"
    verbose_name = "文件"
