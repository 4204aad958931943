from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class NumberCounter(models.Model):
    """The last document number given to a kind of official document in a calendar year. Its row is locked
    (select_for_update) by whoever numbers the next document, inside the issuing transaction: no gap, no
    duplicate, however many clerks issue at once."""

    kind = models.CharField("公文种类", max_length=40)
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "公文编号计数"
        verbose_name_plural = "公文编号计数"
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="unique_number_counter")]

    def __str__(self):
        return f"{self.kind} {self.year}：{self.last}"


def _pdf_upload_to(instance, filename):
    return f"official/{instance.year}/{instance.kind}/{filename}"


class IssuedDocument(models.Model):
    """An official document (公文) the platform issued: its number, what it is about (its owner: a written
    opinion, a declaration, a transmission, an order, a report) and, once printed, its PDF with the SHA-256 that
    the audit chain holds and the verification page checks. A document issued again for the same owner
    supersedes the earlier one, which stays."""

    class Status(models.TextChoices):
        ISSUED = "issued", "有效"
        SUPERSEDED = "superseded", "已被替代"

    kind = models.CharField("公文种类", max_length=40)
    number = models.CharField("文号", max_length=60, unique=True)
    year = models.PositiveIntegerField("年度")
    seq = models.PositiveIntegerField("年度序号")
    title = models.CharField("标题", max_length=300)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField("所属记录 ID")
    owner = GenericForeignKey("owner_type", "owner_id")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="official_documents"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("印发时间")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ISSUED)
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pdf = models.FileField("PDF", upload_to=_pdf_upload_to, max_length=300, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", null=True, blank=True)
    stored_at = models.DateTimeField("PDF 存档时间", null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = "公文"
        verbose_name_plural = "公文"
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "seq"], name="unique_official_seq"),
            models.CheckConstraint(
                condition=Q(status="issued") | Q(superseded_by__isnull=False), name="superseded_names_successor"
            ),
            models.CheckConstraint(condition=Q(sha256="") | Q(stored_at__isnull=False), name="hash_when_stored"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED
