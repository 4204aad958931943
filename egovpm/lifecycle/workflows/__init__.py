"""Every workflow of the table, one module each; importing the package registers them all
(egovpm.lifecycle.table.WORKFLOWS) in the order the help page, the docs and the API list them."""

from egovpm.lifecycle.table import register_workflow

from .declaration import DECLARATION
from .filing import FILING
from .special import SPECIAL

for _workflow in (DECLARATION, SPECIAL, FILING):
    register_workflow(_workflow)

__all__ = ["DECLARATION", "FILING", "SPECIAL"]
