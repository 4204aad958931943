"""第六条's guards of a declaration (egovpm.lifecycle.engine): their values come from
egovpm.coordination.workflow; the refusal is what the user reads when one fails."""

from egovpm.lifecycle.engine import Guard

GUARDS = (
    Guard(
        "infrastructure_flagged",
        "该项目未涉及云计算、云存储等基础性系统，或办公室已作出统筹决定（第六条）。",
        hides=True,
    ),
    Guard(
        "infrastructure_settled",
        "该项目涉及基础性系统建设，须先由办公室决定纳入统筹或同意单独立项（第六条）。",
    ),
)
