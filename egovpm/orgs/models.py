from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from egovpm.core.sealed import SealedCharField
from egovpm.lifecycle.roles import ROLE_LABELS, Role


class UnitKind(models.TextChoices):
    OFFICE = "office", "市政务信息系统整合共享工作领导小组办公室"
    FINANCE = "finance", "市财政局"
    AUDIT = "audit", "市审计局"
    SECRECY = "secrecy", "市保密局"
    DEPARTMENT = "department", "镇（园区、街道）、部门及下属单位"
    # 第十三条: an information-engineering supervision firm, with accounts of its own.
    SUPERVISION_FIRM = "supervision_firm", "信息工程监理单位"
    # 第二十五条: a third-party assessor (第三方机构) that performs evaluations, with accounts of its own.
    ASSESSOR = "assessor", "第三方评估机构"


class Unit(models.Model):
    """A unit of 第四条. `parent` is its supervising department (主管部门), if any."""

    name = models.CharField("单位名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.CharField("单位代码", max_length=30, unique=True)
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="主管部门",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        constraints = [models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="unit_not_own_parent")]

    def __str__(self):
        return self.name

    def descendant_ids(self) -> set[int]:
        """Own id plus every subordinate unit's id (the tree is shallow; one query per level)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            frontier = [i for i in frontier if i not in ids]
            ids.update(frontier)
        return ids


class User(AbstractUser):
    """A person. Experts belong to no unit."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="所属单位"
    )
    phone = SealedCharField("联系电话", max_length=30, blank=True)  # sealed at rest (core.sealed)
    title = models.CharField("职务/职称", max_length=60, blank=True)
    expertise = models.CharField("专业领域", max_length=200, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def roles(self) -> frozenset[Role]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            if not self.pk:
                return frozenset()
            cached = frozenset(Role(r) for r in self.role_grants.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[r] for r in sorted(self.roles)]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name="用户")
    role = models.CharField("角色", max_length=30, choices=[(r.value, label) for r, label in ROLE_LABELS.items()])

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_grant")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"
