from datetime import datetime

from ninja import Field, Schema

from .base import PageParams


class NotificationFilters(PageParams):
    unread: bool = Field(False, description="只列未读 / Unread only")


class NotificationOut(Schema):
    id: int = Field(description="通知 ID / Notification id")
    kind: str = Field(description="类别：decision 办理结果、task 待办提醒、reminder 期限提醒、urge 催办 / Kind")
    kind_label: str = Field(description="类别名称 / Kind label")
    title: str = Field(description="标题 / Title")
    body: str = Field(description="内容 / Text")
    url: str = Field(description="相关页面 / Page it is about")
    project_id: int | None = Field(description="项目 ID / Project id")
    plan_year: int | None = Field(description="计划年度 / Plan year")
    created_at: datetime = Field(description="时间 / When")
    read_at: datetime | None = Field(description="已读时间 / Read at")


class NotificationPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    unread: int = Field(description="未读条数 / Unread")
    items: list[NotificationOut] = Field(description="本页各条 / Rows of this page")


class ReadAllOut(Schema):
    read: int = Field(description="本次标为已读的条数 / Marked read now")
