"""第十一条 procurement, contracts and the genuine-software register of a project, and Finance's payments of
第四条. Amounts are Decimal 万元 with two decimals; the database holds what it can (amounts above zero, a
reason where the rule asks one)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from egovpm.construction.models import EstimateItemKind
from egovpm.core.validators import validate_visible_text
from egovpm.documents.models import Document
from egovpm.projects.models import MONEY

from . import domain
from .workflow import CONTRACT


class Procurement(models.Model):
    """第十一条 严格执行招标投标、政府采购: one procurement of a project's construction."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="procurements")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    subject = models.CharField("采购项目名称", max_length=200, validators=[validate_visible_text])
    method = models.CharField("采购方式", max_length=30, choices=domain.METHODS)
    non_government_reason = models.TextField("不适用政府采购的法定理由", blank=True, validators=[validate_visible_text])
    supplier = models.CharField("供应商", max_length=200, validators=[validate_visible_text])
    amount = models.DecimalField("采购金额（万元）", **MONEY)
    procured_on = models.DateField("采购日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["project", "procured_on", "id"]
        verbose_name = "采购"
        verbose_name_plural = "采购"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="procurement_amount_positive"),
            models.CheckConstraint(condition=~Q(supplier=""), name="procurement_names_its_supplier"),
            models.CheckConstraint(
                condition=~Q(method=domain.NON_GOVERNMENT) | ~Q(non_government_reason=""),
                name="non_government_procurement_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.subject}（{self.get_method_display()}）"


class ProcurementLine(models.Model):
    """第十一条 遵从优先采购本国货物、工程和服务的原则: what a procurement buys, with its origin."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="lines")
    name = models.CharField("货物、工程或服务", max_length=200, validators=[validate_visible_text])
    quantity = models.PositiveIntegerField("数量", default=1)
    origin = models.CharField("产地", max_length=10, choices=domain.ORIGINS, default="domestic")
    foreign_reason = models.TextField("采购进口产品的理由", blank=True, validators=[validate_visible_text])

    class Meta:
        ordering = ["procurement", "id"]
        verbose_name = "采购标的"
        verbose_name_plural = "采购标的"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="procurement_line_quantity_positive"),
            models.CheckConstraint(
                condition=~Q(origin=domain.IMPORTED) | ~Q(foreign_reason=""), name="imported_line_has_reason"
            ),
        ]

    def __str__(self):
        return self.name


class SoftwareLicence(models.Model):
    """第十一条 项目建设必须使用正版软件: the licence register of a project, each with its evidence."""

    class LicenceType(models.TextChoices):
        PERPETUAL = "perpetual", "永久授权"
        SUBSCRIPTION = "subscription", "订阅授权"
        OEM = "oem", "随机预装（OEM）"
        OPEN_SOURCE = "open_source", "开源许可"
        OTHER = "other", "其他"

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="software_licences")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    product = models.CharField("软件产品", max_length=200, validators=[validate_visible_text])
    licence_type = models.CharField("授权类型", max_length=20, choices=LicenceType.choices)
    licence_number = models.CharField("授权编号", max_length=100, validators=[validate_visible_text])
    quantity = models.PositiveIntegerField("授权数量")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    documents = GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name="software_licence"
    )

    class Meta:
        ordering = ["project", "product", "id"]
        verbose_name = "正版软件登记"
        verbose_name_plural = "正版软件登记"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="licence_quantity_positive"),
            models.CheckConstraint(condition=~Q(product="") & ~Q(licence_number=""), name="licence_is_named"),
        ]

    def __str__(self):
        return f"{self.product}（{self.licence_number}）"


class Contract(models.Model):
    """第十一条 合同管理: a contract under a procurement, its amount split by the estimate's item kinds
    (ContractPart); Finance pays against it (Payment)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="contracts")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField("合同编号", max_length=60, validators=[validate_visible_text])
    name = models.CharField("合同名称", max_length=200, validators=[validate_visible_text])
    supplier = models.CharField("合同相对方", max_length=200, validators=[validate_visible_text])
    signed_on = models.DateField("签订日期")
    amount = models.DecimalField("合同金额（万元）", **MONEY)
    stage = models.CharField("状态", max_length=20, choices=CONTRACT.choices(), default=CONTRACT.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    documents = GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name="contract"
    )

    workflow = CONTRACT

    class Meta:
        ordering = ["project", "signed_on", "id"]
        verbose_name = "建设合同"
        verbose_name_plural = "建设合同"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_amount_positive"),
            models.UniqueConstraint(
                fields=["project", "number"],
                name="contract_number_once_per_project",
                violation_error_message="该项目已登记过此合同编号。",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class ContractPart(models.Model):
    """The share of a contract's amount in one item kind of the approved estimate (第十四条)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="parts")
    kind = models.CharField("概算类别", max_length=20, choices=EstimateItemKind.choices)
    amount = models.DecimalField("金额（万元）", **MONEY)

    class Meta:
        ordering = ["contract", "kind"]
        verbose_name = "合同金额构成"
        verbose_name_plural = "合同金额构成"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_part_amount_positive"),
            models.UniqueConstraint(fields=["contract", "kind"], name="contract_part_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Payment(models.Model):
    """第四条 市财政局负责电子政务项目财政性资金拨付: one payment against a contract, in one item kind of
    the contract, from one funding source, drawn on the funds arranged for the project in its year
    (第七条(五), 第九条(四)). Recorded by Finance, never changed."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payments")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="payments")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    kind = models.CharField("概算类别", max_length=20, choices=EstimateItemKind.choices)
    funding_source = models.CharField("资金来源", max_length=20, choices=domain.FUNDING_SOURCES)
    amount = models.DecimalField("拨付金额（万元）", **MONEY)
    paid_on = models.DateField("拨付日期")
    year = models.PositiveIntegerField("资金年度")
    voucher_number = models.CharField("拨付凭证号", max_length=60, blank=True, validators=[validate_visible_text])
    note = models.TextField("说明", blank=True, validators=[validate_visible_text])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = "资金拨付"
        verbose_name_plural = "资金拨付"
        indexes = [models.Index(fields=["project", "year"], name="payment_project_year")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(funding_source__in=[code for code, _ in domain.FUNDING_SOURCES]),
                name="payment_funding_source_known",
            ),
        ]

    def __str__(self):
        return f"{self.paid_on:%Y-%m-%d} {self.contract.number} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("payments are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("payments are append-only")
